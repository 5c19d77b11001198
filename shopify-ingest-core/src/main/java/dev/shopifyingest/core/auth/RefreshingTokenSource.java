package dev.shopifyingest.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The access token of one shop with an expiring offline token: refreshed ahead of expiry and
 * once more when Shopify rejects it, concurrent callers sharing one refresh. Every rotated token
 * is stored through {@link TokenPersistence} before it is used, so a crash never loses the only
 * valid refresh token.
 */
public final class RefreshingTokenSource implements AccessTokenSource {

    private final ShopifyOAuth oauth;
    private final TokenPersistence persistence;
    private final Clock clock;
    private final Duration margin;
    private volatile AccessToken current;

    /**
     * A source starting from {@code initial}.
     *
     * @param oauth performs the refresh grant
     * @param initial the token as last stored
     * @param persistence stores rotated tokens and serializes refreshes across instances
     * @param clock decides when the token is about to expire
     * @param margin how long before expiry a refresh happens (e.g. five minutes)
     */
    public RefreshingTokenSource(ShopifyOAuth oauth, AccessToken initial, TokenPersistence persistence, Clock clock,
                                 Duration margin) {
        this.oauth = Objects.requireNonNull(oauth, "oauth");
        this.current = Objects.requireNonNull(initial, "initial");
        this.persistence = Objects.requireNonNull(persistence, "persistence");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.margin = Objects.requireNonNull(margin, "margin");
    }

    @Override
    public String accessToken() {
        AccessToken token = current;
        if (needsRefresh(token)) {
            token = refresh(token);
        }
        return token.accessToken();
    }

    @Override
    public String refreshAfterRejection(String rejected) {
        AccessToken token = current;
        if (!token.accessToken().equals(rejected)) {
            return token.accessToken();
        }
        if (token.refreshToken() == null) {
            return null;
        }
        return refresh(token).accessToken();
    }

    /** The token as this source currently holds it. */
    public AccessToken current() {
        return current;
    }

    private boolean needsRefresh(AccessToken token) {
        return token.isExpiring() && token.refreshToken() != null
                && !clock.instant().isBefore(token.expiresAt().minus(margin));
    }

    // One refresh at a time in this process; the persistence serializes across processes.
    private synchronized AccessToken refresh(AccessToken seen) {
        if (current != seen) {
            return current;
        }
        Instant now = clock.instant();
        AccessToken fresh = persistence.refreshExclusively(stored -> {
            boolean storedIsNewer = stored != null && !stored.accessToken().equals(seen.accessToken());
            if (storedIsNewer && stored.expiresAt() != null && now.isBefore(stored.expiresAt().minus(margin))) {
                return stored;
            }
            return oauth.refresh(stored != null ? stored : seen);
        });
        current = fresh;
        return fresh;
    }
}
