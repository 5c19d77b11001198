package dev.shopifyingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.StoreFixture;
import dev.shopifyingest.testkit.webhook.WebhookDelivery;
import dev.shopifyingest.testkit.webhook.WebhookSettings;
import dev.shopifyingest.testkit.webhook.WebhookSubscription;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeShopifyWebhooksTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    // 2026-11-02 is after the end of daylight saving time in New York: the shop's offset is -05:00.
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-02T15:00:00Z"));
    private final WebhookReceiver receiver;
    private final FakeShopify shopify;

    FakeShopifyWebhooksTest() throws Exception {
        receiver = new WebhookReceiver();
        shopify = FakeShopify.builder().clock(clock).graphqlBackend(new StandInGraphql())
                .store(StoreFixture.builder().orders(40).end(Instant.parse("2026-11-01T00:00:00Z")).build())
                .webhooks(WebhookSettings.compressed()).start();
    }

    @AfterEach
    void stop() {
        shopify.close();
        receiver.close();
    }

    private void subscribe(String topic, String path) {
        shopify.subscriptions().add(topic, receiver.uri(path).toString(), "JSON");
    }

    private FakeOrder newOrder() {
        FakeOrder template = shopify.store().fixture().order(3);
        return shopify.store().orders().create(id -> new FakeOrder(id, shopify.store().nextOrderNumber(),
                template.customerId(), template.email(), shopify.store().now(), shopify.store().now(),
                shopify.store().now(), null, null, null, false, "PAID", "UNFULFILLED", template.lineItems(),
                template.shipping(), template.tax(), List.of()));
    }

    @Test
    void aNewOrderIsDeliveredWithEveryShopifyHeaderAndAnHmacOfTheRawBody() throws Exception {
        subscribe("ORDERS_CREATE", "/hooks");

        FakeOrder order = newOrder();

        WebhookReceiver.Received hook = receiver.await(1, WAIT).get(0);
        assertThat(hook.path()).isEqualTo("/hooks");
        assertThat(hook.header("X-Shopify-Topic")).isEqualTo("orders/create");
        assertThat(hook.header("X-Shopify-Shop-Domain")).isEqualTo("demo-store.myshopify.com");
        assertThat(hook.header("X-Shopify-API-Version")).isEqualTo("2026-10");
        assertThat(hook.header("Content-Type")).isEqualTo("application/json");
        assertThat(UUID.fromString(hook.header("X-Shopify-Webhook-Id"))).isNotNull();
        assertThat(UUID.fromString(hook.header("X-Shopify-Event-Id"))).isNotNull();
        assertThat(Instant.parse(hook.header("X-Shopify-Triggered-At"))).isEqualTo(clock.instant());
        // Computed here, over the bytes received, as a receiving app must.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(shopify.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(hook.header("X-Shopify-Hmac-Sha256"))
                .isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(hook.body())));
        assertThat(JSON.readTree(hook.body()).get("admin_graphql_api_id").asText()).isEqualTo(order.gid());
    }

    @Test
    void anOrderPayloadKeeps64BitIdsExactMoneyAsStringsAndTimesInTheShopsOffset() throws Exception {
        subscribe("ORDERS_CREATE", "/hooks");

        FakeOrder order = newOrder();

        String raw = receiver.await(1, WAIT).get(0).bodyText();
        assertThat(order.id()).isGreaterThan(1L << 53);
        assertThat(raw).startsWith("{\"id\":" + order.id() + ",");
        JsonNode body = JSON.readTree(raw);
        assertThat(body.get("id").bigIntegerValue()).isEqualTo(BigInteger.valueOf(order.id()));
        assertThat(body.get("line_items").get(0).get("id").bigIntegerValue())
                .isEqualTo(BigInteger.valueOf(order.lineItems().get(0).id()));
        assertThat(body.get("customer").get("id").bigIntegerValue()).isEqualTo(BigInteger.valueOf(order.customerId()));
        assertThat(body.get("total_price").isTextual()).isTrue();
        assertThat(body.get("total_price").asText()).isEqualTo(order.totalPrice().setScale(2).toPlainString());
        assertThat(body.get("current_total_price").asText())
                .isEqualTo(order.currentTotalPrice().setScale(2).toPlainString());
        assertThat(body.get("total_price_set").get("shop_money").get("currency_code").asText()).isEqualTo("USD");
        assertThat(body.get("created_at").asText()).isEqualTo("2026-11-02T10:00:00-05:00");
        assertThat(OffsetDateTime.parse(body.get("created_at").asText()).toInstant()).isEqualTo(clock.instant());
        assertThat(body.get("financial_status").asText()).isEqualTo("paid");
        assertThat(body.get("name").asText()).isEqualTo(order.name());
        assertThat(body.get("order_number").asLong()).isEqualTo(order.number());
        assertThat(body.get("cancelled_at").isNull()).isTrue();
        assertThat(body.get("test").asBoolean()).isFalse();
        assertThat(body.get("refunds").isArray()).isTrue();
        assertThat(body.get("line_items")).hasSize(order.lineItems().size());
    }

    @Test
    void theWebhookIdAndTriggeredAtStayTheSameOnARetryAfterA500() throws Exception {
        subscribe("CUSTOMERS_UPDATE", "/hooks");
        receiver.answer(500);

        shopify.store().customers().update(StoreFixture.customerId(2), c -> c);

        List<WebhookReceiver.Received> received = receiver.await(2, WAIT);
        assertThat(received.get(1).header("X-Shopify-Webhook-Id")).isEqualTo(received.get(0).header("X-Shopify-Webhook-Id"));
        assertThat(received.get(1).header("X-Shopify-Triggered-At"))
                .isEqualTo(received.get(0).header("X-Shopify-Triggered-At"));
        assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
        WebhookDelivery delivery = shopify.webhooks().awaitDeliveries(1, WAIT).get(0);
        assertThat(delivery.topic()).isEqualTo("customers/update");
        assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.DELIVERED);
        assertThat(delivery.attempts()).extracting(WebhookDelivery.Attempt::status).containsExactly(500, 200);
    }

    @Test
    void theDeliveriesOfOneEventShareTheEventIdAndTheBodyButNotTheWebhookId() throws Exception {
        subscribe("CUSTOMERS_UPDATE", "/first");
        subscribe("CUSTOMERS_UPDATE", "/second");

        shopify.store().customers().update(StoreFixture.customerId(5), c -> c);

        List<WebhookReceiver.Received> received = receiver.await(2, WAIT);
        assertThat(received).extracting(WebhookReceiver.Received::path).containsExactlyInAnyOrder("/first", "/second");
        assertThat(received.get(0).header("X-Shopify-Event-Id")).isEqualTo(received.get(1).header("X-Shopify-Event-Id"));
        assertThat(received.get(0).header("X-Shopify-Webhook-Id"))
                .isNotEqualTo(received.get(1).header("X-Shopify-Webhook-Id"));
        assertThat(received.get(0).body()).isEqualTo(received.get(1).body());
        JsonNode customer = JSON.readTree(received.get(0).body());
        assertThat(customer.get("id").asLong()).isEqualTo(StoreFixture.customerId(5));
        assertThat(customer.has("tags")).as("removed from customer payloads in 2025-01").isFalse();
        assertThat(customer.has("email_marketing_consent")).isFalse();
    }

    @Test
    void aDeletionSendsOnlyTheId() throws Exception {
        subscribe("PRODUCTS_DELETE", "/hooks");

        shopify.store().products().delete(StoreFixture.productId(1));

        assertThat(receiver.await(1, WAIT).get(0).bodyText()).isEqualTo("{\"id\":" + StoreFixture.productId(1) + "}");
    }

    @Test
    void cancellingAnOrderSendsOrdersUpdatedAndOrdersCancelled() throws Exception {
        subscribe("ORDERS_UPDATED", "/updated");
        subscribe("ORDERS_CANCELLED", "/cancelled");
        subscribe("ORDERS_PAID", "/paid");
        FakeOrder open = shopify.store().orders().all()
                .filter(o -> o.cancelledAt() == null && "PAID".equals(o.financialStatus())).findFirst().orElseThrow();

        shopify.store().orders().update(open.id(), o -> new FakeOrder(o.id(), o.number(), o.customerId(), o.email(),
                o.createdAt(), o.processedAt(), o.updatedAt(), shopify.store().now(), "CUSTOMER", o.closedAt(), o.test(),
                "VOIDED", o.fulfillmentStatus(), o.lineItems(), o.shipping(), o.tax(), o.refunds()));

        List<WebhookDelivery> deliveries = shopify.webhooks().awaitDeliveries(2, WAIT);
        assertThat(deliveries).extracting(WebhookDelivery::topic)
                .containsExactly("orders/updated", "orders/cancelled");
        JsonNode body = JSON.readTree(deliveries.get(1).body());
        assertThat(body.get("cancelled_at").asText()).isEqualTo("2026-11-02T10:00:00-05:00");
        assertThat(body.get("cancel_reason").asText()).isEqualTo("customer");
        assertThat(body.get("financial_status").asText()).isEqualTo("voided");
    }

    @Test
    void aDeliveryThatKeepsFailingIsRetriedThenGivenUpAndItsSubscriptionRemoved() throws Exception {
        WebhookReceiver closed = new WebhookReceiver();
        URI unreachable = closed.uri("/gone");
        closed.close();
        try (FakeShopify fake = FakeShopify.builder().graphqlBackend(new StandInGraphql())
                .store(StoreFixture.builder().orders(5).build())
                .webhooks(WebhookSettings.compressed().withRetries(2, Duration.ofMillis(5))).start()) {
            fake.subscriptions().add("CUSTOMERS_UPDATE", unreachable.toString(), "JSON");
            fake.subscriptions().add("CUSTOMERS_UPDATE", receiver.uri("/redirects").toString(), "JSON");
            receiver.answer(302, 302, 302);

            fake.store().customers().update(StoreFixture.customerId(0), c -> c);

            List<WebhookDelivery> failed = fake.webhooks().awaitDeliveries(2, WAIT);
            assertThat(failed).allSatisfy(d -> {
                assertThat(d.state()).isEqualTo(WebhookDelivery.State.FAILED);
                assertThat(d.attempts()).hasSize(3);
            });
            assertThat(failed.get(0).attempts()).allSatisfy(a -> assertThat(a.status()).isEqualTo(-1));
            assertThat(failed.get(1).attempts()).extracting(WebhookDelivery.Attempt::status).containsOnly(302);
            assertThat(fake.subscriptions().list()).isEmpty();
        }
    }

    @Test
    void complianceTopicsGoToTheGivenAddressWithShopifysPayloads() throws Exception {
        FakeCustomer customer = shopify.store().customers().find(StoreFixture.customerId(4)).orElseThrow();
        URI compliance = receiver.uri("/compliance");

        WebhookDelivery dataRequest = shopify.webhooks()
                .sendCustomersDataRequest(compliance, customer.id(), List.of(StoreFixture.orderId(1))).get();
        WebhookDelivery redact = shopify.webhooks()
                .sendCustomersRedact(compliance, customer.id(), List.of(StoreFixture.orderId(1))).get();
        WebhookDelivery shopRedact = shopify.webhooks().sendShopRedact(compliance).get();
        WebhookDelivery uninstalled = shopify.webhooks().sendAppUninstalled(compliance).get();

        assertThat(List.of(dataRequest, redact, shopRedact, uninstalled)).allSatisfy(d ->
                assertThat(d.state()).isEqualTo(WebhookDelivery.State.DELIVERED));
        JsonNode request = JSON.readTree(dataRequest.body());
        assertThat(request.get("shop_domain").asText()).isEqualTo("demo-store.myshopify.com");
        assertThat(request.get("shop_id").asLong()).isEqualTo(shopify.store().shop().id());
        assertThat(request.get("customer").get("email").asText()).isEqualTo(customer.email());
        assertThat(request.get("orders_requested").get(0).asLong()).isEqualTo(StoreFixture.orderId(1));
        assertThat(request.get("data_request").has("id")).isTrue();
        assertThat(JSON.readTree(redact.body()).get("orders_to_redact").get(0).asLong())
                .isEqualTo(StoreFixture.orderId(1));
        assertThat(JSON.readTree(shopRedact.body()).properties()).extracting(Map.Entry::getKey)
                .containsExactly("shop_id", "shop_domain");
        assertThat(JSON.readTree(uninstalled.body()).get("myshopify_domain").asText())
                .isEqualTo("demo-store.myshopify.com");
        assertThat(receiver.received()).extracting(r -> r.header("X-Shopify-Topic")).containsExactly(
                "customers/data_request", "customers/redact", "shop/redact", "app/uninstalled");
    }

    @Test
    void subscriptionTopicsBecomeTheHeaderFormShopifySends() {
        assertThat(WebhookSubscription.wireTopic("APP_UNINSTALLED")).isEqualTo("app/uninstalled");
        assertThat(WebhookSubscription.wireTopic("ORDERS_PARTIALLY_FULFILLED")).isEqualTo("orders/partially_fulfilled");
        assertThat(WebhookSubscription.wireTopic("BULK_OPERATIONS_FINISH")).isEqualTo("bulk_operations/finish");
        assertThat(WebhookSubscription.wireTopic("INVENTORY_LEVELS_UPDATE")).isEqualTo("inventory_levels/update");
    }

    @Test
    void aPublishedEventGoesToEverySubscriptionToItsTopic() throws Exception {
        subscribe("BULK_OPERATIONS_FINISH", "/bulk");
        subscribe("ORDERS_CREATE", "/orders");

        int queued = shopify.webhooks().publish("bulk_operations/finish",
                "{\"admin_graphql_api_id\":\"gid://shopify/BulkOperation/1\",\"status\":\"completed\"}");

        assertThat(queued).isEqualTo(1);
        WebhookReceiver.Received hook = receiver.await(1, WAIT).get(0);
        assertThat(hook.path()).isEqualTo("/bulk");
        assertThat(hook.header("X-Shopify-Topic")).isEqualTo("bulk_operations/finish");
    }

    @Test
    void aCustomDeliverySendsTheBodyExactlyAsGiven() throws Exception {
        WebhookDelivery delivery = shopify.webhooks().deliver("orders/create", "{\"id\": 1, broken",
                receiver.uri("/custom")).get();

        assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.DELIVERED);
        assertThat(receiver.received().get(0).bodyText()).isEqualTo("{\"id\": 1, broken");
    }

    @Test
    void deliveriesLeaveInEventOrder() throws Exception {
        subscribe("CUSTOMERS_UPDATE", "/hooks");

        IntStream.range(0, 5).forEach(i -> shopify.store().customers().update(StoreFixture.customerId(i), c -> c));

        assertThat(receiver.await(5, WAIT)).extracting(FakeShopifyWebhooksTest::idOf)
                .containsExactly(StoreFixture.customerId(0), StoreFixture.customerId(1), StoreFixture.customerId(2),
                        StoreFixture.customerId(3), StoreFixture.customerId(4));
    }

    @Test
    void theSettledCountKeepsCountingBeyondTheDeliveriesKeptForInspection() throws Exception {
        try (FakeShopify fake = FakeShopify.builder().graphqlBackend(new StandInGraphql())
                .store(StoreFixture.builder().orders(5).build())
                .webhooks(WebhookSettings.compressed().withKeptDeliveries(3)).start()) {
            for (int i = 0; i < 5; i++) {
                fake.webhooks().deliver("orders/create", "{\"id\":" + i + "}", receiver.uri("/kept")).get();
            }

            assertThat(fake.webhooks().settledCount()).isEqualTo(5);
            assertThat(fake.webhooks().deliveries()).hasSize(3)
                    .extracting(WebhookDelivery::body).containsExactly("{\"id\":2}", "{\"id\":3}", "{\"id\":4}");
        }
    }

    private static long idOf(WebhookReceiver.Received received) {
        try {
            return JSON.readTree(received.body()).get("id").asLong();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
