package dev.shopifyingest.core.auth;

import dev.shopifyingest.core.ShopDomain;
import java.net.URI;
import java.util.Objects;
import java.time.Instant;

/**
 * Where to send the merchant to approve the app, as returned by
 * {@link ShopifyOAuth#authorize(ShopDomain, String)}.
 *
 * <p>Answer the browser with a redirect (302) to {@link #url()}. The URL carries a fresh state
 * nonce, so {@link #toString()} leaves it out.
 *
 * @param url the authorize URL on the shop's admin
 * @param shop the shop the flow was started for
 * @param stateExpiresAt when the state in the URL stops being accepted
 */
public record AuthorizationRedirect(URI url, ShopDomain shop, Instant stateExpiresAt) {

    /**
     * Validates that no component is null.
     *
     * @param url the authorize URL
     * @param shop the shop
     * @param stateExpiresAt the state's expiry
     */
    public AuthorizationRedirect {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(stateExpiresAt, "stateExpiresAt");
    }

    /**
     * Describes the redirect without the URL (which holds the state nonce).
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "AuthorizationRedirect[shop=" + shop + ", stateExpiresAt=" + stateExpiresAt + "]";
    }
}
