package dev.shopifyingest.core.benchmark;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.core.sync.IngestSink;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A sink that keeps only what a benchmark checks: how many distinct entities of each type
 * arrived, and how many line items. It holds ids, not entities, so it measures the engine and
 * not a store.
 */
final class CountingSink implements IngestSink {

    private final Map<EntityType, Set<Long>> ids = new EnumMap<>(EntityType.class);
    private long upserts;
    private long lineItems;

    @Override
    public synchronized void accept(IngestBatch batch) {
        for (Entity entity : batch.upserts()) {
            ids.computeIfAbsent(entity.type(), t -> new HashSet<>()).add(entity.id());
            upserts++;
            if (entity instanceof Order order) {
                lineItems += order.lineItems().size();
            }
        }
    }

    @Override
    public void fullPassCompleted(ShopDomain shop, EntityType type, Instant passStartedAt) {
    }

    synchronized long distinct(EntityType type) {
        return ids.getOrDefault(type, Set.of()).size();
    }

    synchronized long upserts() {
        return upserts;
    }

    synchronized long lineItems() {
        return lineItems;
    }
}
