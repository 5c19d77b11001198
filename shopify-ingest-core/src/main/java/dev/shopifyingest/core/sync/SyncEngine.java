package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.fetch.BulkExport;
import dev.shopifyingest.core.fetch.BulkExportException;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>With bulk exports enabled, the types whose passes use one run concurrently, each on its own
 * thread, never more bulk operations at once than {@link Builder#bulkOperationsPerShop} allows;
 * paged passes run one after another on the calling thread. The sink, the checkpoint store and
 * the listener are therefore called from several threads at once (for different types) and must
 * be thread-safe. {@link #bulkOperationFinished} wakes a pass waiting for its export.
 */
public final class SyncEngine {

    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    /** Concurrent bulk query operations Shopify allows per shop and app since API 2026-01. */
    public static final int DEFAULT_BULK_OPERATIONS_PER_SHOP = 5;
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
    private final int bulkOperationsPerShop;
    private final Map<ShopDomain, Run> running = new ConcurrentHashMap<>();

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
        this.bulkOperationsPerShop = builder.bulkOperationsPerShop;
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
        Run run = running.get(shop);
        if (run != null) {
            run.stop();
        }
    }

    /**
     * Hands over Shopify's {@code bulk_operations/finish} webhook for {@code shop}: the sync
     * waiting for that operation reads it at once instead of at its next poll. Without it (or when
     * the webhook is lost, or reaches another process) polling notices the end a little later.
     * Does nothing when bulk exports are not enabled.
     *
     * @param operationId the payload's {@code admin_graphql_api_id}, e.g. {@code gid://shopify/BulkOperation/1}
     */
    public void bulkOperationFinished(ShopDomain shop, String operationId) {
        if (bulk != null) {
            bulk.finished(shop, operationId);
        }
    }

    /** Whether a sync of {@code shop} is running in this process. */
    public boolean isRunning(ShopDomain shop) {
        return running.containsKey(shop);
    }

    private SyncReport run(ShopDomain shop, AccessTokenSource tokens, boolean forceFull) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(tokens, "tokens");
        Run run = new Run(shop, tokens, forceFull, bulkOperationsPerShop);
        if (running.putIfAbsent(shop, run) != null) {
            throw new SyncAlreadyRunningException(shop.value());
        }
        Instant started = clock.instant();
        try {
            listener.onProgress(new SyncProgress(shop, null, SyncProgress.Stage.STARTED, 0, -1, null));
            Map<EntityType, PassResult> results = runPasses(run);
            Map<EntityType, Long> stored = new EnumMap<>(EntityType.class);
            boolean full = forceFull;
            for (EntityType type : ORDER_OF_TYPES) {
                stored.put(type, results.get(type).stored);
                full |= results.get(type).full;
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

    /**
     * Plans every type's pass, then runs the bulk passes concurrently, each on its own thread
     * (their exports run at Shopify meanwhile, and at most the per-shop limit at once), and the
     * paged passes one after another on the calling thread: paged passes share the shop's one
     * query-cost bucket, so running them side by side would only split the same rate. With a
     * limit of one bulk operation per shop everything runs in order on the calling thread.
     * When a pass fails, the others stop at their next batch boundary (keeping their
     * checkpoints) and the first failure is thrown.
     */
    private Map<EntityType, PassResult> runPasses(Run run) {
        Map<EntityType, PassResult> results = new ConcurrentHashMap<>();
        List<Plan> plans = new ArrayList<>();
        for (EntityType type : ORDER_OF_TYPES) {
            run.checkCancelled();
            plans.add(plan(run, type));
        }
        plans = adoptRunning(run, plans);
        if (bulkOperationsPerShop == 1) {
            for (Plan plan : plans) {
                results.put(plan.type(), runPass(run, plan));
            }
            return results;
        }
        List<Thread> bulkThreads = new ArrayList<>();
        for (Plan plan : plans) {
            if (plan.bulk()) {
                bulkThreads.add(Thread.ofPlatform().daemon()
                        .name("shopify-sync-" + run.shop.value() + "-" + plan.type().name().toLowerCase(Locale.ROOT))
                        .start(() -> run.attempt(() -> results.put(plan.type(), runPass(run, plan)))));
            }
        }
        for (Plan plan : plans) {
            if (!plan.bulk()) {
                run.attempt(() -> results.put(plan.type(), runPass(run, plan)));
            }
        }
        run.join(bulkThreads);
        run.throwFailure();
        return results;
    }

    // One listing of the shop's running operations for all new bulk passes: a sync that died after
    // Shopify accepted an export, before its checkpoint was saved, adopts it instead of starting another.
    private List<Plan> adoptRunning(Run run, List<Plan> plans) {
        if (plans.stream().noneMatch(plan -> plan.bulk() && plan.operationId() == null)) {
            return plans;
        }
        Map<String, String> running = bulk.running(run.shop, run.tokens);
        List<Plan> adopted = new ArrayList<>();
        for (Plan plan : plans) {
            String id = plan.bulk() && plan.operationId() == null
                    ? running.get(BulkExport.queryFor(plan.type(), plan.windowStart()).strip()) : null;
            if (id == null) {
                adopted.add(plan);
            } else {
                LOG.info("Adopting the running bulk export {} of {} for {}", id, plan.type(), run.shop);
                checkpoints.save(new SyncCheckpoint(run.shop, plan.type(), SyncCheckpoint.Phase.BULK, null, id, 0,
                        plan.windowStart(), plan.watermark(), plan.passStarted()));
                adopted.add(new Plan(plan.type(), true, null, id, 0, plan.windowStart(), plan.watermark(),
                        plan.passStarted(), plan.total()));
            }
        }
        return adopted;
    }

    private PassResult runPass(Run run, Plan plan) {
        return plan.bulk() ? bulkPass(run, plan) : pagedPass(run, plan);
    }

    private record PassResult(long stored, boolean full) {
    }

    /**
     * What a type's pass will do: resume or start paging from {@code cursor}, or resume or start
     * a bulk export ({@code operationId} set when one was already started).
     */
    private record Plan(EntityType type, boolean bulk, String cursor, String operationId, long recordsDone,
                        Instant windowStart, Instant watermark, Instant passStarted, long total) {
    }

    private Plan plan(Run run, EntityType type) {
        ShopDomain shop = run.shop;
        SyncCheckpoint checkpoint = checkpoints.load(shop, type).orElse(null);
        if (checkpoint != null && checkpoint.phase() == SyncCheckpoint.Phase.BULK && bulk != null) {
            return new Plan(type, true, null, checkpoint.bulkOperationId(), checkpoint.bulkRecordsDone(),
                    checkpoint.windowStart(), checkpoint.watermark(), checkpoint.runStartedAt(), -1);
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
            windowStart = run.forceFull || watermark == null ? null : watermark.minus(overlap);
            passStarted = clock.instant();
        }
        long total = pages.count(shop, run.tokens, type, windowStart);
        boolean useBulk = cursor == null && bulk != null && (total < 0 || total >= bulkThreshold);
        return new Plan(type, useBulk, cursor, null, 0, windowStart, watermark, passStarted, total);
    }

    private PassResult pagedPass(Run run, Plan plan) {
        ShopDomain shop = run.shop;
        EntityType type = plan.type();
        String cursor = plan.cursor();
        Instant windowStart = plan.windowStart();
        Instant watermark = plan.watermark();
        Instant passStarted = plan.passStarted();
        long total = plan.total();
        boolean full = windowStart == null;
        long done = 0;
        int pageSize = initialPageSizes.getOrDefault(type, 50);
        listener.onProgress(new SyncProgress(shop, type, SyncProgress.Stage.RUNNING, 0, total, null));
        while (true) {
            run.checkCancelled();
            Page page;
            try {
                page = pages.fetch(shop, run.tokens, type, new PageRequest(cursor, windowStart, pageSize));
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

    // Exports the type with a bulk operation: the one the plan adopted or resumes, or a new one.
    // The operation holds one of the run's slots from before it is started until it has finished.
    private PassResult bulkPass(Run run, Plan plan) {
        ShopDomain shop = run.shop;
        AccessTokenSource tokens = run.tokens;
        EntityType type = plan.type();
        Instant windowStart = plan.windowStart();
        Instant previousWatermark = plan.watermark();
        Instant passStarted = plan.passStarted();
        long recordsDone = plan.recordsDone();
        String id = plan.operationId();
        BulkOperation completed;
        run.acquireSlot();
        try {
            if (id == null) {
                try {
                    id = bulk.startWhenFree(shop, tokens, type, windowStart, run::stopping);
                } catch (BulkExportException e) {
                    run.checkCancelled();
                    throw e;
                }
                checkpoints.save(new SyncCheckpoint(shop, type, SyncCheckpoint.Phase.BULK, null, id, 0, windowStart,
                        previousWatermark, passStarted));
            }
            listener.onProgress(new SyncProgress(shop, type, SyncProgress.Stage.RUNNING, recordsDone, -1,
                    "Waiting for Shopify's bulk export"));
            try {
                completed = bulk.await(shop, tokens, id, run::stopping);
            } catch (BulkExportException e) {
                run.checkCancelled();
                // The operation is gone for good: forget it so the next sync starts a new one.
                checkpoints.save(new SyncCheckpoint(shop, type, SyncCheckpoint.Phase.IDLE, null, null, 0, null,
                        previousWatermark, passStarted));
                throw e;
            }
        } finally {
            run.releaseSlot();
        }
        // Entities changed after the export began may be missing from it: the next pass starts there.
        Instant watermark = previousWatermark == null || completed.createdAt().isAfter(previousWatermark)
                ? completed.createdAt() : previousWatermark;
        String finalId = id;
        long[] done = {recordsDone};
        long total = completed.rootObjectCount();
        bulk.read(completed, type, recordsDone, bulkBatchSize, batch -> {
            run.checkCancelled();
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

    /**
     * One sync of one shop: its cancellation flag (set by {@link #cancel} or by a failed pass),
     * the first failure of its passes, and the slots that bound its concurrent bulk operations.
     */
    private static final class Run {
        private final ShopDomain shop;
        private final AccessTokenSource tokens;
        private final boolean forceFull;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private int freeSlots;
        private RuntimeException failure;
        private Error error;

        Run(ShopDomain shop, AccessTokenSource tokens, boolean forceFull, int slots) {
            this.shop = shop;
            this.tokens = tokens;
            this.forceFull = forceFull;
            this.freeSlots = slots;
        }

        boolean stopping() {
            return cancelled.get() || Thread.currentThread().isInterrupted();
        }

        void checkCancelled() {
            if (stopping()) {
                throw new SyncCancelledException(shop.value());
            }
        }

        synchronized void stop() {
            cancelled.set(true);
            notifyAll();
        }

        synchronized void acquireSlot() {
            while (freeSlots == 0) {
                checkCancelled();
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SyncCancelledException(shop.value());
                }
            }
            checkCancelled();
            freeSlots--;
        }

        synchronized void releaseSlot() {
            freeSlots++;
            notifyAll();
        }

        // Runs a pass; a failure stops the other passes.
        void attempt(Runnable pass) {
            try {
                pass.run();
            } catch (RuntimeException e) {
                record(e);
            } catch (Error e) {
                synchronized (this) {
                    error = error == null ? e : error;
                }
                stop();
            }
        }

        // The first real failure wins over the cancellations it causes in the other passes.
        private void record(RuntimeException e) {
            synchronized (this) {
                if (failure == null
                        || failure instanceof SyncCancelledException && !(e instanceof SyncCancelledException)) {
                    failure = e;
                }
            }
            stop();
        }

        // Waits for the bulk passes; an interrupt of the calling thread cancels them, and is kept.
        void join(List<Thread> passes) {
            boolean interrupted = false;
            for (Thread pass : passes) {
                while (true) {
                    try {
                        pass.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                        stop();
                        passes.forEach(Thread::interrupt);
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
                record(new SyncCancelledException(shop.value()));
            }
        }

        synchronized void throwFailure() {
            if (error != null) {
                throw error;
            }
            if (failure != null) {
                throw failure;
            }
        }
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
        private int bulkOperationsPerShop = DEFAULT_BULK_OPERATIONS_PER_SHOP;
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

        /**
         * How many bulk operations one sync may run at once on a shop (default 5, Shopify's
         * limit for bulk queries since API 2026-01). Set 1 for older API versions, which allow
         * one: the passes then run one after another. A start that Shopify still refuses with
         * {@code LIMIT_REACHED} (operations started elsewhere count too) waits and tries again.
         */
        public Builder bulkOperationsPerShop(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("bulkOperationsPerShop must be at least 1, got " + limit);
            }
            this.bulkOperationsPerShop = limit;
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
