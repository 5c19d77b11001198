package dev.shopifyingest.core.auth;

import dev.shopifyingest.core.ShopDomain;
import java.time.Instant;
import java.util.Objects;

/**
 * One issued OAuth state, as a {@link StateStore} keeps it between the authorize redirect and the
 * callback.
 *
 * <p>The caller's session binding is not stored as given: {@code sessionDigest} is its SHA-256
 * (base64url), so a store that persists states never holds session ids or user ids in clear.
 * {@link #toString()} hides the nonce.
 *
 * @param nonce the state value sent to Shopify: 32 random bytes, base64url without padding
 * @param sessionDigest SHA-256 of the caller's session binding, base64url without padding
 * @param shop the shop the state was issued for
 * @param expiresAt when the state stops being accepted
 */
public record OAuthState(String nonce, String sessionDigest, ShopDomain shop, Instant expiresAt) {

    /**
     * Validates that no component is null or blank.
     *
     * @param nonce the state value
     * @param sessionDigest digest of the session binding
     * @param shop the shop
     * @param expiresAt the expiry instant
     */
    public OAuthState {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(sessionDigest, "sessionDigest");
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (nonce.isBlank() || sessionDigest.isBlank()) {
            throw new IllegalArgumentException("nonce and sessionDigest must not be blank");
        }
    }

    /**
     * Describes the state without its nonce.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "OAuthState[nonce=<redacted>, shop=" + shop + ", expiresAt=" + expiresAt + "]";
    }
}
