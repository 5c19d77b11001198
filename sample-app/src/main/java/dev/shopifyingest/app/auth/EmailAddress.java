package dev.shopifyingest.app.auth;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A normalised email address: trimmed, lower case, ASCII, at most 254 characters, with a
 * dot-separated domain of at least two labels. Lower-casing the local part is a deliberate
 * simplification: no mainstream provider treats {@code Ada@} and {@code ada@} as different
 * mailboxes, and one person must not end up with two accounts.
 *
 * @param value the normalised address
 */
record EmailAddress(String value) {

    /** RFC 5321's limit on a forward path, minus the angle brackets. */
    static final int MAX_LENGTH = 254;

    private static final int MAX_LOCAL_LENGTH = 64;
    private static final Pattern LOCAL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    EmailAddress {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Normalises and validates an address as typed.
     *
     * @param raw the address as typed
     * @return the address, or empty when it is not a valid address
     */
    static Optional<EmailAddress> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String email = raw.strip().toLowerCase(Locale.ROOT);
        if (email.isEmpty() || email.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1 || at > MAX_LOCAL_LENGTH) {
            return Optional.empty();
        }
        String local = email.substring(0, at);
        String domain = email.substring(at + 1);
        if (!LOCAL.matcher(local).matches() || !DOMAIN.matcher(domain).matches()) {
            return Optional.empty();
        }
        return Optional.of(new EmailAddress(email));
    }

    /** The part before the {@code @}. */
    String localPart() {
        return value.substring(0, value.lastIndexOf('@'));
    }

    @Override
    public String toString() {
        return value;
    }
}
