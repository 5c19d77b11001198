package dev.shopifyingest.insights;

/**
 * A product ranking name is not one of {@code revenue} or {@code units} (see {@link ProductRanking#parse(String)}).
 */
public final class InvalidRankingException extends InvalidQueryException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong and what is accepted, fit to show a user
     */
    public InvalidRankingException(String message) {
        super(message);
    }
}
