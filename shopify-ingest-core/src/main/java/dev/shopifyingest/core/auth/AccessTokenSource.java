package dev.shopifyingest.core.auth;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Supplies the access token for one shop's Admin API calls. A permanent offline token is a
 * constant source ({@link #of(String)}); an expiring token's source ({@link #refreshing}) refreshes
 * it before it expires, or when Shopify rejects it, and hands each rotated token to the
 * embedder's storage.
 */
@FunctionalInterface
public interface AccessTokenSource {

    /**
     * The token to send now.
     *
     * @return the value for the {@code X-Shopify-Access-Token} header
     */
    String accessToken();

    /**
     * Called once when Shopify answered 401 to {@code rejected}: returns a fresh token to retry
     * with, or {@code null} when there is none (the shop must be reconnected). The default has none.
     *
     * @param rejected the token Shopify refused
     * @return a token to retry with, or {@code null}
     */
    default String refreshAfterRejection(String rejected) {
        return null;
    }

    /**
     * A source that always answers the same permanent token.
     *
     * @param token the token
     * @return the source
     * @throws IllegalArgumentException if the token is null or blank
     */
    static AccessTokenSource of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("An access token is required");
        }
        return () -> token;
    }

    /**
     * A source for an expiring offline token: it refreshes the token through {@code oauth} a minute
     * before it expires (by the OAuth configuration's clock) and when Shopify answers 401, and
     * passes every new token to {@code onRefreshed} before using it, so the embedder can store the
     * new refresh token (each refresh rotates it). When Shopify refuses the refresh token, calls
     * fail with {@link ReconnectRequiredException}. A permanent token is answered as it is.
     * Thread-safe: concurrent callers share one refresh. Several app instances sharing a token
     * need {@link RefreshingTokenSource} with a {@link TokenPersistence} that serializes refreshes
     * across them.
     *
     * @param oauth the app's OAuth flow, which knows the client credentials
     * @param token the token as last stored
     * @param onRefreshed receives each refreshed token; store it (it replaces {@code token})
     * @return the source
     */
    static AccessTokenSource refreshing(ShopifyOAuth oauth, AccessToken token, Consumer<AccessToken> onRefreshed) {
        Objects.requireNonNull(oauth, "oauth");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(onRefreshed, "onRefreshed");
        return new RefreshingTokenSource(oauth, token, TokenPersistence.inProcess(token, onRefreshed),
                oauth.config().clock(), RefreshingTokenSource.DEFAULT_MARGIN);
    }
}
