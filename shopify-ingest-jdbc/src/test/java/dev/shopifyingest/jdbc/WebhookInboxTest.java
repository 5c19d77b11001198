package dev.shopifyingest.jdbc;

import static dev.shopifyingest.jdbc.TestStores.at;
import static dev.shopifyingest.jdbc.TestStores.customer;
import static dev.shopifyingest.jdbc.TestStores.domain;
import static dev.shopifyingest.jdbc.TestStores.order;
import static dev.shopifyingest.jdbc.TestStores.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.core.webhook.WebhookDeliveryException;
import dev.shopifyingest.core.webhook.WebhookTopic;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookInboxTest {

    @RegisterExtension
    static final PostgresDatabase db = TestStores.migratedDatabase();

    static HikariDataSource pool;
    static TestClock clock = new TestClock(at(1_000_000));
    static PostgresStore store;

    @BeforeAll
    static void start() {
        pool = TestStores.loginPool(db);
        store = TestStores.store(pool, clock);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    /** Processors work across all shops: settle what earlier tests left pending, so counts are this test's own. */
    @BeforeEach
    void settleLeftovers() throws Exception {
        try (var connection = db.dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.execute("update shopify_ingest.webhook_inbox set status = 'DONE', body = null where status = 'PENDING'");
        }
    }

    private static long register(String handle) {
        return store.shops().register(token(handle)).shopId();
    }

    static WebhookDelivery delivery(String handle, String topic, String webhookId, String body) {
        return new WebhookDelivery(WebhookTopic.of(topic), domain(handle), webhookId, "event-" + webhookId,
                at(10), "2026-10", null, null, "verified-hmac", body.getBytes(StandardCharsets.UTF_8));
    }

    static String orderJson(long id, long customerId, Instant updatedAt, String email, int lines) {
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            items.append(i > 1 ? "," : "").append("""
                    {"id":%d,"product_id":7,"variant_id":8,"title":"Lamp","quantity":1,"price":"10.00","total_discount":"0.00"}"""
                    .formatted(id * 100 + i));
        }
        return """
                {"id":%d,"name":"#%d","email":"%s","created_at":"2026-01-01T00:00:00Z",
                 "processed_at":"2026-01-01T00:00:00Z","updated_at":"%s","currency":"EUR","subtotal_price":"10.00",
                 "total_discounts":"0.00","total_tax":"1.90","total_price":"11.90","current_total_price":"11.90",
                 "financial_status":"paid","fulfillment_status":null,"customer":{"id":%d},
                 "line_items":[%s],"refunds":[]}""".formatted(id, id, email, updatedAt, customerId, items);
    }

    static String customerJson(long id, Instant updatedAt, String firstName) {
        return """
                {"id":%d,"first_name":"%s","last_name":"Doe","email":"%s@example.com","phone":"+4930123",
                 "state":"enabled","tags":"vip","created_at":"2026-01-01T00:00:00Z","updated_at":"%s"}"""
                .formatted(id, firstName, firstName.toLowerCase(), updatedAt);
    }

    @Test
    void storesADeliveryOnceAndReportsShopifysRetriesAsDuplicates() {
        long shopId = register("dedup");
        WebhookDelivery delivery = delivery("dedup", "orders/create", "w-1", orderJson(1, 5, at(1), "a@b.c", 1));

        assertThat(store.inbox().receive(delivery)).isEqualTo(InboxReceipt.STORED);
        assertThat(store.inbox().receive(delivery)).isEqualTo(InboxReceipt.DUPLICATE);

        InboxEntry entry = store.inbox().find(shopId, "w-1").orElseThrow();
        assertThat(entry.done()).isFalse();
        assertThat(entry.topic()).isEqualTo("orders/create");
        assertThat(entry.eventId()).isEqualTo("event-w-1");
        assertThat(entry.receivedAt()).isEqualTo(clock.instant());
    }

    @Test
    void receiveAllStoresEachDeliveryOnceInOneCallAndTellsRetriesAndUnknownShops() {
        long first = register("batch-a");
        long second = register("batch-b");
        WebhookDelivery earlier = delivery("batch-a", "orders/create", "b-0", orderJson(10, 5, at(1), "a@b.c", 1));
        assertThat(store.inbox().receive(earlier)).isEqualTo(InboxReceipt.STORED);
        WebhookDelivery a1 = delivery("batch-a", "orders/create", "b-1", orderJson(11, 5, at(1), "a@b.c", 2));
        WebhookDelivery b1 = delivery("batch-b", "customers/update", "b-1", customerJson(12, at(1), "Bea"));
        WebhookDelivery nobody = delivery("batch-nobody", "customers/update", "b-2", customerJson(13, at(1), "Ned"));

        List<InboxReceipt> receipts = store.inbox().receiveAll(List.of(a1, earlier, b1, a1, nobody));

        assertThat(receipts).containsExactly(InboxReceipt.STORED, InboxReceipt.DUPLICATE, InboxReceipt.STORED,
                InboxReceipt.DUPLICATE, InboxReceipt.SHOP_NOT_REGISTERED);
        InboxEntry stored = store.inbox().find(first, "b-1").orElseThrow();
        assertThat(stored.topic()).isEqualTo("orders/create");
        assertThat(stored.eventId()).isEqualTo("event-b-1");
        assertThat(stored.receivedAt()).isEqualTo(clock.instant());
        assertThat(store.inbox().find(second, "b-1").orElseThrow().topic()).isEqualTo("customers/update");
        assertThat(store.inbox().receiveAll(List.of(a1, b1)))
                .containsExactly(InboxReceipt.DUPLICATE, InboxReceipt.DUPLICATE);
        assertThat(store.inbox().processor().build().processPending(10).total()).isEqualTo(3);
    }

    @Test
    void theSameDeliveryArrivingOnTwoThreadsAtOnceIsStoredOnce() throws Exception {
        register("racing");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                WebhookDelivery delivery = delivery("racing", "customers/update", "race-" + round,
                        customerJson(round, at(1), "Ann"));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<InboxReceipt>> receipts = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    receipts.add(threads.submit(() -> {
                        start.await();
                        return store.inbox().receive(delivery);
                    }));
                }
                start.countDown();
                List<InboxReceipt> results = new ArrayList<>();
                for (Future<InboxReceipt> receipt : receipts) {
                    results.add(receipt.get(10, TimeUnit.SECONDS));
                }
                assertThat(results).containsExactlyInAnyOrder(InboxReceipt.STORED, InboxReceipt.DUPLICATE);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void refusesUnknownShopsUnknownTopicsAndBodiesNamingAnotherShop() {
        register("guarded");

        assertThatThrownBy(() -> store.inbox().receive(delivery("not-registered", "orders/create", "w",
                orderJson(1, 1, at(1), "x@y.z", 1))))
                .isInstanceOf(ShopNotFoundException.class)
                .hasMessageContaining("not-registered.myshopify.com");
        assertThatThrownBy(() -> store.inbox().receive(delivery("guarded", "orders/teleported", "w", "{}")))
                .isInstanceOf(WebhookDeliveryException.class);
        assertThatThrownBy(() -> store.inbox().receive(delivery("guarded", "shop/redact", "w",
                "{\"shop_id\":1,\"shop_domain\":\"victim.myshopify.com\"}")))
                .isInstanceOf(WebhookDeliveryException.class);
        assertThat(store.inbox().pending(100)).noneMatch(e -> e.webhookId().equals("w"));
    }

    @Test
    void theBacklogCountsPendingAndFailingDeliveriesOfEveryShop() {
        register("backlog-a");
        register("backlog-b");
        assertThat(store.inbox().backlog()).isEqualTo(new InboxBacklog(0, 0, null));
        Instant firstReceived = clock.instant();
        store.inbox().receive(delivery("backlog-a", "customers/update", "b-1", customerJson(1, at(1), "A")));
        clock.advance(Duration.ofSeconds(5));
        store.inbox().receive(delivery("backlog-b", "customers/update", "b-2", customerJson(2, at(1), "B")));
        store.inbox().receive(delivery("backlog-b", "bulk_operations/finish", "b-3",
                "{\"admin_graphql_api_id\":\"gid://shopify/BulkOperation/1\"}"));

        assertThat(store.inbox().backlog()).isEqualTo(new InboxBacklog(3, 0, firstReceived));

        store.inbox().processor().otherTopics((shop, d) -> {
            throw new IllegalStateException("not now");
        }).build().processPending(10);

        InboxBacklog backlog = store.inbox().backlog();
        assertThat(backlog.pending()).isEqualTo(1);
        assertThat(backlog.failing()).isEqualTo(1);
        assertThat(backlog.oldestPendingReceivedAt()).isEqualTo(firstReceived.plusSeconds(5));
    }

    @Test
    void ordersWebhooksArrivingOutOfOrderLeaveTheNewestVersion() {
        long shopId = register("out-of-order");
        store.inbox().receive(delivery("out-of-order", "orders/updated", "w-new",
                orderJson(1, 5, at(20), "new@example.com", 2)));
        store.inbox().receive(delivery("out-of-order", "orders/create", "w-old",
                orderJson(1, 5, at(10), "old@example.com", 1)));
        store.inbox().receive(delivery("out-of-order", "orders/delete", "w-del-other", "{\"id\":2}"));

        ProcessingResult result = store.inbox().processor().build().processPending(10);

        assertThat(result).isEqualTo(new ProcessingResult(3, 0, 0));
        Order stored = store.forShop(shopId).orders().find(1).orElseThrow();
        assertThat(stored.email()).isEqualTo("new@example.com");
        assertThat(stored.lineItems()).hasSize(2);
        assertThat(store.inbox().find(shopId, "w-old").orElseThrow().done()).isTrue();
        long bodiesKept = store.forShop(shopId).inTransaction(h -> h.createQuery(
                "select count(*) from webhook_inbox where body is not null").mapTo(Long.class).one());
        assertThat(bodiesKept).as("applied deliveries keep no personal data").isZero();
    }

    @Test
    void twoProcessorsRunningAtOnceApplyEachDeliveryExactlyOnce() throws Exception {
        long shopId = register("parallel");
        for (int i = 0; i < 40; i++) {
            store.inbox().receive(i % 2 == 0
                    ? delivery("parallel", "customers/update", "p-" + i, customerJson(i, at(1), "C"))
                    : delivery("parallel", "bulk_operations/finish", "p-" + i,
                            "{\"admin_graphql_api_id\":\"gid://shopify/BulkOperation/" + i + "\"}"));
        }
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        WebhookProcessor processor = store.inbox().processor()
                .otherTopics((shop, d) -> handled.computeIfAbsent(d.webhookId(), k -> new AtomicInteger())
                        .incrementAndGet())
                .build();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<ProcessingResult> results = new CopyOnWriteArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                runs.add(threads.submit(() -> {
                    start.await();
                    results.add(processor.processPending(1_000));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(results.stream().mapToInt(ProcessingResult::applied).sum()).isEqualTo(40);
        assertThat(handled).hasSize(20).allSatisfy((id, count) -> assertThat(count).hasValue(1));
        assertThat(store.forShop(shopId).customers().count()).isEqualTo(20);
        long appliedOnce = store.forShop(shopId).inTransaction(h -> h.createQuery(
                "select count(*) from webhook_inbox where status = 'DONE' and attempts = 1").mapTo(Long.class).one());
        assertThat(appliedOnce).isEqualTo(40);
    }

    @Test
    void processingTakesUpExactlyTheAskedNumberAcrossGroupsAndAppliesEach() {
        long shopId = register("grouped");
        int count = WebhookProcessor.GROUP + 10;
        List<WebhookDelivery> deliveries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            deliveries.add(delivery("grouped", "orders/create", "g-" + i, orderJson(5_000 + i, 5, at(1), "g@b.c", 1)));
        }
        store.inbox().receiveAll(deliveries);
        WebhookProcessor processor = store.inbox().processor().build();

        assertThat(processor.processPending(WebhookProcessor.GROUP + 5).applied()).isEqualTo(WebhookProcessor.GROUP + 5);
        assertThat(processor.processPending(100).applied()).isEqualTo(5);

        for (int i = 0; i < count; i++) {
            assertThat(store.inbox().find(shopId, "g-" + i).orElseThrow().done()).as("g-%d", i).isTrue();
        }
        assertThat(store.forShop(shopId).orders().find(5_000 + count - 1)).isPresent();
    }

    @Test
    void aGroupOfEntityDeliveriesForSeveralShopsEndsAsIfEachWasAppliedAlone() {
        long a = register("group-a");
        long b = register("group-b");
        store.inbox().receiveAll(List.of(
                delivery("group-a", "orders/create", "ga-1", orderJson(1, 5, at(10), "first@example.com", 1)),
                delivery("group-b", "customers/create", "gb-1", customerJson(9, at(10), "Bea")),
                delivery("group-a", "orders/updated", "ga-2", orderJson(1, 5, at(30), "newest@example.com", 3)),
                delivery("group-a", "orders/updated", "ga-3", orderJson(1, 5, at(20), "stale@example.com", 2)),
                delivery("group-a", "orders/create", "ga-4", orderJson(2, 5, at(10), "gone@example.com", 1)),
                delivery("group-a", "orders/delete", "ga-5", "{\"id\":2}"),
                delivery("group-b", "customers/update", "gb-2", customerJson(9, at(40), "Beatrice"))));

        ProcessingResult result = store.inbox().processor().build().processPending(10);

        assertThat(result).isEqualTo(new ProcessingResult(7, 0, 0));
        Order order = store.forShop(a).orders().find(1).orElseThrow();
        assertThat(order.email()).as("the newest version, whatever the arrival order").isEqualTo("newest@example.com");
        assertThat(order.lineItems()).hasSize(3);
        assertThat(store.forShop(a).orders().find(2)).as("created then deleted in one group").isEmpty();
        assertThat(store.forShop(b).customers().find(9).orElseThrow().firstName()).isEqualTo("Beatrice");
        assertThat(store.forShop(b).orders().count()).as("nothing of shop a reaches shop b").isZero();
        for (String id : List.of("ga-1", "ga-2", "ga-3", "ga-4", "ga-5")) {
            InboxEntry entry = store.inbox().find(a, id).orElseThrow();
            assertThat(entry.done()).as(id).isTrue();
            assertThat(entry.attempts()).as(id).isEqualTo(1);
        }
        assertThat(store.inbox().find(b, "gb-2").orElseThrow().done()).isTrue();
    }

    @Test
    void aDeliveryTheDatabaseRefusesFailsAloneAndTheRestOfItsGroupIsApplied() {
        long shopId = register("poisoned");
        // PostgreSQL text cannot hold U+0000: the order parses but its row is refused.
        String poisoned = orderJson(21, 5, at(10), "p@example.com", 1).replace("\"#21\"", "\"#21\\u0000\"");
        store.inbox().receiveAll(List.of(
                delivery("poisoned", "orders/create", "ok-1", orderJson(20, 5, at(10), "a@example.com", 1)),
                delivery("poisoned", "orders/create", "nul-1", poisoned),
                delivery("poisoned", "orders/create", "ok-2", orderJson(22, 5, at(10), "c@example.com", 1))));

        ProcessingResult result = store.inbox().processor().build().processPending(10);

        assertThat(result).isEqualTo(new ProcessingResult(2, 0, 1));
        assertThat(store.forShop(shopId).orders().find(20)).isPresent();
        assertThat(store.forShop(shopId).orders().find(21)).isEmpty();
        assertThat(store.forShop(shopId).orders().find(22)).isPresent();
        InboxEntry refused = store.inbox().find(shopId, "nul-1").orElseThrow();
        assertThat(refused.failing()).isTrue();
        assertThat(refused.attempts()).isEqualTo(1);
        assertThat(store.inbox().find(shopId, "ok-1").orElseThrow().attempts()).isEqualTo(1);
        assertThat(store.inbox().find(shopId, "ok-2").orElseThrow().done()).isTrue();
    }

    @Test
    void aShopRedactInAGroupLeavesNothingOfItsShopWhileTheOtherShopsOrdersAreApplied() {
        long shopId = register("redact-in-group");
        long other = register("stays-in-group");
        store.inbox().receiveAll(List.of(
                delivery("redact-in-group", "orders/create", "r-1", orderJson(31, 5, at(10), "r@example.com", 1)),
                delivery("stays-in-group", "orders/create", "s-1", orderJson(32, 5, at(10), "s@example.com", 1)),
                delivery("redact-in-group", "shop/redact", "r-2",
                        "{\"shop_id\":1,\"shop_domain\":\"redact-in-group.myshopify.com\"}"),
                delivery("stays-in-group", "orders/create", "s-2", orderJson(33, 5, at(10), "t@example.com", 1))));

        store.inbox().processor().build().processPending(10);

        assertThat(store.shops().find(shopId)).isEmpty();
        long left = Jdbi.create(db.dataSource()).withHandle(h -> h.createQuery(
                "select count(*) from shopify_ingest.orders where shop_id = :shop")
                .bind("shop", shopId).mapTo(Long.class).one());
        assertThat(left).isZero();
        assertThat(store.forShop(other).orders().find(32)).isPresent();
        assertThat(store.forShop(other).orders().find(33)).isPresent();
    }

    @Test
    void aShopsFloodOfDeliveriesDoesNotHoldBackAnotherShopsDelivery() {
        long busy = register("flooding");
        long quiet = register("quiet");
        List<WebhookDelivery> flood = new ArrayList<>();
        for (int i = 0; i < WebhookProcessor.GROUP + 50; i++) {
            flood.add(delivery("flooding", "orders/create", "f-" + i, orderJson(70_000 + i, 5, at(1), "f@b.c", 1)));
        }
        store.inbox().receiveAll(flood);
        clock.advance(Duration.ofSeconds(1));
        store.inbox().receive(delivery("quiet", "orders/create", "q-1", orderJson(80_000, 5, at(1), "q@b.c", 1)));

        ProcessingResult first = store.inbox().processor().build().processPending(WebhookProcessor.GROUP);

        assertThat(first.applied()).isEqualTo(WebhookProcessor.GROUP);
        assertThat(store.inbox().find(quiet, "q-1").orElseThrow().done())
                .as("the quiet shop's delivery, although the newest, is in the first group").isTrue();
        long busyDone = store.forShop(busy).inTransaction(h -> h.createQuery(
                "select count(*) from webhook_inbox where status = 'DONE'").mapTo(Long.class).one());
        assertThat(busyDone).isEqualTo(WebhookProcessor.GROUP - 1);
        assertThat(store.inbox().find(busy, "f-0").orElseThrow().done()).as("oldest first within a shop").isTrue();
    }

    @Test
    void whenMoreShopsHaveDeliveriesThanFitInAGroupTheNextGroupStartsWithTheOthers() {
        List<Long> shops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shops.add(register("turn-" + i));
            store.inbox().receive(delivery("turn-" + i, "customers/create", "t-" + i, customerJson(90 + i, at(1), "T")));
        }
        WebhookProcessor processor = store.inbox().processor().build();

        assertThat(processor.processPending(2).applied()).isEqualTo(2);
        assertThat(store.inbox().find(shops.get(2), "t-2").orElseThrow().done()).isFalse();
        assertThat(processor.processPending(2).applied()).isEqualTo(1);
        assertThat(store.inbox().find(shops.get(2), "t-2").orElseThrow().done()).isTrue();
    }

    @Test
    void sharesSplitAGroupEquallyBetweenShops() {
        assertThat(WebhookProcessor.shares(1, 200)).containsExactly(200);
        assertThat(WebhookProcessor.shares(2, 200)).containsExactly(100, 100);
        assertThat(WebhookProcessor.shares(3, 10)).containsExactly(4, 3, 3);
        assertThat(WebhookProcessor.shares(2, 2)).containsExactly(1, 1);
    }

    @Test
    void aShopWithFewerDeliveriesThanItsShareLeavesTheRestForTheNextGroup() {
        long busy = register("share-busy");
        long small = register("share-small");
        List<WebhookDelivery> deliveries = new ArrayList<>();
        for (int i = 0; i < WebhookProcessor.GROUP; i++) {
            deliveries.add(delivery("share-busy", "orders/create", "sb-" + i, orderJson(60_000 + i, 5, at(1), "s@b.c", 1)));
        }
        deliveries.add(delivery("share-small", "orders/create", "ss-0", orderJson(69_999, 5, at(1), "s@b.c", 1)));
        store.inbox().receiveAll(deliveries);

        ProcessingResult result = store.inbox().processor().build().processPending(10 * WebhookProcessor.GROUP);

        assertThat(result.applied()).as("every due delivery, over several groups").isEqualTo(WebhookProcessor.GROUP + 1);
        assertThat(store.inbox().find(small, "ss-0").orElseThrow().done()).isTrue();
        assertThat(store.inbox().find(busy, "sb-" + (WebhookProcessor.GROUP - 1)).orElseThrow().done()).isTrue();
    }

    @Test
    void aFailingDeliveryIsKeptWithItsErrorAndRetriedWithBackoffUntilItSucceeds() {
        long shopId = register("flaky");
        store.inbox().receive(delivery("flaky", "refunds/create", "flaky-1", "{\"id\":1,\"order_id\":2}"));
        store.inbox().receive(delivery("flaky", "orders/create", "broken-1", "{\"id\":\"not a number\"}"));
        AtomicInteger calls = new AtomicInteger();
        WebhookProcessor processor = store.inbox().processor()
                .retryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(15))
                .otherTopics((shop, d) -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("sync scheduler unavailable");
                    }
                })
                .build();

        assertThat(processor.processPending(10)).isEqualTo(new ProcessingResult(0, 0, 2));
        InboxEntry flaky = store.inbox().find(shopId, "flaky-1").orElseThrow();
        assertThat(flaky.failing()).isTrue();
        assertThat(flaky.attempts()).isEqualTo(1);
        assertThat(flaky.lastError()).contains("IllegalStateException").contains("sync scheduler unavailable");
        assertThat(flaky.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(10));
        assertThat(store.inbox().failing(10)).extracting(InboxEntry::webhookId).contains("flaky-1", "broken-1");

        assertThat(processor.processPending(10).total()).as("nothing is due yet").isZero();

        clock.advance(Duration.ofSeconds(10));
        assertThat(processor.processPending(10)).isEqualTo(new ProcessingResult(1, 0, 1));
        assertThat(store.inbox().find(shopId, "flaky-1").orElseThrow().done()).isTrue();
        InboxEntry broken = store.inbox().find(shopId, "broken-1").orElseThrow();
        assertThat(broken.attempts()).isEqualTo(2);
        assertThat(broken.lastError()).contains("WebhookDeliveryException");
        assertThat(broken.nextAttemptAt()).as("capped backoff").isEqualTo(clock.instant().plusSeconds(15));
    }

    @Test
    void customersRedactErasesPersonalDataForGoodButKeepsTheAmounts() {
        long shopId = register("redacted");
        ShopDomain shop = domain("redacted");
        Order theirs = order(10, 5L, at(1), "v", 2);
        Order guest = order(11, null, at(1), "v", 1);
        store.sink().accept(new IngestBatch(shop, List.of(customer(5, at(1), "Ann"), customer(6, at(1), "Bob"), theirs,
                guest, order(12, 6L, at(1), "v", 1)), List.of(), null));
        store.inbox().receive(delivery("redacted", "customers/redact", "r-1", """
                {"shop_id":1,"shop_domain":"redacted.myshopify.com","customer":{"id":5,"email":"ann5@example.com"},
                 "orders_to_redact":[11]}"""));

        assertThat(store.inbox().processor().build().processPending(10).applied()).isEqualTo(1);

        TenantStore tenant = store.forShop(shopId);
        Customer ann = tenant.customers().find(5).orElseThrow();
        assertThat(ann.firstName()).isNull();
        assertThat(ann.lastName()).isNull();
        assertThat(ann.email()).isNull();
        assertThat(ann.phone()).isNull();
        assertThat(ann.tags()).isEmpty();
        assertThat(ann.amountSpent()).isEqualTo(customer(5, at(1), "Ann").amountSpent());
        for (long id : List.of(10L, 11L)) {
            Order order = tenant.orders().find(id).orElseThrow();
            assertThat(order.email()).isNull();
            assertThat(order.rawJson()).isEqualTo("{}");
            assertThat(order.totalPrice()).isEqualByComparingTo("123.90");
            assertThat(order.refunds()).allSatisfy(r -> assertThat(r.note()).isNull());
        }
        assertThat(tenant.orders().find(12).orElseThrow().email()).isEqualTo("buyer12@example.com");
        assertThat(tenant.customers().find(6).orElseThrow().firstName()).isEqualTo("Bob");

        // A later sync page or webhook never brings the personal data back.
        store.sink().accept(new IngestBatch(shop, List.of(customer(5, at(50), "Ann"), order(10, 5L, at(50), "v2", 1)),
                List.of(), null));
        assertThat(tenant.customers().find(5).orElseThrow().email()).isNull();
        assertThat(tenant.orders().find(10).orElseThrow().email()).isNull();
        assertThat(tenant.orders().find(10).orElseThrow().lineItems()).hasSize(1);
    }

    @Test
    void customersDataRequestKeepsEverythingStoredForTheMerchantAndHandsItToTheHandler() {
        long shopId = register("data-request");
        store.sink().accept(new IngestBatch(domain("data-request"),
                List.of(customer(5, at(1), "Ann"), order(10, 5L, at(1), "v", 2)), List.of(), null));
        store.inbox().receive(delivery("data-request", "customers/data_request", "dr-1", """
                {"shop_id":1,"shop_domain":"data-request.myshopify.com","orders_requested":[10],
                 "customer":{"id":5,"email":"ann5@example.com"},"data_request":{"id":77}}"""));

        List<CustomerDataRequest> handed = new CopyOnWriteArrayList<>();
        assertThat(store.inbox().processor().dataRequests(handed::add).build().processPending(10).applied())
                .isEqualTo(1);

        assertThat(handed).hasSize(1);
        CustomerDataRequest request = handed.get(0);
        assertThat(request.customerId()).isEqualTo(5);
        assertThat(request.dataRequestId()).isEqualTo("77");
        assertThat(request.ordersRequested()).containsExactly(10L);
        assertThat(request.json()).contains("\"email\": \"ann5@example.com\"").contains("\"line_items\"")
                .contains("buyer10@example.com").contains("\"shop\": \"data-request.myshopify.com\"");
        assertThat(request.toString()).doesNotContain("ann5@example.com");
        assertThat(store.forShop(shopId).customerData(5, List.of())).isEqualTo(request.json());

        TenantStore tenant = store.forShop(shopId);
        assertThat(tenant.dataRequests()).singleElement().satisfies(kept -> {
            assertThat(kept.webhookId()).isEqualTo("dr-1");
            assertThat(kept.dataRequestId()).isEqualTo("77");
            assertThat(kept.customerId()).isEqualTo(5);
            assertThat(kept.ordersRequested()).containsExactly(10L);
            assertThat(kept.receivedAt()).isEqualTo(clock.instant());
        });
        assertThat(tenant.dataRequestExport("dr-1")).hasValueSatisfying(json ->
                assertThat(json).contains("ann5@example.com").contains("buyer10@example.com"));
        assertThat(tenant.dataRequestExport("dr-2")).isEmpty();
        assertThat(store.forShop(register("other-shop")).dataRequestExport("dr-1")).isEmpty();
    }

    @Test
    void aDataRequestIsKeptWithoutAHandlerAndNotKeptWhenTheHandlerFails() {
        long shopId = register("data-request-plain");
        store.sink().accept(new IngestBatch(domain("data-request-plain"), List.of(customer(5, at(1), "Ann")),
                List.of(), null));
        store.inbox().receive(delivery("data-request-plain", "customers/data_request", "dr-a", """
                {"shop_id":1,"shop_domain":"data-request-plain.myshopify.com","orders_requested":[],
                 "customer":{"id":5},"data_request":{"id":1}}"""));

        assertThat(store.inbox().processor().dataRequests(request -> {
            throw new IllegalStateException("mail server down");
        }).build().processPending(10).failed()).isEqualTo(1);
        assertThat(store.forShop(shopId).dataRequests()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        assertThat(store.inbox().processor().build().processPending(10).applied()).isEqualTo(1);
        assertThat(store.forShop(shopId).dataRequests()).extracting(StoredDataRequest::webhookId)
                .containsExactly("dr-a");
    }

    @Test
    void redactingACustomerErasesTheirKeptDataRequests() {
        long shopId = register("data-request-redact");
        store.sink().accept(new IngestBatch(domain("data-request-redact"),
                List.of(customer(5, at(1), "Ann"), customer(6, at(1), "Bob")), List.of(), null));
        for (int customer : new int[] {5, 6}) {
            store.inbox().receive(delivery("data-request-redact", "customers/data_request", "dr-" + customer, """
                    {"shop_id":1,"shop_domain":"data-request-redact.myshopify.com","orders_requested":[],
                     "customer":{"id":%d}}""".formatted(customer)));
        }
        store.inbox().processor().build().processPending(10);
        assertThat(store.forShop(shopId).dataRequests()).hasSize(2);

        store.forShop(shopId).redactCustomer(5, List.of());

        assertThat(store.forShop(shopId).dataRequests()).extracting(StoredDataRequest::customerId)
                .containsExactly(6L);
        assertThat(store.forShop(shopId).dataRequestExport("dr-5")).isEmpty();
    }

    @Test
    void shopRedactErasesTheShopWithAllItsData() {
        long shopId = register("shop-redact");
        store.sink().accept(new IngestBatch(domain("shop-redact"), List.of(order(1, null, at(1), "v", 1)), List.of(),
                null));
        store.inbox().receive(delivery("shop-redact", "customers/data_request", "dr-sr", """
                {"shop_id":1,"shop_domain":"shop-redact.myshopify.com","orders_requested":[1],"customer":{"id":9}}"""));
        assertThat(store.inbox().processor().build().processPending(10).applied()).isEqualTo(1);
        assertThat(store.forShop(shopId).dataRequests()).hasSize(1);
        store.inbox().receive(delivery("shop-redact", "shop/redact", "sr-1",
                "{\"shop_id\":1,\"shop_domain\":\"shop-redact.myshopify.com\"}"));

        assertThat(store.inbox().processor().build().processPending(10).applied()).isEqualTo(1);
        long keptRequests = Jdbi.create(db.dataSource()).withHandle(h -> h.createQuery(
                "select count(*) from shopify_ingest.customer_data_requests where shop_id = :shop")
                .bind("shop", shopId).mapTo(Long.class).one());
        assertThat(keptRequests).isZero();

        assertThat(store.shops().find(shopId)).isEmpty();
        assertThat(store.forShop(shopId).orders().count()).isZero();
        assertThat(store.inbox().find(shopId, "sr-1")).isEmpty();
    }

    @Test
    void appUninstalledRevokesTheTokenAndStopsSyncing() {
        long shopId = register("uninstall-hook");
        store.inbox().receive(delivery("uninstall-hook", "app/uninstalled", "u-1",
                "{\"id\":1,\"myshopify_domain\":\"uninstall-hook.myshopify.com\"}"));

        assertThat(store.inbox().processor().build().processPending(10).applied()).isEqualTo(1);

        Shop shop = store.shops().find(shopId).orElseThrow();
        assertThat(shop.isInstalled()).isFalse();
        assertThat(shop.syncStatus()).isEqualTo(SyncStatus.STOPPED);
        assertThat(store.shops().accessToken(shopId)).isEmpty();
    }
}
