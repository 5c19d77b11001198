package dev.shopifyingest.jdbc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts shop tokens at rest with AES-256-GCM, using keys the embedder supplies.
 *
 * <p>Each ciphertext records the id of the key that made it, so keys can rotate: build the
 * cipher with the new key as {@linkplain Builder#currentKey current} and the old ones as
 * {@linkplain Builder#olderKey older}; new tokens use the current key, stored ones still
 * decrypt, and {@link ShopRegistry#reencryptTokens()} rewrites them with the current key so the
 * old one can be retired.
 *
 * <p>A ciphertext is bound to its shop and to whether it is the access or the refresh token
 * (GCM associated data): copied to another shop's row or column it no longer decrypts.
 *
 * <p>Stored layout: version byte {@code 1}, key-id length, key id (ASCII), 12-byte random nonce,
 * ciphertext with its 16-byte tag. {@link #toString()} names the key ids, never key material.
 */
public final class TokenCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final String currentKeyId;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random;

    private TokenCipher(Builder builder) {
        this.currentKeyId = builder.currentKeyId;
        this.keys = Map.copyOf(builder.keys);
        this.random = builder.random;
    }

    /**
     * Starts configuring a cipher.
     *
     * @return a builder without keys
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The id of the key new ciphertexts are made with.
     *
     * @return the current key id
     */
    public String currentKeyId() {
        return currentKeyId;
    }

    /**
     * Encrypts {@code plaintext} with the current key.
     *
     * @param plaintext the secret
     * @param context what the secret belongs to (shop and field); needed again to decrypt
     * @return the stored form
     */
    byte[] encrypt(String plaintext, String context) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] keyId = currentKeyId.getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(keyId, context));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(2 + keyId.length + NONCE_BYTES + sealed.length)
                    .put(VERSION).put((byte) keyId.length).put(keyId).put(nonce).put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new TokenKeyException("Encrypting a token with key " + currentKeyId + " failed;"
                    + " check that the JVM supports AES/GCM with 256-bit keys.", e);
        }
    }

    /**
     * Decrypts what {@link #encrypt} made, with whichever configured key made it.
     *
     * @param stored the stored form
     * @param context the same context as when encrypting
     * @return the secret
     * @throws TokenKeyException if the key is not configured or the ciphertext does not authenticate
     */
    String decrypt(byte[] stored, String context) {
        String keyId = keyIdOf(stored);
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new TokenKeyException("A stored token was encrypted with key '" + keyId + "', which this"
                    + " TokenCipher does not hold (it has " + keys.keySet().stream().sorted().toList() + ")."
                    + " Add it with TokenCipher.builder().olderKey(\"" + keyId + "\", key).");
        }
        int offset = 2 + keyId.length();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, offset, NONCE_BYTES));
            cipher.updateAAD(associatedData(keyId.getBytes(StandardCharsets.US_ASCII), context));
            byte[] plain = cipher.doFinal(stored, offset + NONCE_BYTES, stored.length - offset - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new TokenKeyException("A stored token does not authenticate with key '" + keyId + "': it was"
                    + " altered, copied from another shop, or the key's bytes are not the ones it was made with.", e);
        }
    }

    /**
     * The id of the key a stored token was encrypted with.
     *
     * @param stored the stored form
     * @return the key id
     * @throws TokenKeyException if the bytes are not a token this cipher made
     */
    static String keyIdOf(byte[] stored) {
        if (stored == null || stored.length < 2 + 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION
                || stored.length < 2 + (stored[1] & 0xff) + NONCE_BYTES + TAG_BITS / 8) {
            throw new TokenKeyException("A stored token is not in TokenCipher's format (version " + VERSION + ").");
        }
        return new String(stored, 2, stored[1] & 0xff, StandardCharsets.US_ASCII);
    }

    private static byte[] associatedData(byte[] keyId, String context) {
        byte[] ctx = ("shopify-ingest token|" + context + "|").getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(ctx, ctx.length + keyId.length);
        System.arraycopy(keyId, 0, out, ctx.length, keyId.length);
        return out;
    }

    /**
     * Names the current and older key ids; never key material.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "TokenCipher[currentKeyId=" + currentKeyId + ", keyIds="
                + keys.keySet().stream().sorted().toList() + "]";
    }

    /** Configures a {@link TokenCipher}. */
    public static final class Builder {
        private String currentKeyId;
        private final Map<String, SecretKey> keys = new LinkedHashMap<>();
        private SecureRandom random = new SecureRandom();

        private Builder() {
        }

        /**
         * The key new tokens are encrypted with.
         *
         * @param keyId a short id stored with each ciphertext, for example {@code 2026-01}
         *     (letters, digits, {@code . _ : -}; at most 64)
         * @param key 32 bytes (AES-256); copied
         * @return this builder
         */
        public Builder currentKey(String keyId, byte[] key) {
            put(keyId, key);
            this.currentKeyId = keyId;
            return this;
        }

        /**
         * A key that made tokens still stored, kept so they decrypt until re-encrypted.
         *
         * @param keyId the id it was used under
         * @param key its 32 bytes; copied
         * @return this builder
         */
        public Builder olderKey(String keyId, byte[] key) {
            put(keyId, key);
            return this;
        }

        /**
         * The randomness for nonces; tests may pass a seeded one, production keeps the default.
         *
         * @param random a secure random
         * @return this builder
         */
        public Builder secureRandom(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Builds the cipher.
         *
         * @return the cipher
         * @throws IllegalStateException if no current key was given
         */
        public TokenCipher build() {
            if (currentKeyId == null) {
                throw new IllegalStateException("A TokenCipher needs a currentKey(id, 32 bytes)");
            }
            return new TokenCipher(this);
        }

        private void put(String keyId, byte[] key) {
            if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
                throw new IllegalArgumentException("A key id is 1 to 64 letters, digits or . _ : - characters");
            }
            if (key == null || key.length != KEY_BYTES) {
                throw new IllegalArgumentException("Key '" + keyId + "' must be " + KEY_BYTES
                        + " bytes for AES-256, but has " + (key == null ? "none" : key.length));
            }
            if (keys.containsKey(keyId) && !keyId.equals(currentKeyId)) {
                throw new IllegalArgumentException("Key id '" + keyId + "' is given twice");
            }
            keys.put(keyId, new SecretKeySpec(key.clone(), "AES"));
        }
    }
}
