package dev.shopifyingest.testkit.oauth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An access token the fake issued.
 *
 * @param value the token string sent in {@code X-Shopify-Access-Token}
 * @param scopes the granted scopes, with the {@code read_x} implied by each {@code write_x}
 * @param expiresAt when it stops working, or {@code null} for a permanent token
 */
public record AccessToken(String value, Set<String> scopes, Instant expiresAt) {

    /** Checks and copies the fields. */
    public AccessToken {
        Objects.requireNonNull(value, "value");
        scopes = Set.copyOf(scopes);
    }

    /** Whether the token has expired at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Describes the token without its value, which is a secret. */
    @Override
    public String toString() {
        return "AccessToken[" + value.substring(0, Math.min(6, value.length())) + "…, scopes=" + scopes
                + ", expiresAt=" + expiresAt + "]";
    }
}
