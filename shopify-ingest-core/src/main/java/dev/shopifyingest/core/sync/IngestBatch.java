package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.Entity;
import java.util.List;
import java.util.Objects;

/**
 * Entities of one shop to store together, and the checkpoint they bring the sync to. A sink
 * that stores the checkpoint in the same transaction as the entities never replays or skips a
 * batch after a crash.
 *
 * @param shop the shop (the tenant)
 * @param upserts new versions; a sink keeps each only if it is not older than what it has
 * @param deletions deletions; a sink keeps them as tombstones with the same time rule
 * @param checkpoint where the sync stands once this batch is stored, or {@code null} (webhooks)
 */
public record IngestBatch(ShopDomain shop, List<? extends Entity> upserts, List<Deletion> deletions,
                          SyncCheckpoint checkpoint) {

    /** Checks and copies the fields. */
    public IngestBatch {
        Objects.requireNonNull(shop, "shop");
        upserts = List.copyOf(upserts);
        deletions = List.copyOf(deletions);
        if (checkpoint != null && !checkpoint.shop().equals(shop)) {
            throw new IllegalArgumentException("A batch's checkpoint must be for the same shop");
        }
    }

    /** Whether the batch holds no entities. */
    public boolean isEmpty() {
        return upserts.isEmpty() && deletions.isEmpty();
    }
}
