package dev.shopifyingest.jdbc;

/**
 * Root of every exception the PostgreSQL store throws on purpose.
 *
 * <p>Catch this one type to handle "storing or reading Shopify data failed"; catch a subtype to
 * act on a specific failure: {@link StoreUnavailableException} (retry later),
 * {@link StoreSetupException} (fix the configuration or run the migration),
 * {@link ShopNotFoundException} (register the shop first), {@link TokenKeyException} (configure
 * the missing encryption key), {@link StoreQueryException} (a statement failed; see its SQLState).
 * It is unchecked because these failures are handled at the edge of an application, not at every
 * call site.
 *
 * <p>Messages say what was wrong and what to do. They never contain secrets or personal data:
 * no tokens, keys, e-mail addresses or payloads. The cause (a driver exception) is kept for
 * diagnosis and may carry PostgreSQL's own detail text.
 */
public abstract sealed class StoreException extends RuntimeException
        permits StoreUnavailableException, StoreSetupException, ShopNotFoundException, TokenKeyException,
        StoreQueryException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message for humans.
     *
     * @param message what went wrong and what to do; must not contain secrets
     */
    StoreException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message for humans and its cause.
     *
     * @param message what went wrong and what to do; must not contain secrets
     * @param cause the underlying failure
     */
    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
