package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.ShopDomain;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * A registered shop (a tenant), without its tokens: read those with
 * {@link ShopRegistry#accessToken(long)}.
 *
 * @param shopId the tenant id every row of the shop carries
 * @param domain the canonical {@code *.myshopify.com} domain
 * @param details name, currency and time zone, as far as known
 * @param scopes the granted access scopes
 * @param hasAccessToken whether a token is stored (false once revoked by uninstalling)
 * @param accessTokenExpiresAt when the access token expires, or null for a permanent token
 * @param refreshTokenExpiresAt when the refresh token expires, or null
 * @param installedAt when the app was (last) installed
 * @param uninstalledAt when the app was uninstalled, or null while installed
 * @param syncStatus where synchronisation stands
 * @param syncStatusDetail why the shop has its status, in a sentence a merchant understands, or null
 * @param lastSyncedAt when a sync last finished, or null
 * @param apiDeprecation the last deprecation notice Shopify sent for the shop, or null
 */
public record Shop(long shopId, ShopDomain domain, ShopDetails details, Set<String> scopes, boolean hasAccessToken,
                   Instant accessTokenExpiresAt, Instant refreshTokenExpiresAt, Instant installedAt,
                   Instant uninstalledAt, SyncStatus syncStatus, String syncStatusDetail, Instant lastSyncedAt,
                   ApiDeprecation apiDeprecation) {

    /** Checks required fields and copies the scopes. */
    public Shop {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(details, "details");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(installedAt, "installedAt");
        Objects.requireNonNull(syncStatus, "syncStatus");
    }

    /**
     * Whether the app is installed on the shop.
     *
     * @return true until the shop is marked uninstalled
     */
    public boolean isInstalled() {
        return uninstalledAt == null;
    }

    /**
     * The shop's time zone, or UTC when unknown.
     *
     * @return the zone analytics bucket days in
     */
    public ZoneId zoneOrUtc() {
        return details.timeZone() == null ? ZoneId.of("UTC") : details.timeZone();
    }
}
