package dev.shopifyingest.app.reliability;

import dev.shopifyingest.app.AppProcess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.fault.Endpoint;
import dev.shopifyingest.testkit.fault.Fault;
import dev.shopifyingest.testkit.fault.FaultKind;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeRefund;
import dev.shopifyingest.testkit.store.StoreFixture;
import dev.shopifyingest.testkit.webhook.WebhookDelivery;
import dev.shopifyingest.testkit.webhook.WebhookSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhook storm: while the real app process backfills a FakeShopify store, the store changes
 * thousands of times (refunds on orders, renamed customers, each entity many times over) and the
 * fake delivers every change as Shopify does, to the subscriptions the app registered, with 30 % of
 * the deliveries sent twice and the others held in batches and released shuffled, so older
 * versions of an entity often arrive after newer ones. At the end the database equals the store
 * exactly, every delivery the app accepted is one inbox row, and every row was applied.
 *
 * <p>In {@code verify}: 1,000 deliveries. Full size, a documented command (see
 * {@code docs/reliability.md}): {@code -Dreliability.deliveries=20000}.
 */
class WebhookStormTest {

    private static final int DELIVERIES = Integer.getInteger("reliability.deliveries", 1_000);
    private static final double DUPLICATE_RATE = 0.3;
    private static final int SHUFFLED_BATCH = 50;
    private static final long SEED = Long.getLong("reliability.seed", 20261127L);
    private static final String DOMAIN = "demo-store.myshopify.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    @Test
    void duplicatedShuffledAndStaleDeliveriesDuringASyncLeaveTheStoreEqualToTheSource() {
        Instant began = Instant.now();
        int orders = Math.max(500, DELIVERIES / 4);
        try (FakeShopify shopify = FakeShopify.builder()
                        .store(StoreFixture.builder().orders(orders).seed(11).build())
                        .throttle(new ThrottleSettings(1_000_000, 1_000_000))
                        // Shopify's retry rules on a test's time scale; a loaded machine may answer slowly.
                        .webhooks(WebhookSettings.compressed()
                                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
                                .withSubscriptionRemoval(false)
                                .withKeptDeliveries(Math.max(WebhookSettings.DEFAULT_KEPT_DELIVERIES, DELIVERIES)))
                        .start();
                AppProcess app = AppProcess.prepare(db, shopify, "webhook-storm")) {
            shopify.faults().rate(Endpoint.WEBHOOK_DELIVERY, DUPLICATE_RATE, SEED, Fault.duplicateDelivery());
            shopify.faults().always(Endpoint.WEBHOOK_DELIVERY, Fault.outOfOrderDelivery(SHUFFLED_BATCH, SEED));
            app.start();
            StoredShop shop = new StoredShop(db.dataSource(),
                    Merchant.signUpAndConnect(app.uri(), "storm@example.com", DOMAIN));

            Instant stormStarted = Instant.now();
            changeTheStore(shopify, shop, orders);
            StoredShop.await("every delivery to settle", Duration.ofMinutes(5).plusMillis(DELIVERIES * 50L), () -> {
                shopify.webhooks().releaseHeld();
                return shopify.webhooks().settledCount() >= DELIVERIES;
            });
            Instant stormEnded = Instant.now();
            StoredShop.await("the sync to finish and the inbox to drain", Duration.ofMinutes(5),
                    () -> shop.syncFinished() && shop.inboxPending() == 0);
            Duration elapsed = Duration.between(began, Instant.now());

            List<WebhookDelivery> deliveries = shopify.webhooks().deliveries();
            assertThat(deliveries).hasSize(DELIVERIES);
            assertThat(deliveries).allSatisfy(d -> assertThat(d.state()).as(d.webhookId())
                    .isEqualTo(WebhookDelivery.State.DELIVERED));
            long posts = deliveries.stream().mapToLong(d -> d.attempts().size()).sum();
            long duplicates = deliveries.stream().flatMap(d -> d.attempts().stream()).filter(a -> a.duplicate())
                    .count();
            long retries = deliveries.stream().flatMap(d -> d.attempts().stream())
                    .filter(a -> !a.duplicate() && a.number() > 1).count();
            long stale = staleArrivals(deliveries);
            long distinct = deliveries.stream().map(WebhookDelivery::webhookId).distinct().count();
            assertThat(duplicates).isEqualTo(shopify.faults().fired(FaultKind.DUPLICATE_DELIVERY)).isPositive();
            assertThat(stale).as("deliveries older than one already received").isPositive();
            assertThat(shop.inboxRows()).as("inbox rows = accepted deliveries").isEqualTo(distinct)
                    .isEqualTo(DELIVERIES);

            StoreDigest expected = StoreDigest.of(shopify.store());
            StoreDigest stored = StoreDigest.of(db.dataSource(), shop.shopId());
            assertThat(stored.differencesFrom(expected)).isEmpty();
            assertThat(stored.checksum()).isEqualTo(expected.checksum());

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("orders in the store", orders);
            figures.put("deliveries (distinct webhook ids, one per store change)", DELIVERIES);
            figures.put("POSTs to /webhooks/shopify", posts);
            figures.put("duplicates sent (30 % fault)", duplicates);
            figures.put("retries after a failed attempt", retries);
            figures.put("stale arrivals (older updated_at after a newer one)", stale);
            figures.put("shuffled in batches of", SHUFFLED_BATCH);
            figures.put("accepted deliveries = inbox rows", shop.inboxRows());
            figures.put("rows per table, stored = expected", stored.counts());
            figures.put("content checksum, stored = expected", "`" + stored.checksum().substring(0, 16) + "…`");
            figures.put("storm duration (first change to last delivery settled)",
                    Duration.between(stormStarted, stormEnded).toSeconds() + " s");
            figures.put("run time (fixture, start, connect, storm, drain, comparison)", elapsed.toSeconds() + " s");
            ReliabilityReport.append("Webhook storm", figures);
        }
    }

