package dev.shopifyingest.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.fetch.BulkExport;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.testing.Expected;
import dev.shopifyingest.core.testing.TestClients;
import dev.shopifyingest.core.testing.VirtualClock;
import dev.shopifyingest.core.testing.WebhookInbox;
import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.core.webhook.WebhookPayloads;
import dev.shopifyingest.core.webhook.WebhookTopic;
import dev.shopifyingest.core.webhook.WebhookVerifier;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.graphql.AdminGraphql;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SyncEngine}'s bulk passes running side by side against FakeShopify: several exports at
 * once within the per-shop limit, a start Shopify refuses with its limit waiting and trying again,
 * and {@code bulk_operations/finish} webhooks, delivered over HTTP, ending the waits instead of
 * timed polls.
 * Nothing here waits on time: latches and blocking sleepers make each run the same.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentBulkSyncTest {

    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    private static final OkHttpClient DOWNLOADS = new OkHttpClient();
    private static final AdminGraphql.Options ON_POLL = AdminGraphql.Options.builder()
            .bulkProgress(AdminGraphql.Options.BulkProgress.ON_POLL).build();

    @TempDir
    Path workDir;

    private final VirtualClock clock = new VirtualClock(END.plus(Duration.ofDays(1)));
    private final List<FakeShopify> fakes = new ArrayList<>();

    @AfterEach
    void stop() {
        fakes.forEach(FakeShopify::close);
    }

    private FakeShopify fake(String domain, int orders, AdminGraphql.Options options) {
        FakeShopify fake = FakeShopify.builder()
                .store(StoreFixture.builder().orders(orders).seed(23).end(END).shopDomain(domain).build())
                .clock(clock)
                .graphqlOptions(options)
                .start();
        fakes.add(fake);
        return fake;
    }

    private AdminGraphqlClient client(FakeShopify fake) {
        return TestClients.graphqlBuilder(fake).clock(clock).sleeper(clock).build();
    }

    @Test
    void sixBulkExportsOfTwoShopsAtOnceStayWithinThePerShopLimitAndConvergeExactly() throws Exception {
        List<FakeShopify> shops = List.of(fake("first-shop.myshopify.com", 80, ON_POLL),
                fake("second-shop.myshopify.com", 80, ON_POLL));
        List<CompletableFuture<SyncReport>> syncs = new ArrayList<>();
        List<InMemoryIngestSink> stored = new ArrayList<>();
        for (FakeShopify fake : shops) {
            InMemoryIngestSink sink = new InMemoryIngestSink(clock);
            stored.add(sink);
            AdminGraphqlClient client = client(fake);
            BulkExport export = new BulkExport(client, DOWNLOADS, workDir, Duration.ofMillis(50), clock, 1_000);
            // Two slots for three types: one type's export waits until another's has finished.
            SyncEngine engine = SyncEngine.builder().client(client).checkpoints(new InMemoryCheckpointStore())
                    .sink(new MeetingSink(sink, 3)).clock(clock).bulk(export, 0, 20).bulkOperationsPerShop(2).build();
            syncs.add(CompletableFuture.supplyAsync(
                    () -> engine.sync(TestClients.shop(fake), TestClients.adminToken(fake))));
        }
        for (CompletableFuture<SyncReport> sync : syncs) {
            sync.get(60, TimeUnit.SECONDS);
        }

        for (int i = 0; i < shops.size(); i++) {
            FakeShopify fake = shops.get(i);
            assertThat(fake.graphql().mostConcurrentBulkOperations()).as("bulk operations at once on %s",
                    fake.shopDomain()).isBetween(1, 2);
            assertThat(bulkExportsStarted(fake)).as("exports started on %s", fake.shopDomain()).isEqualTo(3);
            Expected.assertSinkEqualsStore(stored.get(i), TestClients.shop(fake), fake.store());
        }
    }

    @Test
    void aStartRefusedWithTheShopsLimitWaitsAndTriesAgain() throws Exception {
        // API versions before 2026-01 allow one bulk query at a time; the engine is told five.
        FakeShopify fake = fake("busy-shop.myshopify.com", 60, ON_POLL.toBuilder().bulkConcurrency(1).build());
        ShopDomain shop = TestClients.shop(fake);
        AccessTokenSource token = TestClients.adminToken(fake);
        AdminGraphqlClient client = client(fake);
        BulkExport elsewhere = new BulkExport(client, DOWNLOADS, workDir, Duration.ofMillis(50), clock, 1_000);
        // Another part of the app runs an export of its own, which the sync must not adopt.
        String blocker = elsewhere.start(shop, token, EntityType.PRODUCT, END.minus(Duration.ofDays(3)));
        CountDownLatch waiting = new CountDownLatch(1);
        BulkExport export = new BulkExport(client, DOWNLOADS, workDir, Duration.ofMillis(50), duration -> {
            waiting.countDown();
            clock.sleep(duration);
        }, 1_000);
        InMemoryIngestSink sink = new InMemoryIngestSink(clock);
        SyncEngine engine = SyncEngine.builder().client(client).sink(sink).checkpoints(new InMemoryCheckpointStore())
                .clock(clock).bulk(export, 0, 20).build();

        CompletableFuture<SyncReport> sync = CompletableFuture.supplyAsync(() -> engine.sync(shop, token));
        assertThat(waiting.await(30, TimeUnit.SECONDS)).as("the sync waits for a free slot").isTrue();
        assertThat(sync).isNotDone();
        elsewhere.await(shop, token, blocker, () -> false);
        sync.get(60, TimeUnit.SECONDS);

        assertThat(refusedStarts(fake)).as("starts refused while the shop was busy").isPositive();
        assertThat(bulkExportsStarted(fake) - refusedStarts(fake)).as("accepted: the blocker and one export per type")
                .isEqualTo(4);
        assertThat(fake.graphql().mostConcurrentBulkOperations()).isEqualTo(1);
        Expected.assertSinkEqualsStore(sink, shop, fake.store());
    }

    @Test
    void finishWebhooksEndTheWaitsSoEachExportIsPolledAtMostTwice() throws Exception {
        // Bulk operations run on the fake's own thread, as on Shopify, and end with a webhook.
        FakeShopify fake = fake("notified-shop.myshopify.com", 60, AdminGraphql.Options.defaults());
        ShopDomain shop = TestClients.shop(fake);
        AccessTokenSource token = TestClients.adminToken(fake);
        AdminGraphqlClient client = client(fake);
        // A poll interval of a day and a sleeper that only a notification ends: without the
        // webhooks the sync would never finish.
        List<Duration> waits = new CopyOnWriteArrayList<>();
        BulkExport export = new BulkExport(client, DOWNLOADS, workDir, Duration.ofDays(1), duration -> {
            waits.add(duration);
            Thread.sleep(Duration.ofDays(1));
        }, 1_000);
        InMemoryIngestSink sink = new InMemoryIngestSink(clock);
        SyncEngine engine = SyncEngine.builder().client(client).sink(sink).checkpoints(new InMemoryCheckpointStore())
                .clock(clock).bulk(export, 0, 20).build();
        WebhookVerifier verifier = WebhookVerifier.of(fake.clientSecret());
        try (WebhookInbox endpoint = new WebhookInbox(received -> {
            WebhookDelivery delivery = WebhookDelivery.parse(received.headers(), received.body());
            if (verifier.verify(delivery) && delivery.topic() == WebhookTopic.Known.BULK_OPERATIONS_FINISH) {
                engine.bulkOperationFinished(delivery.shopDomain(), WebhookPayloads.bulkOperationId(delivery));
            }
        })) {
            client.execute(shop, token, GraphqlOperation.named("WebhookSubscriptionCreate"),
                    Map.of("topic", "BULK_OPERATIONS_FINISH", "uri", endpoint.uri().toString()))
                    .mutationPayload("webhookSubscriptionCreate");

            engine.sync(shop, token);

            assertThat(endpoint.awaitTopic("bulk_operations/finish", 3, Duration.ofSeconds(30))).hasSize(3);
        }
        assertThat(bulkExportsStarted(fake)).isEqualTo(3);
        assertThat(polls(fake)).as("status polls of three exports").isBetween(3L, 6L);
        assertThat(waits).as("waits, each ended by a webhook").hasSizeLessThanOrEqualTo(3);
        Expected.assertSinkEqualsStore(sink, shop, fake.store());
    }

    private static long bulkExportsStarted(FakeShopify fake) {
        return fake.requests().stream()
                .filter(r -> r.isGraphql() && r.body().contains("bulkOperationRunQuery")).count();
    }

    private static long polls(FakeShopify fake) {
        return fake.requests().stream().filter(r -> r.isGraphql() && r.body().contains("bulkOperation(id:")).count();
    }

    private static long refusedStarts(FakeShopify fake) {
        return fake.wireMock().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getBodyAsString().contains("bulkOperationRunQuery"))
                .filter(e -> e.getResponse().getBodyAsString().contains("OPERATION_IN_PROGRESS"))
                .count();
    }

    /**
     * Holds the first batch of each type until every type has delivered its first batch: a sync
     * whose passes ran one after another would never get past the first.
     */
    private static final class MeetingSink implements IngestSink {
        private final IngestSink delegate;
        private final CountDownLatch firstBatches;
        private final Set<EntityType> seen = ConcurrentHashMap.newKeySet();

        MeetingSink(IngestSink delegate, int types) {
            this.delegate = delegate;
            this.firstBatches = new CountDownLatch(types);
        }

        @Override
        public void accept(IngestBatch batch) {
            List<? extends Entity> upserts = batch.upserts();
            if (!upserts.isEmpty() && seen.add(upserts.getFirst().type())) {
                firstBatches.countDown();
                try {
                    if (!firstBatches.await(30, TimeUnit.SECONDS)) {
                        throw new AssertionError("The passes did not run side by side: " + seen + " only");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            delegate.accept(batch);
        }

        @Override
        public void fullPassCompleted(ShopDomain shop, EntityType type, Instant passStartedAt) {
            delegate.fullPassCompleted(shop, type, passStartedAt);
        }
    }
}
