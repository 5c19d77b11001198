package dev.shopifyingest.core.graphql;

/**
 * Shopify kept failing on its side (HTTP 5xx, {@code INTERNAL_SERVER_ERROR}, or the connection
 * broke) after every allowed retry. Worth trying again later; quote {@link #requestId()} to
 * Shopify's support if it persists.
 */
public final class ShopifyServerException extends ShopifyApiException {

    private static final long serialVersionUID = 1L;
    private final String requestId;

    /** A server-side failure described for humans. */
    public ShopifyServerException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /** A server-side failure whose last response carried Shopify's request id {@code requestId} (or null). */
    public ShopifyServerException(String message, Throwable cause, String requestId) {
        super(message, cause);
        this.requestId = requestId;
    }

    /**
     * Shopify's id of the last failed request ({@code extensions.requestId} or the
     * {@code X-Request-Id} header), or null when the connection failed before any answer.
     */
    public String requestId() {
        return requestId;
    }
}
