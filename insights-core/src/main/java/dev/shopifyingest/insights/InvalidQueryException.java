package dev.shopifyingest.insights;

/**
 * The caller asked for something the API does not answer: a bad date range, limit, granularity or
 * ranking. Nothing was read; the message names the offending value and the accepted ones, in words
 * fit to show a user.
 */
public abstract sealed class InvalidQueryException extends InsightsException
        permits InvalidDateRangeException, InvalidLimitException, InvalidGranularityException,
        InvalidRankingException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong and what is accepted
     */
    InvalidQueryException(String message) {
        super(message);
    }
}
