package dev.shopifyingest.core;

/**
 * Root of every exception this library throws on purpose.
 *
 * <p>Callers that only want to know "did talking to Shopify go wrong" catch this one type;
 * callers that can act on a specific failure catch a subtype ({@link InvalidShopDomainException},
 * the OAuth and webhook exceptions, and the API-client failures added alongside them). It is
 * unchecked because most of these failures can only be handled at the edge of an application
 * (an HTTP handler, a job runner), not at every call site.
 *
 * <p>Messages say what was wrong and what to do about it. They never contain secrets: no client
 * secrets, access or refresh tokens, authorization codes, HMAC values or OAuth state nonces.
 * Subtypes must keep that promise.
 */
public abstract class ShopifyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message for humans.
     *
     * @param message what went wrong and what to do; must not contain secrets
     */
    protected ShopifyException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message for humans and the failure that caused it.
     *
     * @param message what went wrong and what to do; must not contain secrets
     * @param cause the underlying failure, kept for diagnosis
     */
    protected ShopifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
