package dev.shopifyingest.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.fetch.BulkExport;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.testing.Expected;
import dev.shopifyingest.core.testing.TestClients;
import dev.shopifyingest.core.testing.VirtualClock;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.fault.Endpoint;
import dev.shopifyingest.testkit.fault.Fault;
import dev.shopifyingest.testkit.fault.FaultKind;
import dev.shopifyingest.testkit.graphql.AdminGraphql;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.FakeVariant;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SyncEngine} against FakeShopify: a full sync copies the store exactly, incremental and
 * full syncs converge after changes, a crash at any batch boundary resumes without loss or
 * repetition, in both the paged and the bulk path, and progress is reported with totals.
 *
 * <p>The fake's bucket and the client share a {@link VirtualClock}, so pacing costs no wall time;
 * bulk operations advance one step per poll, so every run is the same.
 */
class SyncEngineWithFakeShopifyTest {

    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    private static final OkHttpClient DOWNLOADS = new OkHttpClient();

    @TempDir
    Path workDir;

    private VirtualClock clock;
    private FakeShopify fake;
    private ShopDomain shop;
    private AccessTokenSource token;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private void start(int orders, AdminGraphql.Options options) {
        clock = new VirtualClock(END.plus(Duration.ofDays(1)));
        fake = FakeShopify.builder()
                .store(StoreFixture.builder().orders(orders).seed(17).end(END).build())
                .clock(clock)
                .graphqlOptions(options)
                .start();
        shop = TestClients.shop(fake);
        token = TestClients.adminToken(fake);
    }

    private void start(int orders) {
        start(orders, AdminGraphql.Options.builder().bulkProgress(AdminGraphql.Options.BulkProgress.ON_POLL).build());
    }

    private AdminGraphqlClient client() {
        return TestClients.graphqlBuilder(fake).clock(clock).sleeper(clock).build();
    }

    private SyncEngine.Builder paged(IngestSink sink, CheckpointStore checkpoints) {
        return SyncEngine.builder().client(client()).sink(sink).checkpoints(checkpoints).clock(clock);
    }

    private SyncEngine.Builder bulk(IngestSink sink, CheckpointStore checkpoints, int batchSize, int runSize) {
        AdminGraphqlClient client = client();
        BulkExport export = new BulkExport(client, DOWNLOADS, workDir, Duration.ofMillis(50), clock, runSize);
        return SyncEngine.builder().client(client).sink(sink).checkpoints(checkpoints).clock(clock)
                .bulk(export, 0, batchSize);
    }

    private int entityCount() {
        FakeStore store = fake.store();
        return store.customers().size() + store.products().size() + store.orders().size();
    }

