package dev.shopifyingest.core.auth;

import dev.shopifyingest.core.ShopDomain;
import java.time.Instant;
import java.util.Objects;

/**
 * An OAuth callback that passed every check of
 * {@link ShopifyOAuth#verifyCallback(java.util.Map, String)}: genuine HMAC, canonical shop,
 * fresh timestamp, and a state issued to this session for this shop (now consumed).
 *
 * <p>Pass it to {@link ShopifyOAuth#exchangeCode(VerifiedCallback)}. {@link #toString()} hides the
 * authorization code and the state.
 *
 * @param shop the shop that approved the app
 * @param code the single-use authorization code
 * @param host the base64 admin host Shopify sent, or null if absent (used by embedded apps)
 * @param state the state nonce the callback carried
 * @param timestamp the signed time at which Shopify issued the redirect
 */
public record VerifiedCallback(ShopDomain shop, String code, String host, String state, Instant timestamp) {

    /**
     * Validates that the required components are present.
     *
     * @param shop the shop
     * @param code the authorization code
     * @param host the admin host, nullable
     * @param state the state nonce
     * @param timestamp the signed timestamp
     */
    public VerifiedCallback {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * Describes the callback without the code and the state.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "VerifiedCallback[shop=" + shop + ", code=<redacted>, host=" + host
                + ", state=<redacted>, timestamp=" + timestamp + "]";
    }
}
