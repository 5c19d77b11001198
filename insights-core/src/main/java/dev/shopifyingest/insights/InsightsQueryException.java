package dev.shopifyingest.insights;

/**
 * A statement failed inside PostgreSQL (a permission, a statement timeout, a serialization failure
 * of a rebuild). Nothing was changed. {@link #sqlState()} tells whether retrying can help.
 */
public final class InsightsQueryException extends InsightsException {

    private static final long serialVersionUID = 1L;

    private final String sqlState;

    /**
     * Creates the exception.
     *
     * @param message what was being done
     * @param sqlState PostgreSQL's SQLState, or null when unknown
     * @param cause the driver's exception
     */
    public InsightsQueryException(String message, String sqlState, Throwable cause) {
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
     * Whether the same call may succeed when simply run again (serialization failure, deadlock).
     *
     * @return true for SQLState {@code 40001} and {@code 40P01}
     */
    public boolean isRetryable() {
        return "40001".equals(sqlState) || "40P01".equals(sqlState);
    }
}
