package dev.shopifyingest.jdbc;

/**
 * The store is not set up the way it needs to be: the schema is not migrated, a migration failed,
 * the application role is missing or would bypass row-level security, or an option such as the
 * token cipher is missing. Retrying does not help; the message says what to change.
 */
public final class StoreSetupException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and how to fix it
     */
    public StoreSetupException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong and how to fix it
     * @param cause the underlying failure
     */
    public StoreSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
