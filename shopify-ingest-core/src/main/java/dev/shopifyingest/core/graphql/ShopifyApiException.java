package dev.shopifyingest.core.graphql;

import dev.shopifyingest.core.ShopifyException;

/**
 * A call to the Admin API failed for good: retries, if the failure allowed any, are exhausted.
 * Subtypes say what a caller can do about it.
 */
public class ShopifyApiException extends ShopifyException {

    private static final long serialVersionUID = 1L;

    /** A failure described for humans; the message must not contain secrets. */
    public ShopifyApiException(String message) {
        super(message);
    }

    /** A failure with the underlying cause. */
    public ShopifyApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
