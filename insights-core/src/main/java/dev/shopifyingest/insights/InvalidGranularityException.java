package dev.shopifyingest.insights;

/**
 * A granularity name is not one of {@code day}, {@code week} or {@code month} (see {@link Granularity#parse(String)}).
 */
public final class InvalidGranularityException extends InvalidQueryException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong and what is accepted, fit to show a user
     */
    public InvalidGranularityException(String message) {
        super(message);
    }
}
