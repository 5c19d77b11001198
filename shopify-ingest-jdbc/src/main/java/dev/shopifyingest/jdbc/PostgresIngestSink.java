package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.core.sync.IngestSink;
import dev.shopifyingest.core.sync.SyncCheckpoint;
import dev.shopifyingest.jdbc.internal.ChangeSet;
import dev.shopifyingest.jdbc.internal.CheckpointRows;
import dev.shopifyingest.jdbc.internal.Database;
import dev.shopifyingest.jdbc.internal.Entities;
import dev.shopifyingest.core.sync.CheckpointStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync engine's {@link IngestSink} and {@link CheckpointStore} on PostgreSQL. A batch, its
 * deletions and its checkpoint are stored in one transaction, so a crash never leaves a batch
 * stored without its checkpoint or the other way round.
 */
final class PostgresIngestSink implements IngestSink, CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresIngestSink.class);
    /** How often a batch is tried when PostgreSQL aborts it for a deadlock or serialization failure. */
    static final int CONFLICT_ATTEMPTS = 4;

    private final Database database;
    private final Entities entities;
    private final String channel;

    PostgresIngestSink(Database database, Entities entities, String channel) {
        this.database = database;
        this.entities = entities;
        this.channel = channel;
    }

    @Override
    public void accept(IngestBatch batch) {
        Objects.requireNonNull(batch, "batch");
        retryingConflicts("storing a batch for " + batch.shop(), () -> database.inRegistry(
                "storing a batch for " + batch.shop(), handle -> {
                    long shopId = actAsShop(handle, batch.shop());
                    database.lockShopWrites(handle, shopId);
                    Instant now = database.clock().instant();
                    ChangeSet changes = new ChangeSet();
                    entities.write(handle.getConnection(), shopId, batch.upserts(), batch.deletions(), now, changes);
                    if (batch.checkpoint() != null) {
                        CheckpointRows.save(handle.getConnection(), shopId, batch.checkpoint(), now);
                    }
                    changes.notify(handle.getConnection(), channel);
                    return null;
                }));
    }

    /**
     * Runs a whole transaction again when PostgreSQL aborted it for a deadlock or a serialization
     * failure: a sync batch and the webhook processor may lock the same rows in different orders,
     * and the batch, being rolled back entirely, is safe to repeat. Gives up after
     * {@link #CONFLICT_ATTEMPTS} attempts with the last error.
     */
    private <T> T retryingConflicts(String what, Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (StoreQueryException e) {
                if (!e.isRetryable() || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
                log.info("{} conflicted with another transaction (SQLState {}); attempt {} of {}", what,
                        e.sqlState(), attempt + 1, CONFLICT_ATTEMPTS);
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public void fullPassCompleted(ShopDomain shop, EntityType type, Instant passStartedAt) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(passStartedAt, "passStartedAt");
        long[] removed = retryingConflicts("reconciling " + type + " of " + shop, () -> database.inRegistry(
                "reconciling " + type + " of " + shop, handle -> {
                    long shopId = actAsShop(handle, shop);
                    database.lockShopWrites(handle, shopId);
                    long[] ids = entities.reconcile(handle.getConnection(), shopId, type, passStartedAt,
                            database.clock().instant());
                    ChangeSet changes = new ChangeSet();
                    changes.add(shopId, type, ChangeEvent.Kind.DELETED, ids);
                    changes.notify(handle.getConnection(), channel);
                    return ids;
                }));
        if (removed.length > 0) {
            log.info("Full pass over {} of {} finished: {} no longer in Shopify, marked deleted", type, shop,
                    removed.length);
        }
    }

    @Override
    public Optional<SyncCheckpoint> load(ShopDomain shop, EntityType type) {
        return database.inRegistry("loading the " + type + " checkpoint of " + shop, handle -> {
            long shopId = actAsShop(handle, shop);
            return CheckpointRows.load(handle.getConnection(), shopId, shop, type);
        });
    }

    @Override
    public void save(SyncCheckpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        database.inRegistry("saving the " + checkpoint.type() + " checkpoint of " + checkpoint.shop(), handle -> {
            long shopId = actAsShop(handle, checkpoint.shop());
            CheckpointRows.save(handle.getConnection(), shopId, checkpoint, database.clock().instant());
            return null;
        });
    }

    /** Resolves the shop in registry scope, then leaves it: the rest of the transaction acts for the shop only. */
    private long actAsShop(Handle handle, ShopDomain shop) {
        long shopId = handle.createQuery("select shop_id from shops where domain = :domain")
                .bind("domain", shop.value())
                .mapTo(Long.class)
                .findOne()
                .orElseThrow(() -> new ShopNotFoundException("Shop " + shop
                        + " is not registered; register it with PostgresStore.shops().register(token) before syncing."));
        database.actAs(handle, shopId);
        return shopId;
    }

    @Override
    public String toString() {
        return "PostgresIngestSink[schema=" + database.schema() + "]";
    }
}
