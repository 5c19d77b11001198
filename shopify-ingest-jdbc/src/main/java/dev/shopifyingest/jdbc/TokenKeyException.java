package dev.shopifyingest.jdbc;

/**
 * A stored token cannot be decrypted: it was encrypted with a key the {@link TokenCipher} does
 * not hold (add it as an older key), or the ciphertext does not authenticate (it was altered or
 * copied from another shop). The message names the key id, never key material or the token.
 */
public final class TokenKeyException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and which key is involved
     */
    public TokenKeyException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong and which key is involved
     * @param cause the cryptographic failure
     */
    public TokenKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
