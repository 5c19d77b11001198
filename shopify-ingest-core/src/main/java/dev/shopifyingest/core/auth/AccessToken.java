package dev.shopifyingest.core.auth;

import dev.shopifyingest.core.ShopDomain;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * An offline access token for one shop, as obtained by
 * {@link ShopifyOAuth#exchangeCode(VerifiedCallback)}.
 *
 * <p>An expiring token (the default) has an {@link #expiresAt()} about an hour ahead and a
 * {@link #refreshToken()} to get the next one; a permanent token has neither. Store both tokens
 * encrypted; {@link #toString()} redacts them so they cannot reach a log by accident.
 *
 * @param shop the shop the token is for
 * @param accessToken the value for the {@code X-Shopify-Access-Token} header
 * @param scopes the scopes Shopify reports as granted, as listed in its response
 * @param expiresAt when the access token expires, or null for a permanent token
 * @param refreshToken the refresh token, or null for a permanent token
 * @param refreshTokenExpiresAt when the refresh token expires, or null if not reported
 */
public record AccessToken(
        ShopDomain shop,
        String accessToken,
        Set<String> scopes,
        Instant expiresAt,
        String refreshToken,
        Instant refreshTokenExpiresAt) {

    /**
     * Validates the required components and copies the scopes.
     *
     * @param shop the shop
     * @param accessToken the access token
     * @param scopes the granted scopes
     * @param expiresAt access token expiry, nullable
     * @param refreshToken refresh token, nullable
     * @param refreshTokenExpiresAt refresh token expiry, nullable
     */
    public AccessToken {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(accessToken, "accessToken");
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(scopes, "scopes")));
    }

    /**
     * Whether this token expires and must be refreshed.
     *
     * @return true if {@link #expiresAt()} is set
     */
    public boolean isExpiring() {
        return expiresAt != null;
    }

    /**
     * Describes the token with both secrets redacted.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "AccessToken[shop=" + shop + ", accessToken=<redacted>, scopes=" + scopes
                + ", expiresAt=" + expiresAt
                + ", refreshToken=" + (refreshToken == null ? "null" : "<redacted>")
                + ", refreshTokenExpiresAt=" + refreshTokenExpiresAt + "]";
    }
}
