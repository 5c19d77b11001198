package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.EntityType;
import java.time.Duration;
import java.util.Map;

/**
 * What one sync did.
 *
 * @param shop the shop
 * @param stored records stored per entity type (each version handed to the sink counts once)
 * @param full whether it was a full pass (which also removed entities Shopify no longer has)
 * @param elapsed wall time
 */
public record SyncReport(ShopDomain shop, Map<EntityType, Long> stored, boolean full, Duration elapsed) {

    /** Copies the counts. */
    public SyncReport {
        stored = Map.copyOf(stored);
    }
}
