package dev.shopifyingest.testkit.postgres;

/**
 * The one unchecked exception of the PostgreSQL testkit: a server could not be unpacked, started,
 * stopped or reached, or a database could not be created, migrated or dropped.
 *
 * <p>Messages say what went wrong and what to do about it (for example which directory is not
 * usable and why); when PostgreSQL itself explained the failure, the end of its log is included.
 * Messages never contain passwords.
 */
public final class EmbeddedPostgresException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with an actionable message.
     *
     * @param message what went wrong and what to do about it
     */
    public EmbeddedPostgresException(String message) {
        super(message);
    }

    /**
     * Creates an exception with an actionable message and the failure that caused it.
     *
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    public EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
