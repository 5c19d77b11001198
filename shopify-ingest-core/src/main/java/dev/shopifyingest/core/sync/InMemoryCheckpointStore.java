package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.EntityType;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link CheckpointStore} in memory, for tests and for trying the library; thread-safe. */
public final class InMemoryCheckpointStore implements CheckpointStore {

    private final Map<String, SyncCheckpoint> checkpoints = new ConcurrentHashMap<>();

    @Override
    public Optional<SyncCheckpoint> load(ShopDomain shop, EntityType type) {
        return Optional.ofNullable(checkpoints.get(key(shop, type)));
    }

    @Override
    public void save(SyncCheckpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        checkpoints.put(key(checkpoint.shop(), checkpoint.type()), checkpoint);
    }

    private static String key(ShopDomain shop, EntityType type) {
        return shop.value() + "|" + type;
    }
}
