package dev.shopifyingest.core.auth;

import dev.shopifyingest.core.ShopifyException;
import java.util.Objects;

/**
 * Thrown when an OAuth callback must not be trusted. The {@link #reason()} tells the caller what
 * failed; the message explains it for a log or an error page and never contains the HMAC, the
 * authorization code, the state nonce or the client secret.
 *
 * <p>Whatever the reason, the right response to the browser is to refuse the callback and, if the
 * merchant still wants to connect, to start the flow again with a fresh authorize URL.
 */
public final class OAuthCallbackException extends ShopifyException {

    private static final long serialVersionUID = 1L;

    /** What made the callback untrustworthy. */
    public enum Reason {
        /** A required query parameter ({@code hmac}, {@code code}, {@code shop}, {@code state} or {@code timestamp}) is absent or blank. */
        MISSING_PARAMETER,
        /** A parameter is present but not in the expected format (for example a non-numeric timestamp). */
        MALFORMED_PARAMETER,
        /** The HMAC does not match: the query was altered, or signed with another app's secret. */
        BAD_HMAC,
        /** The signed {@code shop} parameter is not a canonical {@code *.myshopify.com} domain. */
        INVALID_SHOP,
        /** The signed {@code timestamp} is further from now than the configured tolerance (either direction). */
        STALE_TIMESTAMP,
        /** The state was never issued, was already used, or expired and was purged. */
        UNKNOWN_STATE,
        /** The state was issued but its lifetime has passed. */
        EXPIRED_STATE,
        /** The state was issued to a different session: the callback was opened by someone else's browser. */
        STATE_SESSION_MISMATCH,
        /** The state was issued for a different shop than the one in the callback. */
        STATE_SHOP_MISMATCH
    }

    private final Reason reason;

    /**
     * Creates the exception. Public so that {@link StateStore} implementations and tests can create
     * it; the message must not contain secrets.
     *
     * @param reason what failed
     * @param message what failed and what to do, without secrets
     */
    public OAuthCallbackException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates the exception with its cause.
     *
     * @param reason what failed
     * @param message what failed and what to do, without secrets
     * @param cause the underlying failure
     */
    public OAuthCallbackException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * What made the callback untrustworthy.
     *
     * @return the reason, never null
     */
    public Reason reason() {
        return reason;
    }
}
