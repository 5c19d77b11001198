package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.fetch.BulkExport;
import dev.shopifyingest.core.fetch.BulkOperation;
import dev.shopifyingest.core.fetch.EntityPages;
import dev.shopifyingest.core.fetch.Page;
import dev.shopifyingest.core.fetch.PageRequest;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.graphql.QueryCost;
import dev.shopifyingest.core.graphql.ShopifyQueryCostException;
import dev.shopifyingest.core.model.EntityType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a shop's customers, products and orders into an {@link IngestSink} and keeps them
 * current.
 *
 * <p>The first sync of a shop is a full pass; later syncs are incremental, reading only what
 * changed since the newest {@code updatedAt} already stored, less a small overlap so that edits
 * made while the previous pass ran are never missed. Each page is handed to the sink with the
 * checkpoint it reaches, and the checkpoint is saved once the sink returns: a sync killed at any
 * point resumes from the last stored page and converges to exactly Shopify's data. A full pass
 * ends by telling the sink which entities it did not see, so deletions missed by webhooks heal.
 *
 * <p>Page sizes adapt to the cost Shopify reports, staying under the single-query limit. One
 * sync per shop runs at a time in this process; {@link #cancel} stops one between pages.
 */
public final class SyncEngine {

    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    private static final double SINGLE_QUERY_LIMIT = 1_000;
    private static final List<EntityType> ORDER_OF_TYPES = List.of(EntityType.CUSTOMER, EntityType.PRODUCT,
            EntityType.ORDER);

    private final EntityPages pages;
    private final IngestSink sink;
    private final CheckpointStore checkpoints;
    private final SyncListener listener;
    private final Clock clock;
    private final Duration overlap;
    private final Map<EntityType, Integer> initialPageSizes;
    private final BulkExport bulk;
    private final long bulkThreshold;
    private final int bulkBatchSize;
    private final Map<ShopDomain, AtomicBoolean> running = new ConcurrentHashMap<>();

    private SyncEngine(Builder builder) {
        this.pages = new EntityPages(builder.client);
        this.sink = builder.sink;
        this.checkpoints = builder.checkpoints;
        this.listener = builder.listener;
        this.clock = builder.clock;
        this.overlap = builder.overlap;
        this.initialPageSizes = Map.copyOf(builder.initialPageSizes);
        this.bulk = builder.bulk;
        this.bulkThreshold = builder.bulkThreshold;
        this.bulkBatchSize = builder.bulkBatchSize;
    }

    /** A builder; client, sink and checkpoint store are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Syncs the shop: a full pass for types never synced, an incremental pass for the others,
     * resuming any pass a crash interrupted.
     *
     * @throws SyncAlreadyRunningException when a sync of this shop is running in this process
     * @throws SyncCancelledException when {@link #cancel} stopped it
     */
    public SyncReport sync(ShopDomain shop, AccessTokenSource tokens) {
        return run(shop, tokens, false);
    }

    /**
     * Syncs the shop with a full pass over every type (an interrupted pass still resumes first),
     * removing entities Shopify no longer has. Use it to reconcile periodically.
     */
    public SyncReport fullSync(ShopDomain shop, AccessTokenSource tokens) {
        return run(shop, tokens, true);
    }

    /** Asks the running sync of {@code shop}, if any, to stop after its current page. */
    public void cancel(ShopDomain shop) {
        AtomicBoolean flag = running.get(shop);
        if (flag != null) {
            flag.set(true);
        }
    }

    /** Whether a sync of {@code shop} is running in this process. */
    public boolean isRunning(ShopDomain shop) {
        return running.containsKey(shop);
    }

    private SyncReport run(ShopDomain shop, AccessTokenSource tokens, boolean forceFull) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(tokens, "tokens");
        AtomicBoolean cancelled = new AtomicBoolean();
        if (running.putIfAbsent(shop, cancelled) != null) {
            throw new SyncAlreadyRunningException(shop.value());
        }
        Instant started = clock.instant();
        Map<EntityType, Long> stored = new EnumMap<>(EntityType.class);
        boolean full = forceFull;
        try {
            listener.onProgress(new SyncProgress(shop, null, SyncProgress.Stage.STARTED, 0, -1, null));
            for (EntityType type : ORDER_OF_TYPES) {
                PassResult result = syncType(shop, tokens, type, forceFull, cancelled);
                stored.put(type, result.stored);
                full |= result.full;
            }
            SyncReport report = new SyncReport(shop, stored, full, Duration.between(started, clock.instant()));
            listener.onProgress(new SyncProgress(shop, null, SyncProgress.Stage.COMPLETED,
                    stored.values().stream().mapToLong(Long::longValue).sum(), -1, null));
            LOG.info("Synced {}: {} ({} pass) in {} ms", shop, stored, full ? "full" : "incremental",
                    report.elapsed().toMillis());
            return report;
        } catch (SyncCancelledException e) {
            listener.onProgress(new SyncProgress(shop, null, SyncProgress.Stage.CANCELLED, 0, -1, e.getMessage()));
            throw e;
        } catch (RuntimeException e) {
            listener.onProgress(new SyncProgress(shop, null, SyncProgress.Stage.FAILED, 0, -1, e.getMessage()));
            throw e;
        } finally {
            running.remove(shop);
        }
    }

    private record PassResult(long stored, boolean full) {
    }

    private PassResult syncType(ShopDomain shop, AccessTokenSource tokens, EntityType type, boolean forceFull,
                                AtomicBoolean cancelled) {
        SyncCheckpoint checkpoint = checkpoints.load(shop, type).orElse(null);
        if (checkpoint != null && checkpoint.phase() == SyncCheckpoint.Phase.BULK && bulk != null) {
            return bulkPass(shop, tokens, type, checkpoint.windowStart(), checkpoint.watermark(),
                    checkpoint.runStartedAt(), checkpoint.bulkOperationId(), checkpoint.bulkRecordsDone(), cancelled);
        }
        String cursor;
        Instant windowStart;
        Instant watermark;
        Instant passStarted;
        if (checkpoint != null && checkpoint.phase() == SyncCheckpoint.Phase.PAGING) {
            // Resume the interrupted pass exactly where its last stored page ended.
            cursor = checkpoint.cursor();
            windowStart = checkpoint.windowStart();
            watermark = checkpoint.watermark();
            passStarted = checkpoint.runStartedAt();
            LOG.info("Resuming the {} pass of {} for {}", windowStart == null ? "full" : "incremental", type, shop);
        } else {
            cursor = null;
            watermark = checkpoint == null ? null : checkpoint.watermark();
            windowStart = forceFull || watermark == null ? null : watermark.minus(overlap);
            passStarted = clock.instant();
        }
        boolean full = windowStart == null;
        long total = pages.count(shop, tokens, type, windowStart);
        if (cursor == null && bulk != null && (total < 0 || total >= bulkThreshold)) {
            return bulkPass(shop, tokens, type, windowStart, watermark, passStarted, null, 0, cancelled);
        }
        long done = 0;
        int pageSize = initialPageSizes.getOrDefault(type, 50);
        listener.onProgress(new SyncProgress(shop, type, SyncProgress.Stage.RUNNING, 0, total, null));
        while (true) {
            if (cancelled.get() || Thread.currentThread().isInterrupted()) {
                throw new SyncCancelledException(shop.value());
            }
            Page page;
            try {
                page = pages.fetch(shop, tokens, type, new PageRequest(cursor, windowStart, pageSize));
            } catch (ShopifyQueryCostException e) {
                if (pageSize == 1) {
                    throw e;
                }
                pageSize = Math.max(1, pageSize / 2);
                continue;
            }
            watermark = EntityPages.newestUpdate(page.entities(), watermark);
            SyncCheckpoint next = page.hasNextPage()
                    ? new SyncCheckpoint(shop, type, SyncCheckpoint.Phase.PAGING, page.endCursor(), null, 0,
                            windowStart, watermark, passStarted)
                    : new SyncCheckpoint(shop, type, SyncCheckpoint.Phase.IDLE, null, null, 0, null, watermark,
                            passStarted);
            sink.accept(new IngestBatch(shop, page.entities(), List.of(), next));
            checkpoints.save(next);
            done += page.entities().size();
            listener.onProgress(new SyncProgress(shop, type, SyncProgress.Stage.RUNNING, done, total, null));
            pageSize = tunedPageSize(pageSize, page.cost());
            if (!page.hasNextPage()) {
                break;
            }
            cursor = page.endCursor();
        }
        if (full) {
            sink.fullPassCompleted(shop, type, passStarted);
        }
        listener.onProgress(new SyncProgress(shop, type, SyncProgress.Stage.TYPE_COMPLETED, done, total, null));
        return new PassResult(done, full);
    }

    // Exports the type with a bulk operation, adopting one this shop already runs for the same query.
    private PassResult bulkPass(ShopDomain shop, AccessTokenSource tokens, EntityType type, Instant windowStart,
                                Instant previousWatermark, Instant passStarted, String operationId, long recordsDone,
                                AtomicBoolean cancelled) {
        String id = operationId;
        if (id == null) {
            String query = BulkExport.queryFor(type, windowStart);
            id = bulk.findRunning(shop, tokens, query).orElse(null);
            if (id == null) {
                id = bulk.start(shop, tokens, type, windowStart);
            } else {
                LOG.info("Adopting the running bulk export {} of {} for {}", id, type, shop);
            }
            checkpoints.save(new SyncCheckpoint(shop, type, SyncCheckpoint.Phase.BULK, null, id, 0, windowStart,
                    previousWatermark, passStarted));
        }
        listener.onProgress(new SyncProgress(shop, type, SyncProgress.Stage.RUNNING, recordsDone, -1,
                "Waiting for Shopify's bulk export"));
        BulkOperation completed;
        try {
            completed = bulk.await(shop, tokens, id, () -> cancelled.get() || Thread.currentThread().isInterrupted());
        } catch (RuntimeException e) {
            if (cancelled.get()) {
                throw new SyncCancelledException(shop.value());
            }
            // The operation is gone for good: forget it so the next sync starts a new one.
            checkpoints.save(new SyncCheckpoint(shop, type, SyncCheckpoint.Phase.IDLE, null, null, 0, null,
                    previousWatermark, passStarted));
            throw e;
        }
        // Entities changed after the export began may be missing from it: the next pass starts there.
        Instant watermark = previousWatermark == null || completed.createdAt().isAfter(previousWatermark)
                ? completed.createdAt() : previousWatermark;
        String finalId = id;
        long[] done = {recordsDone};
        long total = completed.rootObjectCount();
        bulk.read(completed, type, recordsDone, bulkBatchSize, batch -> {
            if (cancelled.get()) {
                throw new SyncCancelledException(shop.value());
            }
            done[0] += batch.size();
            SyncCheckpoint next = new SyncCheckpoint(shop, type, SyncCheckpoint.Phase.BULK, null, finalId, done[0],
                    windowStart, previousWatermark, passStarted);
            sink.accept(new IngestBatch(shop, batch, List.of(), next));
            checkpoints.save(next);
            listener.onProgress(new SyncProgress(shop, type, SyncProgress.Stage.RUNNING, done[0], total, null));
        });
        SyncCheckpoint idle = new SyncCheckpoint(shop, type, SyncCheckpoint.Phase.IDLE, null, null, 0, null,
                watermark, passStarted);
        sink.accept(new IngestBatch(shop, List.of(), List.of(), idle));
        checkpoints.save(idle);
        boolean full = windowStart == null;
        if (full) {
            sink.fullPassCompleted(shop, type, passStarted);
        }
        listener.onProgress(new SyncProgress(shop, type, SyncProgress.Stage.TYPE_COMPLETED, done[0], total, null));
        return new PassResult(done[0] - recordsDone, full);
    }

    // The largest page whose requested cost stays under both the single-query limit and the bucket.
    static int tunedPageSize(int current, QueryCost cost) {
        if (cost == null || cost.requested() <= 0) {
            return current;
        }
        double perNode = Math.max(1.0, (cost.requested() - 2) / current);
        double budget = Math.min(SINGLE_QUERY_LIMIT, cost.maximumAvailable()) * 0.9 - 2;
        int fitting = (int) Math.floor(budget / perNode);
        return Math.max(1, Math.min(PageRequest.MAX_PAGE_SIZE, fitting));
    }

    /** Options of a {@link SyncEngine}. */
    public static final class Builder {
        private AdminGraphqlClient client;
        private IngestSink sink;
        private CheckpointStore checkpoints;
        private SyncListener listener = SyncListener.NONE;
        private Clock clock = Clock.systemUTC();
        private Duration overlap = Duration.ofMinutes(2);
        private BulkExport bulk;
        private long bulkThreshold = 10_000;
        private int bulkBatchSize = 500;
        private final Map<EntityType, Integer> initialPageSizes = new EnumMap<>(Map.of(
                // Orders with ten line items each cost about 113 points: 8 stay under the 1,000 limit.
                EntityType.CUSTOMER, 100, EntityType.PRODUCT, 50, EntityType.ORDER, 8));

        private Builder() {
        }

        /** The Admin API client. */
        public Builder client(AdminGraphqlClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Where the data goes. */
        public Builder sink(IngestSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** Where progress is remembered. */
        public Builder checkpoints(CheckpointStore checkpoints) {
            this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
            return this;
        }

        /** Who hears about progress. */
        public Builder listener(SyncListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock for pass start times. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How far before the last watermark an incremental pass starts (default 2 minutes). */
        public Builder overlap(Duration overlap) {
            if (overlap.isNegative()) {
                throw new IllegalArgumentException("overlap must not be negative");
            }
            this.overlap = overlap;
            return this;
        }

        /** The page size of the first page of {@code type}; later pages adapt to the reported cost. */
        public Builder initialPageSize(EntityType type, int pageSize) {
            new PageRequest(null, null, pageSize);
            initialPageSizes.put(type, pageSize);
            return this;
        }

        /**
         * Enables bulk exports for passes of at least {@code threshold} records (0: always), which
         * are stored in batches of {@code batchSize}. Without this, every pass pages.
         */
        public Builder bulk(BulkExport bulk, long threshold, int batchSize) {
            if (threshold < 0 || batchSize < 1) {
                throw new IllegalArgumentException("threshold must be >= 0 and batchSize >= 1");
            }
            this.bulk = Objects.requireNonNull(bulk, "bulk");
            this.bulkThreshold = threshold;
            this.bulkBatchSize = batchSize;
            return this;
        }

        /** The engine. */
        public SyncEngine build() {
            if (client == null || sink == null || checkpoints == null) {
                throw new IllegalStateException("A SyncEngine needs a client, a sink and a checkpoint store");
            }
            return new SyncEngine(this);
        }
    }
}
