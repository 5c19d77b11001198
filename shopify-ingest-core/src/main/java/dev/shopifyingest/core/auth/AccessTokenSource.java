package dev.shopifyingest.core.auth;

/**
 * Supplies the access token for one shop's Admin API calls. A permanent offline token is a
 * constant source; an expiring token's source refreshes it and hands rotated tokens to the
 * embedder's storage.
 */
@FunctionalInterface
public interface AccessTokenSource {

    /** The token to send now. */
    String accessToken();

    /**
     * Called once when Shopify answered 401 to {@code rejected}: returns a fresh token to retry
     * with, or {@code null} when there is none (the shop must be reconnected). The default has none.
     */
    default String refreshAfterRejection(String rejected) {
        return null;
    }

    /** A source that always answers the same permanent token. */
    static AccessTokenSource of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("An access token is required");
        }
        return () -> token;
    }
}
