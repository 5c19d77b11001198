package dev.shopifyingest.insights;

/**
 * A top-N limit is outside 1 to {@link ShopInsights#MAX_LIMIT}. Ask for fewer entries.
 */
public final class InvalidLimitException extends InvalidQueryException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong and what is accepted, fit to show a user
     */
    public InvalidLimitException(String message) {
        super(message);
    }
}