    /**
     * Makes {@link #DELIVERIES} changes, each one webhook: 70 % a refund on one of a tenth of the
     * orders, 30 % a new first name for one of a fortieth of the customers, so each entity changes
     * many times. Changes are made while the sync runs, kept at most a few batches ahead of what
     * the fake has delivered, so the storm lasts as long as the deliveries do.
     */
    private static void changeTheStore(FakeShopify shopify, StoredShop shop, int orders) {
        Random random = new Random(SEED);
        int customers = shopify.store().fixture().customerCount();
        for (int i = 0; i < DELIVERIES; i++) {
            if (i % 100 == 0) {
                int made = i;
                StoredShop.await("the fake to catch up with the changes", Duration.ofMinutes(5), () -> {
                    shopify.webhooks().releaseHeld();
                    return shopify.webhooks().settledCount() >= made - 4L * SHUFFLED_BATCH;
                });
            }
            if (random.nextInt(10) < 7) {
                long id = StoreFixture.orderId(random.nextInt(Math.max(1, orders / 10)));
                shopify.store().orders().update(id, o -> refunded(o, shopify.store().nextRefundId()));
            } else {
                long id = StoreFixture.customerId(random.nextInt(Math.max(1, customers / 40)));
                int version = i;
                shopify.store().customers().update(id, c -> new FakeCustomer(c.id(), "Renamed" + version,
                        c.lastName(), c.email(), c.phone(), c.acceptsEmailMarketing(), c.address(), c.tags(),
                        c.createdAt(), c.updatedAt()));
            }
        }
    }

    private static FakeOrder refunded(FakeOrder o, long refundId) {
        List<FakeRefund> refunds = new ArrayList<>(o.refunds());
        refunds.add(new FakeRefund(refundId, o.updatedAt().plusSeconds(1), new BigDecimal("1.00"), "Storm refund"));
        return new FakeOrder(o.id(), o.number(), o.customerId(), o.email(), o.createdAt(), o.processedAt(),
                o.updatedAt(), o.cancelledAt(), o.cancelReason(), o.closedAt(), o.test(), "PARTIALLY_REFUNDED",
                o.fulfillmentStatus(), o.lineItems(), o.shipping(), o.tax(), refunds);
    }

    /** Deliveries that arrived after a newer version of the same entity had been accepted. */
    private static long staleArrivals(List<WebhookDelivery> deliveries) {
        List<WebhookDelivery> byArrival = new ArrayList<>(deliveries);
        byArrival.sort(Comparator.comparing(d -> d.attempts().stream()
                .filter(WebhookDelivery.Attempt::succeeded).map(WebhookDelivery.Attempt::at)
                .min(Comparator.naturalOrder()).orElse(Instant.MAX)));
        Map<String, OffsetDateTime> newest = new HashMap<>();
        long stale = 0;
        for (WebhookDelivery delivery : byArrival) {
            JsonNode body;
            try {
                body = JSON.readTree(delivery.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String entity = delivery.topic().substring(0, delivery.topic().indexOf('/')) + body.path("id").asText();
            OffsetDateTime updatedAt = OffsetDateTime.parse(body.path("updated_at").asText());
            OffsetDateTime seen = newest.get(entity);
            if (seen != null && updatedAt.isBefore(seen)) {
                stale++;
            } else {
                newest.put(entity, updatedAt);
            }
        }
        return stale;
    }
}
