package dev.shopifyingest.core.graphql;

/**
 * Shopify kept failing on its side (HTTP 5xx, {@code INTERNAL_SERVER_ERROR}, or the connection
 * broke) after every allowed retry. Worth trying again later.
 */
public final class ShopifyServerException extends ShopifyApiException {

    private static final long serialVersionUID = 1L;

    /** A server-side failure described for humans. */
    public ShopifyServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
