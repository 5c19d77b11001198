package dev.shopifyingest.insights;

/**
 * The date range is not accepted: {@code from} is after {@code to}, or the range is longer than {@link InsightsQuery#MAX_DAYS} days. Ask for a shorter range, or split it.
 */
public final class InvalidDateRangeException extends InvalidQueryException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong and what is accepted, fit to show a user
     */
    public InvalidDateRangeException(String message) {
        super(message);
    }
}
