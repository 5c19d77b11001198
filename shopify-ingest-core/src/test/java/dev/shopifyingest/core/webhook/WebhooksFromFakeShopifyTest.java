package dev.shopifyingest.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.testing.Expected;
import dev.shopifyingest.core.testing.TestClients;
import dev.shopifyingest.core.testing.WebhookInbox;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.StoreFixture;
import dev.shopifyingest.testkit.webhook.WebhookSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Store changes in FakeShopify reach the app as signed webhooks that {@link WebhookVerifier},
 * {@link WebhookDelivery#parse} and {@link WebhookPayloads#changeOf} turn into exactly the entity
 * the fake holds.
 */
class WebhooksFromFakeShopifyTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> TOPICS = List.of("ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_DELETE",
            "CUSTOMERS_CREATE", "CUSTOMERS_UPDATE", "CUSTOMERS_DELETE", "PRODUCTS_CREATE", "PRODUCTS_UPDATE",
            "PRODUCTS_DELETE");

    private static final Pattern FIRST_ID = Pattern.compile("\"id\":(\\d+)");

    static FakeShopify fake;
    static WebhookInbox inbox;
    static WebhookVerifier verifier;

    @BeforeAll
    static void start() {
        fake = FakeShopify.builder()
                .store(StoreFixture.builder().orders(400).seed(11)
                        .end(Instant.now().truncatedTo(ChronoUnit.HOURS)).build())
                .webhooks(WebhookSettings.compressed())
                .start();
        inbox = new WebhookInbox();
        verifier = WebhookVerifier.of(fake.clientSecret());
        AdminGraphqlClient client = TestClients.graphql(fake);
        ShopDomain shop = TestClients.shop(fake);
        AccessTokenSource token = TestClients.adminToken(fake);
        for (String topic : TOPICS) {
            client.execute(shop, token, GraphqlOperation.named("WebhookSubscriptionCreate"),
                    Map.of("topic", topic, "uri", inbox.uri().toString()))
                    .mutationPayload("webhookSubscriptionCreate");
        }
    }

    @AfterAll
    static void stop() {
        inbox.close();
        fake.close();
    }

    @Test
    void updatedOrdersOfEveryKindArriveSignedAndMapToTheFakesOrder() throws InterruptedException {
        FakeStore store = fake.store();
        List<Long> ids = representativeOrders(store);
        for (long id : ids) {
            store.orders().update(id, o -> o);
        }

        Map<Long, Order> mapped = new LinkedHashMap<>();
        for (WebhookInbox.Received received : inbox.await(forTopic("orders/updated", ids), ids.size(), WAIT)) {
            Order order = (Order) upsertOf(received);
            mapped.put(order.id(), order);
        }

        assertThat(mapped.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        for (long id : ids) {
            FakeOrder now = store.orders().find(id).orElseThrow();
            assertThat(mapped.get(id)).as("order %s (%s)", id, now.financialStatus())
                    .usingRecursiveComparison(Expected.MODEL)
                    .isEqualTo(Expected.orderFromWebhook(store, now));
        }
    }

    @Test
    void aCreatedOrderWithManyLinesArrivesAsOrdersCreate() throws InterruptedException {
        FakeStore store = fake.store();
        FakeOrder template = store.fixture().order(3);
        FakeOrder created = store.orders().create(id -> new FakeOrder(id, store.nextOrderNumber(),
                template.customerId(), template.email(), store.now(), store.now(), store.now(), null, null, null,
                false, "PAID", "UNFULFILLED", template.lineItems(), template.shipping(), template.tax(), List.of()));

        WebhookInbox.Received received = inbox.await(forTopic("orders/create", List.of(created.id())), 1, WAIT)
                .getFirst();

        assertThat(upsertOf(received)).usingRecursiveComparison(Expected.MODEL)
                .isEqualTo(Expected.orderFromWebhook(store, created));
    }

    @Test
    void customersCreatedAndUpdatedMapWithoutTheFieldsTheirPayloadsNoLongerCarry() throws InterruptedException {
        FakeStore store = fake.store();
        long tagged = IntStream.range(0, store.fixture().customerCount())
                .mapToObj(i -> store.fixture().customer(i)).filter(c -> !c.tags().isEmpty())
                .findFirst().orElseThrow().id();
        FakeCustomer updated = store.customers().update(tagged, c -> new FakeCustomer(c.id(), "Ada", c.lastName(),
                c.email(), c.phone(), c.acceptsEmailMarketing(), c.address(), c.tags(), c.createdAt(),
                c.updatedAt())).orElseThrow();
        FakeCustomer created = store.customers().create(id -> new FakeCustomer(id, "Grace", "Hopper",
                "grace.hopper@example.com", null, false, null, List.of(), store.now(), store.now()));

        Customer fromUpdate = (Customer) upsertOf(inbox.await(forTopic("customers/update", List.of(tagged)), 1, WAIT)
                .getFirst());
        Customer fromCreate = (Customer) upsertOf(
                inbox.await(forTopic("customers/create", List.of(created.id())), 1, WAIT).getFirst());

        assertThat(fromUpdate).usingRecursiveComparison(Expected.MODEL)
                .isEqualTo(Expected.customerFromWebhook(updated));
        assertThat(fromUpdate.tags()).as("tags are not in the payload: unknown, not empty").isNull();
        assertThat(fromCreate).usingRecursiveComparison(Expected.MODEL)
                .isEqualTo(Expected.customerFromWebhook(created));
    }

    @Test
    void anUpdatedProductMapsWithItsVariants() throws InterruptedException {
        FakeStore store = fake.store();
        List<Long> ids = new ArrayList<>();
        // One product with options and one with Shopify's lone "Default Title" variant.
        ids.add(store.products().all().filter(p -> p.variants().size() > 2).findFirst().orElseThrow().id());
        ids.add(store.products().all().filter(p -> p.variants().size() == 1).findFirst().orElseThrow().id());
        for (long id : ids) {
            store.products().update(id, p -> p);
        }

        for (WebhookInbox.Received received : inbox.await(forTopic("products/update", ids), ids.size(), WAIT)) {
            Product product = (Product) upsertOf(received);
            FakeProduct now = store.products().find(product.id()).orElseThrow();
            assertThat(product).usingRecursiveComparison(Expected.MODEL).isEqualTo(Expected.product(now));
        }
    }

    @Test
    void deletionsMapToDeletionsAtTheirTriggerTime() throws InterruptedException {
        FakeStore store = fake.store();
        long product = store.products().all().skip(5).findFirst().orElseThrow().id();
        long order = store.orders().all().skip(7).findFirst().orElseThrow().id();
        long customer = store.customers().create(id -> new FakeCustomer(id, "Temp", "Customer",
                "temp.customer@example.com", null, false, null, List.of(), store.now(), store.now())).id();
        store.products().delete(product);
        store.orders().delete(order);
        store.customers().delete(customer);

        Map<EntityType, Long> expected = Map.of(EntityType.PRODUCT, product, EntityType.ORDER, order,
                EntityType.CUSTOMER, customer);
        for (String topic : List.of("products/delete", "orders/delete", "customers/delete")) {
            WebhookInbox.Received received = inbox.await(forTopic(topic, List.copyOf(expected.values())), 1, WAIT)
                    .getFirst();
            WebhookDelivery delivery = verifiedDelivery(received);
            WebhookChange change = WebhookPayloads.changeOf(delivery);
            assertThat(change).isInstanceOf(WebhookChange.Delete.class);
            Deletion deletion = ((WebhookChange.Delete) change).deletion();
            assertThat(deletion.id()).isEqualTo(expected.get(deletion.type()));
            assertThat(deletion.deletedAt()).isEqualTo(delivery.triggeredAt()).isNotNull();
        }
    }

    @Test
    void aBodyChangedInTransitFailsVerification() throws InterruptedException {
        FakeStore store = fake.store();
        long id = store.orders().all().skip(11).findFirst().orElseThrow().id();
        store.orders().update(id, o -> o);
        WebhookInbox.Received received = inbox.await(forTopic("orders/updated", List.of(id)), 1, WAIT).getFirst();

        byte[] tampered = new String(received.body(), StandardCharsets.UTF_8)
                .replaceFirst("\"total_price\":\"[0-9.]+\"", "\"total_price\":\"0.01\"")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(tampered).isNotEqualTo(received.body());
        assertThat(verifier.verify(received.body(), received.header(WebhookDelivery.HEADER_HMAC))).isTrue();
        assertThat(verifier.verify(tampered, received.header(WebhookDelivery.HEADER_HMAC))).isFalse();
        assertThat(WebhookVerifier.of("another-apps-secret")
                .verify(received.body(), received.header(WebhookDelivery.HEADER_HMAC))).isFalse();
    }

    // One order of each financial status, and a guest, a discounted, a test and a closed one.
    private static List<Long> representativeOrders(FakeStore store) {
        List<Predicate<FakeOrder>> kinds = new ArrayList<>();
        for (String status : List.of("PAID", "PARTIALLY_REFUNDED", "REFUNDED", "VOIDED", "PENDING", "AUTHORIZED")) {
            kinds.add(o -> o.financialStatus().equals(status));
        }
        kinds.add(o -> o.customerId() == null);
        kinds.add(o -> o.totalDiscounts().signum() > 0 && o.lineItems().size() > 1);
        kinds.add(FakeOrder::test);
        kinds.add(o -> o.closedAt() != null);
        kinds.add(o -> o.cancelledAt() != null && !o.refunds().isEmpty());
        List<Long> ids = new ArrayList<>();
        for (Predicate<FakeOrder> kind : kinds) {
            FakeOrder found = IntStream.range(20, store.fixture().orderCount())
                    .mapToObj(i -> store.fixture().order(i))
                    .filter(kind).filter(o -> !ids.contains(o.id()))
                    .findFirst().orElseThrow(() -> new AssertionError("The fixture has no order of a kind"));
            ids.add(found.id());
        }
        return ids;
    }

    private static Predicate<WebhookInbox.Received> forTopic(String topic, List<Long> ids) {
        return received -> topic.equals(received.header(WebhookDelivery.HEADER_TOPIC))
                && ids.contains(firstId(received.body()));
    }

    // The entity's own id is the first "id" of every entity payload the fake writes.
    private static long firstId(byte[] body) {
        Matcher m = FIRST_ID.matcher(new String(body, StandardCharsets.UTF_8));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static WebhookDelivery verifiedDelivery(WebhookInbox.Received received) {
        assertThat(verifier.verify(received.body(), received.header(WebhookDelivery.HEADER_HMAC)))
                .as("the HMAC of a genuine delivery").isTrue();
        WebhookDelivery delivery = WebhookDelivery.parse(received.headers(), received.body());
        assertThat(verifier.verify(delivery)).isTrue();
        assertThat(delivery.shopDomain()).isEqualTo(TestClients.shop(fake));
        return delivery;
    }

    private static dev.shopifyingest.core.model.Entity upsertOf(WebhookInbox.Received received) {
        WebhookChange change = WebhookPayloads.changeOf(verifiedDelivery(received));
        assertThat(change).isInstanceOf(WebhookChange.Upsert.class);
        return ((WebhookChange.Upsert) change).entity();
    }
}
