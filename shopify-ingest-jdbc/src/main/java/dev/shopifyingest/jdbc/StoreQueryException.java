package dev.shopifyingest.jdbc;

/**
 * A statement failed inside PostgreSQL (a constraint, a deadlock, a permission). The transaction
 * was rolled back, so nothing of the unit of work was stored. {@link #sqlState()} tells a caller
 * whether retrying can help ({@code 40001} serialization failure, {@code 40P01} deadlock).
 */
public final class StoreQueryException extends StoreException {

    private static final long serialVersionUID = 1L;

    /** PostgreSQL's error code, kept so callers can decide whether to retry. */
    private final String sqlState;

    /**
     * Creates the exception.
     *
     * @param message what the store was doing; must not contain secrets or personal data
     * @param sqlState PostgreSQL's SQLState, or null when unknown
     * @param cause the driver's exception
     */
    public StoreQueryException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /**
     * PostgreSQL's five-character error code.
     *
     * @return the SQLState, or null when unknown
     */
    public String sqlState() {
        return sqlState;
    }

    /**
     * Whether the same unit of work may succeed when simply run again (serialization failure or
     * deadlock).
     *
     * @return true for SQLState {@code 40001} and {@code 40P01}
     */
    public boolean isRetryable() {
        return "40001".equals(sqlState) || "40P01".equals(sqlState);
    }
}
