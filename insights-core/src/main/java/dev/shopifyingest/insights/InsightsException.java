package dev.shopifyingest.insights;

/**
 * Root of every exception the insights API throws on purpose.
 *
 * <p>Catch this one type to handle "an insight could not be answered"; catch a subtype to act on
 * the reason: {@link InvalidQueryException} and its subtypes (the caller asked for something
 * invalid: fix the request), {@link UnknownShopException} (no such shop for this caller),
 * {@link InsightsUnavailableException} (retry later), {@link InsightsSetupException} (run the
 * migrations or fix the configuration), {@link InsightsQueryException} (a statement failed).
 * Unchecked, because these are handled at the edge of an application, not at every call.
 *
 * <p>Messages say what was wrong and what to do; they never contain personal data.
 */
public abstract sealed class InsightsException extends RuntimeException
        permits InvalidQueryException, UnknownShopException, InsightsUnavailableException, InsightsSetupException,
        InsightsQueryException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message for humans.
     *
     * @param message what went wrong and what to do
     */
    InsightsException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message for humans and its cause.
     *
     * @param message what went wrong and what to do
     * @param cause the underlying failure
     */
    InsightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