    @Test
    void aFullSyncCopiesTheStoreExactly() {
        start(400);
        InMemoryIngestSink sink = new InMemoryIngestSink(clock);

        SyncReport report = paged(sink, new InMemoryCheckpointStore()).build().sync(shop, token);

        assertThat(report.full()).isTrue();
        assertThat(report.stored().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(entityCount());
        Expected.assertSinkEqualsStore(sink, shop, fake.store());
    }

    @Test
    void anIncrementalSyncPicksUpChangesAndCreationsAndAFullSyncHealsDeletions() {
        start(300);
        FakeStore store = fake.store();
        // Deleting a product that orders refer to unlinks their lines without changing the orders,
        // which only a full pass sees; the product deleted here was never ordered.
        long discontinued = store.products().create(id -> new FakeProduct(id, "Discontinued", "discontinued",
                "Northwind", "Home", "ACTIVE", List.of(), List.of(new FakeVariant(store.nextVariantId(), "Default Title",
                        "DISC-1", new BigDecimal("5.00"), 0, 1, store.now(), store.now())), store.now(), store.now())).id();
        InMemoryIngestSink sink = new InMemoryIngestSink(clock);
        InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
        paged(sink, checkpoints).build().sync(shop, token);
        clock.advance(Duration.ofHours(3));

        List<Long> deletedOrders = change(store, discontinued);
        SyncReport incremental = paged(sink, checkpoints).build().sync(shop, token);

        assertThat(incremental.full()).isFalse();
        assertThat(incremental.stored().get(EntityType.ORDER)).as("only what changed is read again")
                .isLessThan(20);
        // Every change and creation arrived; deletions are still stored until a full pass.
        Expected.assertSame(withoutDeleted(sink.entities(shop, EntityType.ORDER, Order.class), deletedOrders),
                Expected.orders(store), "orders");
        assertThat(sink.find(shop, EntityType.ORDER, deletedOrders.getFirst())).isPresent();
        Expected.assertSame(sink.entities(shop, EntityType.PRODUCT, Product.class).stream()
                .filter(p -> store.products().find(p.id()).isPresent()).toList(), Expected.products(store), "products");
        // A customer's order count and amount spent follow their orders without changing the customer
        // itself, so they converge at the next full pass; every other field converges now.
        assertThat(sink.entities(shop, EntityType.CUSTOMER, Customer.class).stream()
                .filter(c -> store.customers().find(c.id()).isPresent()).toList())
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("rawJson", "numberOfOrders", "amountSpent")
                .containsExactlyInAnyOrderElementsOf(Expected.customers(store));

        clock.advance(Duration.ofMinutes(10));
        SyncReport full = paged(sink, checkpoints).build().fullSync(shop, token);

        assertThat(full.full()).isTrue();
        Expected.assertSinkEqualsStore(sink, shop, store);
    }

    // Updates, creates and deletes a few of each; returns the deleted orders.
    private List<Long> change(FakeStore store, long productToDelete) {
        List<FakeOrder> orders = store.orders().all().skip(30).limit(6).toList();
        UnaryOperator<FakeOrder> cancel = o -> new FakeOrder(o.id(), o.number(), o.customerId(), o.email(),
                o.createdAt(), o.processedAt(), o.updatedAt(), store.now(), "CUSTOMER", o.closedAt(), o.test(),
                "VOIDED", o.fulfillmentStatus(), o.lineItems(), o.shipping(), o.tax(), o.refunds());
        store.orders().update(orders.get(0).id(), cancel);
        store.orders().update(orders.get(1).id(), o -> o);
        store.orders().update(orders.get(2).id(), o -> new FakeOrder(o.id(), o.number(), o.customerId(),
                "changed@example.com", o.createdAt(), o.processedAt(), o.updatedAt(), o.cancelledAt(),
                o.cancelReason(), store.now(), o.test(), o.financialStatus(), o.fulfillmentStatus(), o.lineItems(),
                o.shipping(), o.tax(), o.refunds()));
        FakeOrder template = store.fixture().order(5);
        for (int i = 0; i < 3; i++) {
            store.orders().create(id -> new FakeOrder(id, store.nextOrderNumber(), template.customerId(),
                    template.email(), store.now(), store.now(), store.now(), null, null, null, false, "PAID",
                    "UNFULFILLED", template.lineItems(), template.shipping(), template.tax(), List.of()));
        }
        FakeCustomer customer = store.customers().all().skip(4).findFirst().orElseThrow();
        store.customers().update(customer.id(), c -> new FakeCustomer(c.id(), c.firstName(), "Renamed",
                c.email(), c.phone(), c.acceptsEmailMarketing(), c.address(), List.of("vip", "renamed"),
                c.createdAt(), c.updatedAt()));
        store.customers().create(id -> new FakeCustomer(id, "New", "Customer", "new.customer@example.com", null,
                false, null, List.of(), store.now(), store.now()));
        FakeProduct product = store.products().all().skip(2).findFirst().orElseThrow();
        store.products().update(product.id(), p -> new FakeProduct(p.id(), p.title() + " v2", p.handle(), p.vendor(),
                p.productType(), "ARCHIVED", p.tags(), p.variants(), p.createdAt(), p.updatedAt()));
        List<Long> deleted = List.of(orders.get(4).id(), orders.get(5).id());
        deleted.forEach(id -> store.orders().delete(id));
        store.products().delete(productToDelete);
        return deleted;
    }

    private static List<Order> withoutDeleted(List<Order> orders, List<Long> deleted) {
        return orders.stream().filter(o -> !deleted.contains(o.id())).toList();
    }

    @Test
    void aCrashAtEveryBatchBoundaryOfAPagedSyncResumesWithoutLossOrRepetition() {
        start(60);
        int batches = countBatches(sink -> paged(sink, new InMemoryCheckpointStore()).initialPageSize(
                EntityType.CUSTOMER, 6).initialPageSize(EntityType.PRODUCT, 4));
        assertThat(batches).as("batches of a full sync").isGreaterThan(10);

        for (int crashOn = 0; crashOn < batches; crashOn++) {
            InMemoryIngestSink stored = new InMemoryIngestSink(clock);
            CrashingSink sink = new CrashingSink(stored).crashOnBatch(crashOn);
            CheckpointStore checkpoints = new InMemoryCheckpointStore();
            SyncEngine first = paged(sink, checkpoints).initialPageSize(EntityType.CUSTOMER, 6)
                    .initialPageSize(EntityType.PRODUCT, 4).build();
            assertThatThrownBy(() -> first.sync(shop, token)).isInstanceOf(CrashingSink.Crash.class);
            long overlap = overlapRereads(checkpoints);

            SyncEngine restarted = paged(sink, checkpoints).initialPageSize(EntityType.CUSTOMER, 6)
                    .initialPageSize(EntityType.PRODUCT, 4).build();
            restarted.sync(shop, token);

            Expected.assertSinkEqualsStore(stored, shop, fake.store());
            assertThat(sink.storedUpserts()).as("entities stored across the crash at batch %s", crashOn)
                    .isEqualTo(entityCount() + overlap);
        }
    }

    @Test
    void aCrashAtEveryBatchBoundaryOfABulkSyncResumesWithoutLossOrRepetition() {
        start(60);
        int batches = countBatches(sink -> bulk(sink, new InMemoryCheckpointStore(), 10, 1_000));
        assertThat(batches).as("batches of a bulk sync").isGreaterThan(8);

        for (int crashOn = 0; crashOn < batches; crashOn++) {
            InMemoryIngestSink stored = new InMemoryIngestSink(clock);
            CrashingSink sink = new CrashingSink(stored).crashOnBatch(crashOn);
            CheckpointStore checkpoints = new InMemoryCheckpointStore();
            SyncEngine first = bulk(sink, checkpoints, 10, 1_000).build();
            assertThatThrownBy(() -> first.sync(shop, token)).isInstanceOf(CrashingSink.Crash.class);
            long overlap = overlapRereads(checkpoints);

            bulk(sink, checkpoints, 10, 1_000).build().sync(shop, token);

            Expected.assertSinkEqualsStore(stored, shop, fake.store());
            assertThat(sink.storedUpserts()).as("entities stored across the crash at batch %s", crashOn)
                    .isEqualTo(entityCount() + overlap);
        }
    }

    /**
     * What a restarted sync reads twice, by design: a resumed pass continues after its last stored
     * batch, but a type whose pass had completed is synced incrementally, from its watermark less
     * the engine's overlap (2 minutes), and reads that window again.
     */
    private long overlapRereads(CheckpointStore checkpoints) {
        FakeStore store = fake.store();
        long rereads = 0;
        for (EntityType type : EntityType.values()) {
            Optional<SyncCheckpoint> checkpoint = checkpoints.load(shop, type);
            if (checkpoint.isEmpty() || checkpoint.get().phase() != SyncCheckpoint.Phase.IDLE
                    || checkpoint.get().watermark() == null) {
                continue;
            }
            Instant from = checkpoint.get().watermark().minus(Duration.ofMinutes(2));
            rereads += switch (type) {
                case CUSTOMER -> store.customers().all().filter(e -> !e.updatedAt().isBefore(from)).count();
                case PRODUCT -> store.products().all().filter(e -> !e.updatedAt().isBefore(from)).count();
                case ORDER -> store.orders().all().filter(e -> !e.updatedAt().isBefore(from)).count();
            };
        }
        return rereads;
    }

    private int countBatches(java.util.function.Function<IngestSink, SyncEngine.Builder> engine) {
        CrashingSink counting = new CrashingSink(new InMemoryIngestSink(clock));
        engine.apply(counting).build().sync(shop, token);
        return counting.batches();
    }

    @Test
    void aBulkSyncRegroupsChildrenThatArriveAfterAllParents() {
        start(300);
        InMemoryIngestSink sink = new InMemoryIngestSink(clock);

        // Runs of 50 lines: the regrouping merges many sorted runs, as it would for a huge export.
        SyncReport report = bulk(sink, new InMemoryCheckpointStore(), 40, 50).build().sync(shop, token);

        assertThat(report.full()).isTrue();
        Expected.assertSinkEqualsStore(sink, shop, fake.store());
    }

    @Test
    void aBulkSyncReadsChildrenNextToTheirParentsToo() {
        start(150, AdminGraphql.Options.builder().bulkProgress(AdminGraphql.Options.BulkProgress.ON_POLL)
                .ungroupedLayout(AdminGraphql.Options.BulkLayout.CHILDREN_AFTER_EACH_PARENT).build());
        InMemoryIngestSink sink = new InMemoryIngestSink(clock);

        bulk(sink, new InMemoryCheckpointStore(), 40, 1_000).build().sync(shop, token);

        Expected.assertSinkEqualsStore(sink, shop, fake.store());
    }

    @Test
    void aTruncatedBulkDownloadIsFetchedAgain() {
        start(200);
        InMemoryIngestSink sink = new InMemoryIngestSink(clock);
        fake.faults().next(Endpoint.BULK_DOWNLOAD, 1, Fault.truncatedBody(0.6));
        fake.faults().at(Endpoint.BULK_DOWNLOAD, Fault.connectionReset(), 2);

        bulk(sink, new InMemoryCheckpointStore(), 40, 1_000).build().sync(shop, token);

        assertThat(fake.faults().fired(Endpoint.BULK_DOWNLOAD, FaultKind.TRUNCATED_BODY)).isEqualTo(1);
        assertThat(fake.faults().fired(Endpoint.BULK_DOWNLOAD, FaultKind.CONNECTION_RESET)).isEqualTo(1);
        Expected.assertSinkEqualsStore(sink, shop, fake.store());
    }

    @Test
    void aBulkSyncInTheBackgroundConvergesWithRealPolling() {
        start(200, AdminGraphql.Options.defaults());
        InMemoryIngestSink sink = new InMemoryIngestSink(clock);
        AdminGraphqlClient client = client();
        BulkExport export = new BulkExport(client, DOWNLOADS, workDir, Duration.ofMillis(20),
                d -> Thread.sleep(d.toMillis()), 1_000);

        SyncEngine.builder().client(client).sink(sink).checkpoints(new InMemoryCheckpointStore()).clock(clock)
                .bulk(export, 0, 50).build().sync(shop, token);

        Expected.assertSinkEqualsStore(sink, shop, fake.store());
    }

    @Test
    void aRestartedSyncAdoptsTheBulkOperationItStartedInsteadOfStartingAnother() {
        start(100);
        InMemoryIngestSink sink = new InMemoryIngestSink(clock);
        // The process dies right after Shopify accepted the first export, before its checkpoint was saved.
        CheckpointStore checkpoints = new CheckpointStore() {
            private final InMemoryCheckpointStore delegate = new InMemoryCheckpointStore();
            private boolean crashed;

            @Override
            public Optional<SyncCheckpoint> load(ShopDomain s, EntityType type) {
                return delegate.load(s, type);
            }

            @Override
            public void save(SyncCheckpoint checkpoint) {
                if (!crashed && checkpoint.phase() == SyncCheckpoint.Phase.BULK) {
                    crashed = true;
                    throw new IllegalStateException("Simulated crash before the bulk checkpoint was saved");
                }
                delegate.save(checkpoint);
            }
        };
        assertThatThrownBy(() -> bulk(sink, checkpoints, 50, 1_000).build().sync(shop, token))
                .hasMessageContaining("Simulated crash");

        bulk(sink, checkpoints, 50, 1_000).build().sync(shop, token);

        assertThat(bulkExportsStarted()).as("bulk exports started: one per entity type").isEqualTo(3);
        Expected.assertSinkEqualsStore(sink, shop, fake.store());
    }

    private long bulkExportsStarted() {
        return fake.requests().stream().filter(r -> r.isGraphql() && r.body().contains("bulkOperationRunQuery"))
                .count();
    }

    @Test
    void cancellingStopsBetweenPagesAndTheNextSyncResumes() {
        start(200);
        InMemoryIngestSink stored = new InMemoryIngestSink(clock);
        CrashingSink sink = new CrashingSink(stored);
        InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
        List<SyncProgress> progress = new CopyOnWriteArrayList<>();
        SyncEngine[] engine = new SyncEngine[1];
        engine[0] = paged(sink, checkpoints).listener(p -> {
            progress.add(p);
            if (p.type() == EntityType.ORDER && p.stage() == SyncProgress.Stage.RUNNING && p.done() > 0) {
                engine[0].cancel(shop);
            }
        }).build();

        assertThatThrownBy(() -> engine[0].sync(shop, token)).isInstanceOf(SyncCancelledException.class);
        long overlap = overlapRereads(checkpoints);

        long ordersStored = stored.entities(shop, EntityType.ORDER, Order.class).size();
        assertThat(ordersStored).as("orders stored before the cancellation took effect").isPositive()
                .isLessThan(fake.store().orders().size());
        assertThat(progress.getLast().stage()).isEqualTo(SyncProgress.Stage.CANCELLED);
        assertThat(engine[0].isRunning(shop)).isFalse();
        assertThat(checkpoints.load(shop, EntityType.ORDER)).get()
                .extracting(SyncCheckpoint::phase).isEqualTo(SyncCheckpoint.Phase.PAGING);

        paged(sink, checkpoints).build().sync(shop, token);

        Expected.assertSinkEqualsStore(stored, shop, fake.store());
        assertThat(sink.storedUpserts()).isEqualTo(entityCount() + overlap);
    }

    @Test
    void progressIsReportedPerTypeWithTotals() {
        start(120);
        List<SyncProgress> progress = new CopyOnWriteArrayList<>();

        paged(new InMemoryIngestSink(clock), new InMemoryCheckpointStore()).listener(progress::add).build()
                .sync(shop, token);

        assertProgress(progress);
    }

    @Test
    void aBulkSyncReportsProgressWithTotalsToo() {
        start(120);
        List<SyncProgress> progress = new CopyOnWriteArrayList<>();

        bulk(new InMemoryIngestSink(clock), new InMemoryCheckpointStore(), 25, 1_000).listener(progress::add).build()
                .sync(shop, token);

        assertProgress(progress);
    }

    private void assertProgress(List<SyncProgress> progress) {
        FakeStore store = fake.store();
        assertThat(progress.getFirst().stage()).isEqualTo(SyncProgress.Stage.STARTED);
        assertThat(progress.getLast().stage()).isEqualTo(SyncProgress.Stage.COMPLETED);
        assertThat(progress.getLast().done()).isEqualTo(entityCount());
        for (var type : List.of(EntityType.CUSTOMER, EntityType.PRODUCT, EntityType.ORDER)) {
            long size = switch (type) {
                case CUSTOMER -> store.customers().size();
                case PRODUCT -> store.products().size();
                case ORDER -> store.orders().size();
            };
            List<SyncProgress> ofType = progress.stream().filter(p -> p.type() == type).toList();
            List<SyncProgress> counted = ofType.stream().filter(p -> p.total() >= 0).toList();
            assertThat(counted).as("%s reports with a total", type).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.total()).isEqualTo(size));
            assertThat(ofType).extracting(SyncProgress::done).isSorted();
            assertThat(ofType.getLast().stage()).isEqualTo(SyncProgress.Stage.TYPE_COMPLETED);
            assertThat(ofType.getLast().done()).isEqualTo(size);
        }
    }

    @Test
    void aSecondSyncOfTheSameShopWhileOneRunsIsRefused() {
        start(60);
        List<Throwable> refused = new ArrayList<>();
        SyncEngine[] engine = new SyncEngine[1];
        engine[0] = paged(new InMemoryIngestSink(clock), new InMemoryCheckpointStore()).listener(p -> {
            if (p.stage() == SyncProgress.Stage.STARTED) {
                try {
                    engine[0].sync(shop, token);
                } catch (SyncAlreadyRunningException e) {
                    refused.add(e);
                }
            }
        }).build();

        engine[0].sync(shop, token);

        assertThat(refused).singleElement().asString().contains(fake.shopDomain());
        assertThat(engine[0].isRunning(shop)).isFalse();
    }

}
