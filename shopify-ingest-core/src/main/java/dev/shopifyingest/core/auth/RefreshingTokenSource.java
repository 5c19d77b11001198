package dev.shopifyingest.core.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** {@link AccessTokenSource#refreshing}: an expiring token, refreshed ahead of expiry and after a 401. */
final class RefreshingTokenSource implements AccessTokenSource {

    /** Refresh this long before expiry, so a call in flight does not meet an expired token. */
    static final Duration AHEAD = Duration.ofMinutes(1);

    private final ShopifyOAuth oauth;
    private final Consumer<AccessToken> onRefreshed;
    private AccessToken current;
    private boolean refused;

    RefreshingTokenSource(ShopifyOAuth oauth, AccessToken token, Consumer<AccessToken> onRefreshed) {
        this.oauth = oauth;
        this.current = token;
        this.onRefreshed = onRefreshed;
    }

    @Override
    public synchronized String accessToken() {
        Instant now = oauth.config().clock().instant();
        if (!refused && current.refreshToken() != null && current.expiresAt() != null
                && !now.isBefore(current.expiresAt().minus(AHEAD))) {
            refreshOrGiveUp();
        }
        return current.accessToken();
    }

    @Override
    public synchronized String refreshAfterRejection(String rejected) {
        if (!current.accessToken().equals(rejected)) {
            return current.accessToken(); // another caller refreshed meanwhile
        }
        if (refused || current.refreshToken() == null) {
            return null;
        }
        return refreshOrGiveUp() ? current.accessToken() : null;
    }

    // Refreshes the token; false when Shopify refused the refresh token for good.
    private boolean refreshOrGiveUp() {
        AccessToken next;
        try {
            next = oauth.refresh(current);
        } catch (TokenExchangeException e) {
            if (e.reason() == TokenExchangeException.Reason.INVALID_REFRESH_TOKEN) {
                refused = true;
                return false;
            }
            throw e;
        }
        onRefreshed.accept(next);
        current = next;
        return true;
    }

    @Override
    public String toString() {
        return "AccessTokenSource.refreshing[shop=" + current.shop() + "]";
    }
}
