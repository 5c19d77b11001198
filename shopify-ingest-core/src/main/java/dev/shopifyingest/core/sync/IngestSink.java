package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.EntityType;
import java.time.Instant;

/**
 * Where synced data goes. The sync engine hands batches here and records a batch's checkpoint
 * only after {@link #accept} returns, so an implementation must store the batch durably (or
 * throw, storing none of it) before returning. Upserts must be idempotent and monotonic in
 * {@code updatedAt}: storing the same or an older version again changes nothing, and a
 * deletion wins over versions updated before it.
 */
public interface IngestSink {

    /** Stores one batch durably and atomically. */
    void accept(IngestBatch batch);

    /**
     * A full pass over {@code type} that started at {@code passStartedAt} has delivered every
     * entity Shopify holds: an entity of this shop and type that was neither delivered nor
     * changed since then no longer exists in Shopify, and the sink removes it (as a deletion).
     * This is how deletions missed by webhooks are healed.
     *
     * <p>{@code passStartedAt} is read from the engine's clock. Decide "delivered since then" on
     * that same clock: remember, for each entity, the {@link SyncCheckpoint#runStartedAt()} of the
     * last sync batch that delivered it (and treat entities written by other means, such as
     * webhooks, after {@code passStartedAt} as seen), never a database or other clock that may
     * be skewed from the engine's, or a pass could remove entities it has just delivered.
     */
    void fullPassCompleted(ShopDomain shop, EntityType type, Instant passStartedAt);
}
