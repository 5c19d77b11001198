package dev.shopifyingest.jdbc;

import java.time.Instant;
import java.util.Objects;

/**
 * The last deprecation notice Shopify sent for a shop (the {@code X-Shopify-API-Deprecated-Reason}
 * response header), as {@link ShopRegistry#recordApiDeprecation} stored it.
 *
 * @param apiVersion the Admin API version the requests asked for; a notice about an older version
 *                   than the one now configured is history
 * @param reason     Shopify's reason, as sent
 * @param noticedAt  when it was recorded
 */
public record ApiDeprecation(String apiVersion, String reason, Instant noticedAt) {

    /** Checks that every field is present. */
    public ApiDeprecation {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(noticedAt, "noticedAt");
    }
}
