package dev.shopifyingest.testkit.postgres;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks, quotes and invents database names. */
final class DatabaseNames {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final int MAX_LENGTH = 63;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DatabaseNames() {}

    /**
     * Returns {@code name} in double quotes, after checking that it is a plain identifier.
     *
     * @throws IllegalArgumentException if it is not
     */
    static String quote(String name) {
        if (name == null || !PLAIN.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain database name: '" + name + "'. Use letters,"
                    + " digits and underscores, starting with a letter or underscore, at most 63"
                    + " characters.");
        }
        return '"' + name + '"';
    }

    /**
     * Invents a name no other JVM will choose: {@code prefix_<label>_<8 random hex digits>}, with
     * the label lower-cased, reduced to letters, digits and underscores, and shortened to fit
     * PostgreSQL's 63 characters.
     */
    static String unique(String prefix, String label) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        String suffix = "_" + HexFormat.of().formatHex(random);
        String cleaned = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        String head = cleaned.isEmpty() ? prefix : prefix + "_" + cleaned;
        if (head.length() + suffix.length() > MAX_LENGTH) {
            head = head.substring(0, MAX_LENGTH - suffix.length());
        }
        return head + suffix;
    }
}
