package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.EntityType;
import java.util.Optional;

/** Remembers each shop's {@link SyncCheckpoint} per entity type across restarts. */
public interface CheckpointStore {

    /** The last saved checkpoint, or empty before the first sync. */
    Optional<SyncCheckpoint> load(ShopDomain shop, EntityType type);

    /** Saves a checkpoint, replacing the previous one for its shop and type. */
    void save(SyncCheckpoint checkpoint);
}
