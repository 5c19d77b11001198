package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.model.EntityType;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link IngestSink} in memory with the same rules as the PostgreSQL store: a version is kept
 * only if it is not older than the stored one, a deletion is a tombstone that older versions do
 * not overturn, and a completed full pass removes what it did not see. For tests and for trying
 * the library; thread-safe.
 */
public final class InMemoryIngestSink implements IngestSink {

    private final Clock clock;
    private final Map<Key, Entity> entities = new HashMap<>();
    private final Map<Key, Instant> tombstones = new HashMap<>();
    private final Map<Key, Instant> lastSeen = new HashMap<>();
    private long batches;

    /** A sink whose clock stamps deliveries (for full-pass reconciliation). */
    public InMemoryIngestSink(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A sink with the system clock. */
    public InMemoryIngestSink() {
        this(Clock.systemUTC());
    }

    private record Key(ShopDomain shop, EntityType type, long id) {
    }

    @Override
    public synchronized void accept(IngestBatch batch) {
        // A sync batch is stamped with its pass's start, on the engine's clock, so fullPassCompleted
        // compares times of one clock; other batches (webhooks) with this sink's clock.
        Instant now = batch.checkpoint() != null && batch.checkpoint().runStartedAt() != null
                ? batch.checkpoint().runStartedAt() : clock.instant();
        for (Entity entity : batch.upserts()) {
            Key key = new Key(batch.shop(), entity.type(), entity.id());
            lastSeen.put(key, now);
            Instant deletedAt = tombstones.get(key);
            if (deletedAt != null && !entity.updatedAt().isAfter(deletedAt)) {
                continue;
            }
            Entity current = entities.get(key);
            if (current == null || !entity.updatedAt().isBefore(current.updatedAt())) {
                entities.put(key, entity);
                tombstones.remove(key);
            }
        }
        for (Deletion deletion : batch.deletions()) {
            Key key = new Key(batch.shop(), deletion.type(), deletion.id());
            Entity current = entities.get(key);
            if (current == null || !current.updatedAt().isAfter(deletion.deletedAt())) {
                entities.remove(key);
                tombstones.merge(key, deletion.deletedAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        batches++;
    }

    @Override
    public synchronized void fullPassCompleted(ShopDomain shop, EntityType type, Instant passStartedAt) {
        Instant now = clock.instant();
        entities.keySet().removeIf(key -> {
            boolean unseen = key.shop().equals(shop) && key.type() == type
                    && lastSeen.getOrDefault(key, Instant.MIN).isBefore(passStartedAt);
            if (unseen) {
                tombstones.put(key, now);
            }
            return unseen;
        });
    }

    /** The stored entities of one shop and type, by id. */
    public synchronized <T extends Entity> List<T> entities(ShopDomain shop, EntityType type, Class<T> kind) {
        return entities.entrySet().stream()
                .filter(e -> e.getKey().shop().equals(shop) && e.getKey().type() == type)
                .map(Map.Entry::getValue)
                .map(kind::cast)
                .sorted(Comparator.comparingLong(Entity::id))
                .toList();
    }

    /** One stored entity, if present. */
    public synchronized Optional<Entity> find(ShopDomain shop, EntityType type, long id) {
        return Optional.ofNullable(entities.get(new Key(shop, type, id)));
    }

    /** How many batches were accepted. */
    public synchronized long batchCount() {
        return batches;
    }

    /** Copies of the stored entities per shop and type, for comparisons. */
    public synchronized Map<String, Entity> snapshot() {
        Map<String, Entity> copy = new HashMap<>();
        entities.forEach((k, v) -> copy.put(k.shop().value() + "|" + k.type() + "|" + k.id(), v));
        return copy;
    }
}
