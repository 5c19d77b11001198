package dev.shopifyingest.testkit.oauth;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the fake's OAuth server behaves: which tokens it issues, how long they live, and which
 * requested scopes the merchant declines. Derive variants with the {@code with…} methods.
 *
 * @param tokenMode permanent or expiring offline tokens (default {@link TokenMode#AS_REQUESTED})
 * @param expiringTokenLifetime lifetime of an expiring offline access token (default 1 h, Shopify's {@code expires_in: 3600})
 * @param refreshTokenLifetime lifetime of a refresh token (default 90 days, {@code refresh_token_expires_in: 7776000})
 * @param onlineTokenLifetime lifetime of an online (per-user) token (default 24 h)
 * @param clientCredentialsTokenLifetime lifetime of a client-credentials token (default 86,399 s, as observed)
 * @param codeLifetime how long an authorization code may be exchanged (default 10 min)
 * @param appScopes the scopes in the app's configuration, granted to client-credentials tokens
 * @param withheldScopes requested scopes the merchant does not grant (default none), to test
 *        "scopes not covered"; withheld after {@code write_x → read_x} implication is applied, so
 *        withholding {@code read_orders} while granting {@code write_orders} is not possible
 */
public record OAuthSettings(TokenMode tokenMode, Duration expiringTokenLifetime, Duration refreshTokenLifetime,
                            Duration onlineTokenLifetime, Duration clientCredentialsTokenLifetime, Duration codeLifetime,
                            Set<String> appScopes, Set<String> withheldScopes) {

    /** Every scope the project's libraries use. */
    public static final Set<String> PROJECT_SCOPES = orderedSet(List.of("read_customers", "read_products",
            "read_orders", "read_all_orders", "write_customers", "write_products", "write_orders"));

    /** Checks the fields and copies the sets, keeping their order. */
    public OAuthSettings {
        Objects.requireNonNull(tokenMode, "tokenMode");
        requirePositive(expiringTokenLifetime, "expiringTokenLifetime");
        requirePositive(refreshTokenLifetime, "refreshTokenLifetime");
        requirePositive(onlineTokenLifetime, "onlineTokenLifetime");
        requirePositive(clientCredentialsTokenLifetime, "clientCredentialsTokenLifetime");
        requirePositive(codeLifetime, "codeLifetime");
        appScopes = orderedSet(appScopes);
        withheldScopes = orderedSet(withheldScopes);
    }

    /** Shopify's behaviour: tokens as requested, 1 h / 90 days / 24 h lifetimes, every scope granted. */
    public static OAuthSettings defaults() {
        return new OAuthSettings(TokenMode.AS_REQUESTED, Duration.ofHours(1), Duration.ofDays(90), Duration.ofHours(24),
                Duration.ofSeconds(86_399), Duration.ofMinutes(10), PROJECT_SCOPES, Set.of());
    }

    /** These settings with another token mode. */
    public OAuthSettings withTokenMode(TokenMode mode) {
        return new OAuthSettings(mode, expiringTokenLifetime, refreshTokenLifetime, onlineTokenLifetime,
                clientCredentialsTokenLifetime, codeLifetime, appScopes, withheldScopes);
    }

    /** These settings with other lifetimes for expiring access tokens and their refresh tokens. */
    public OAuthSettings withExpiringLifetimes(Duration accessToken, Duration refreshToken) {
        return new OAuthSettings(tokenMode, accessToken, refreshToken, onlineTokenLifetime,
                clientCredentialsTokenLifetime, codeLifetime, appScopes, withheldScopes);
    }

    /** These settings with another authorization code lifetime. */
    public OAuthSettings withCodeLifetime(Duration lifetime) {
        return new OAuthSettings(tokenMode, expiringTokenLifetime, refreshTokenLifetime, onlineTokenLifetime,
                clientCredentialsTokenLifetime, lifetime, appScopes, withheldScopes);
    }

    /** These settings with other scopes in the app's configuration. */
    public OAuthSettings withAppScopes(Set<String> scopes) {
        return new OAuthSettings(tokenMode, expiringTokenLifetime, refreshTokenLifetime, onlineTokenLifetime,
                clientCredentialsTokenLifetime, codeLifetime, scopes, withheldScopes);
    }

    /** These settings with scopes the merchant declines to grant. */
    public OAuthSettings withWithheldScopes(Set<String> scopes) {
        return new OAuthSettings(tokenMode, expiringTokenLifetime, refreshTokenLifetime, onlineTokenLifetime,
                clientCredentialsTokenLifetime, codeLifetime, appScopes, scopes);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    private static Set<String> orderedSet(java.util.Collection<String> scopes) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(scopes, "scopes")));
    }
}
