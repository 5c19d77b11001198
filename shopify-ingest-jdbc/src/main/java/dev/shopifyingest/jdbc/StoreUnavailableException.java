package dev.shopifyingest.jdbc;

/**
 * PostgreSQL could not be reached or ended the connection (SQLState class {@code 08}, a server
 * shutdown, a pool timeout). Nothing was stored; the same call may succeed when retried later.
 */
public final class StoreUnavailableException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be done; must not contain secrets
     * @param cause the driver's exception
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
