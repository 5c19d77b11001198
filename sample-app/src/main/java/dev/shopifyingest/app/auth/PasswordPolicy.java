package dev.shopifyingest.app.auth;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * What a new password must be, following NIST SP 800-63B: long enough, not absurdly long, not a
 * single repeated character, not the account's email. No composition rules (they make passwords
 * weaker in practice). Passwords are compared and hashed in Unicode NFKC, so the same password
 * typed on two keyboards matches.
 */
final class PasswordPolicy {

    /** The shortest accepted password, in characters (code points). */
    static final int MIN_LENGTH = 12;
    /** The longest accepted password, in UTF-8 bytes: bounds the hashing work an attacker can ask for. */
    static final int MAX_BYTES = 1024;

    private PasswordPolicy() {
    }

    /**
     * The password as it is hashed: NFKC-normalised.
     *
     * @param password as typed
     * @return the normalised password
     */
    static String normalise(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /** Whether a password is within {@link #MAX_BYTES}; longer ones are refused before any hashing. */
    static boolean withinMaxLength(String password) {
        // A char is at most 3 UTF-8 bytes: skip the encoding for the common short case.
        return password.length() * 3 <= MAX_BYTES || password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /**
     * Checks a new password.
     *
     * @param password the password as typed
     * @param email    the account's email
     * @return what is wrong with it, as a message for the user; empty when it is acceptable
     */
    static Optional<String> problem(String password, EmailAddress email) {
        if (!withinMaxLength(password)) {
            return Optional.of("Use a password of at most " + MAX_BYTES + " bytes.");
        }
        String normalised = normalise(password);
        int length = normalised.codePointCount(0, normalised.length());
        if (length < MIN_LENGTH) {
            return Optional.of("Use a password of at least " + MIN_LENGTH + " characters.");
        }
        if (normalised.codePoints().distinct().count() == 1) {
            return Optional.of("Use a password that is not one character repeated.");
        }
        String folded = normalised.strip().toLowerCase(Locale.ROOT);
        if (folded.equals(email.value()) || folded.equals(email.localPart())) {
            return Optional.of("Use a password that is not your email address.");
        }
        return Optional.empty();
    }
}
