package dev.shopifyingest.core.auth;

import dev.shopifyingest.core.ShopifyException;
import java.util.Objects;

/**
 * Thrown when trading an authorization code, a refresh token or the app's client credentials for
 * an access token fails. The
 * {@link #reason()} says what the caller can do; the message never contains the code, the client
 * secret or any token.
 */
public final class TokenExchangeException extends ShopifyException {

    private static final long serialVersionUID = 1L;

    /** Why the exchange failed. */
    public enum Reason {
        /** Shopify answered 400: the code is invalid, expired or already used. Start the flow again. */
        INVALID_CODE,
        /** Shopify answered 400 to a refresh: the refresh token expired, was superseded or revoked. Connect the shop again. */
        INVALID_REFRESH_TOKEN,
        /** Shopify answered 401 to the client credentials grant: the client id or secret is wrong, or the app is not installed. */
        INVALID_CLIENT_CREDENTIALS,
        /** The merchant granted fewer scopes than the app requested. Ask again with a new authorize URL. */
        MISSING_SCOPES,
        /** Shopify answered with another error status or a body that is not a token response. */
        UNEXPECTED_RESPONSE,
        /** The request did not complete (connection, TLS or timeout failure). Retrying may help, with a fresh code. */
        NETWORK
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the exchange failed
     * @param message what failed and what to do, without secrets
     */
    public TokenExchangeException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates the exception with its cause.
     *
     * @param reason why the exchange failed
     * @param message what failed and what to do, without secrets
     * @param cause the underlying failure
     */
    public TokenExchangeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why the exchange failed.
     *
     * @return the reason, never null
     */
    public Reason reason() {
        return reason;
    }
}
