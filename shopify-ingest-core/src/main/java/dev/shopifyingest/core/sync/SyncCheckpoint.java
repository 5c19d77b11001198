package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.EntityType;
import java.time.Instant;
import java.util.Objects;

/**
 * How far a shop's sync of one entity type has come; enough to resume after a crash without
 * loss or repetition beyond the last batch.
 *
 * @param shop the shop
 * @param type the entity type
 * @param phase what the sync was doing
 * @param cursor the page cursor after the last stored batch ({@link Phase#PAGING}), or {@code null}
 * @param bulkOperationId the bulk operation being exported ({@link Phase#BULK}), or {@code null}
 * @param bulkRecordsDone records (parents with their children) of that export already stored
 * @param windowStart lower bound of {@code updated_at} for the running pass, or {@code null} for all
 * @param watermark the newest {@code updatedAt} stored so far; the next incremental pass starts there
 * @param runStartedAt when the running pass started
 */
public record SyncCheckpoint(ShopDomain shop, EntityType type, Phase phase, String cursor, String bulkOperationId,
                             long bulkRecordsDone, Instant windowStart, Instant watermark, Instant runStartedAt) {

    /** What the sync of one entity type was doing. */
    public enum Phase {
        /** Paging through the entity, sorted by update time. */
        PAGING,
        /** Exporting the entity with a bulk operation. */
        BULK,
        /** A pass finished; {@link #watermark()} is where the next one starts. */
        IDLE
    }

    /** Checks required fields. */
    public SyncCheckpoint {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(phase, "phase");
        if (bulkRecordsDone < 0) {
            throw new IllegalArgumentException("bulkRecordsDone must not be negative");
        }
    }
}
