package dev.shopifyingest.insights;

/**
 * PostgreSQL could not be reached or ended the connection (SQLState class {@code 08}, a shutdown,
 * a pool timeout). Nothing was changed; the same call may succeed when retried later.
 */
public final class InsightsUnavailableException extends InsightsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be done
     * @param cause the driver's exception
     */
    public InsightsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
