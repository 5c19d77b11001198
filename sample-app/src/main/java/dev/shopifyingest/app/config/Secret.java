package dev.shopifyingest.app.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret configuration value (a key, a password): it never shows itself in {@link #toString()},
 * so a secret that reaches a log line or an exception message prints as {@code [redacted]}.
 */
public final class Secret {

    private final byte[] value;

    private Secret(byte[] value) {
        this.value = value;
    }

    /**
     * Wraps raw bytes, for example a decoded key.
     *
     * @param bytes the secret; copied
     * @return the secret
     */
    public static Secret ofBytes(byte[] bytes) {
        return new Secret(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /**
     * Wraps text, kept as its UTF-8 bytes.
     *
     * @param text the secret
     * @return the secret
     */
    public static Secret ofText(String text) {
        return new Secret(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /** The secret's bytes (a copy). */
    public byte[] bytes() {
        return value.clone();
    }

    /** The secret as UTF-8 text. */
    public String text() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** The secret's length in bytes. */
    public int length() {
        return value.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && java.security.MessageDigest.isEqual(value, secret.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    /** Always {@code [redacted]}. */
    @Override
    public String toString() {
        return "[redacted]";
    }
}
