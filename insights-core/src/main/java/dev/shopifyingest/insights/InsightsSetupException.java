package dev.shopifyingest.insights;

/**
 * Insights are not set up the way they need to be: the store's or the insights' migrations have not
 * run, a migration failed, or the application role may not be used. Retrying does not help; the
 * message says what to change (usually: run {@code PostgresStore.migrate()} then
 * {@link Insights#migrate()}).
 */
public final class InsightsSetupException extends InsightsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and how to fix it
     */
    public InsightsSetupException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong and how to fix it
     * @param cause the underlying failure
     */
    public InsightsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
