package dev.shopifyingest.app.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.EventStream;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.shops.AppEvents;
import dev.shopifyingest.app.webhooks.Webhooks;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.StoreFixture;
import dev.shopifyingest.testkit.webhook.WebhookSettings;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/shops/{id}/events} on two app instances over one database: what a webhook,
 * a sync or a status change does on one instance reaches the shop's members on both.
 */
class EventsServiceTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static FakeShopify shopify;
    static TestServer one;
    static TestServer two;
    static Browser owner;
    static Browser stranger;
    static long shopId;
    static long otherShopId;

    @BeforeAll
    static void start() {
        shopify = FakeShopify.builder()
                .clientSecret(Webhooks.SECRET)
                .store(StoreFixture.builder().orders(3).customers(3).products(2).seed(5).build())
                .webhooks(WebhookSettings.compressed())
                .start();
        one = TestServer.start(db.dataSource(), builder -> builder.eventsHeartbeat(Duration.ofMillis(300)));
        two = TestServer.start(db.dataSource());
        owner = one.browser();
        long ownerId = owner.signUp("owner@example.com", "correct horse battery staple").json()
                .path("user").path("id").asLong();
        stranger = one.browser();
        long strangerId = stranger.signUp("stranger@example.com", "correct horse battery staple").json()
                .path("user").path("id").asLong();
        shopId = Webhooks.registerShop(db.dataSource(), shopify.shopDomain(), ownerId);
        otherShopId = Webhooks.registerShop(db.dataSource(), "other-store.myshopify.com", strangerId);
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
        shopify.close();
    }

    static EventStream stream(TestServer server, Browser browser, long shop, String lastEventId) {
        return EventStream.open(URI.create(server.uri() + "/api/shops/" + shop + "/events"),
                "session=" + browser.cookie("session").orElseThrow(), lastEventId);
    }

    static void notifyApp(String json) throws Exception {
        try (Connection connection = db.dataSource().getConnection();
                PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, AppEvents.CHANNEL);
            notify.setString(2, json);
            notify.execute();
        }
    }

    @Test
    void aFakeShopifyWebhookIntoOneInstanceReachesStreamsOnBothAsDataChanged() throws Exception {
        try (EventStream onOne = stream(one, owner, shopId, null).awaitConnected();
                EventStream onTwo = stream(two, owner, shopId, null).awaitConnected()) {
            assertThat(onOne.status()).isEqualTo(200);
            assertThat(onOne.contentType()).startsWith("text/event-stream");
            shopify.subscriptions().add("CUSTOMERS_UPDATE", one.uri() + "/webhooks/shopify", "JSON");

            shopify.store().customers().update(StoreFixture.customerId(1), c -> new FakeCustomer(c.id(), "Ada",
                    c.lastName(), c.email(), c.phone(), c.acceptsEmailMarketing(), c.address(), c.tags(),
                    c.createdAt(), c.updatedAt()));

            assertThat(shopify.webhooks().awaitDeliveries(1, Duration.ofSeconds(10)).getFirst().state().name())
                    .isEqualTo("DELIVERED");
            assertThat(onOne.await("data-changed").data()).contains("\"CUSTOMER\"");
            EventStream.Item onSecond = onTwo.await("data-changed");
            assertThat(onSecond.data()).contains("\"entities\":[\"CUSTOMER\"]");
            assertThat(onSecond.id()).isNotBlank();
        }
    }

    @Test
    void aNotifyOnTheAppChannelReachesTheShopsStreamsAsSyncAndShopEvents() throws Exception {
        try (EventStream events = stream(two, owner, shopId, null).awaitConnected()) {
            notifyApp("{\"shopId\":\"" + otherShopId + "\",\"event\":\"sync\",\"data\":{\"stage\":\"OTHER\"}}");
            notifyApp("{\"shopId\":\"" + shopId + "\",\"event\":\"sync\",\"data\":{\"stage\":\"RUNNING\","
                    + "\"entity\":\"ORDER\",\"done\":1200,\"total\":3600}}");
            notifyApp("{\"shopId\":\"" + shopId + "\",\"event\":\"shop\",\"data\":{\"id\":\"" + shopId
                    + "\",\"status\":\"connected\"}}");

            EventStream.Item sync = events.await("sync");
            assertThat(sync.data()).isEqualTo("{\"stage\":\"RUNNING\",\"entity\":\"ORDER\",\"done\":1200,\"total\":3600}");
            assertThat(events.await("shop").data()).contains("\"status\":\"connected\"");
        }
    }

    @Test
    void anotherTenantsUserGets404AndNoByteOfTheShopsEvents() throws Exception {
        try (EventStream denied = stream(one, stranger, shopId, null);
                EventStream missing = stream(one, stranger, 999_999, null)) {
            assertThat(denied.status()).isEqualTo(404);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(denied.contentType()).startsWith("application/json");
        }
        try (EventStream own = stream(one, stranger, otherShopId, null).awaitConnected()) {
            notifyApp("{\"shopId\":\"" + shopId + "\",\"event\":\"sync\",\"data\":{\"stage\":\"SECRET\"}}");
            notifyApp("{\"shopId\":\"" + otherShopId + "\",\"event\":\"sync\",\"data\":{\"stage\":\"MINE\"}}");

            assertThat(own.await("sync").data()).contains("MINE");
            assertThat(own.drain()).noneMatch(item -> item.data().contains("SECRET"));
        }
    }

    @Test
    void aStreamWithoutASessionGets401() {
        try (EventStream anonymous = EventStream.open(URI.create(one.uri() + "/api/shops/" + shopId + "/events"),
                null, null)) {
            assertThat(anonymous.status()).isEqualTo(401);
        }
    }

    @Test
    void sendsAHeartbeatCommentWhileNothingHappens() throws Exception {
        try (EventStream events = stream(one, owner, otherShopId + 1000, null)) {
            assertThat(events.status()).isEqualTo(404);
        }
        try (EventStream events = stream(one, owner, shopId, null).awaitConnected()) {
            events.await(item -> item.name().equals(":") && item.data().equals("heartbeat"), Duration.ofSeconds(5));
        }
    }

    @Test
    void resumesFromLastEventIdWithWhatWasMissedAndReloadsWhenTheIdIsUnknown() throws Exception {
        String lastSeen;
        try (EventStream first = stream(one, owner, shopId, null).awaitConnected()) {
            notifyApp("{\"shopId\":\"" + shopId + "\",\"event\":\"sync\",\"data\":{\"stage\":\"SEEN\"}}");
            lastSeen = first.await(item -> item.data().contains("SEEN"), Duration.ofSeconds(10)).id();
        }
        notifyApp("{\"shopId\":\"" + shopId + "\",\"event\":\"sync\",\"data\":{\"stage\":\"MISSED\"}}");
        // The instance keeps listening with no stream open: wait until it buffered the event.
        try (EventStream probe = stream(one, owner, shopId, lastSeen).awaitConnected()) {
            probe.await(item -> item.data().contains("MISSED"), Duration.ofSeconds(10));
        }

        try (EventStream resumed = stream(one, owner, shopId, lastSeen).awaitConnected()) {
            EventStream.Item missed = resumed.await(item -> !item.name().equals(":"), Duration.ofSeconds(10));
            assertThat(missed.name()).isEqualTo("sync");
            assertThat(missed.data()).contains("MISSED");
        }
        try (EventStream unknown = stream(two, owner, shopId, lastSeen)) {
            EventStream.Item reload = unknown.await(item -> !item.name().equals(":"), Duration.ofSeconds(10));
            assertThat(reload.name()).isEqualTo("data-changed");
            assertThat(reload.data()).contains("\"ORDER\"").contains("\"CUSTOMER\"");
        }
    }

    @Test
    void aSignedAppUninstalledMarksTheShopAndPublishesItsNewStatus() throws Exception {
        long ownerId = owner.me().json().path("user").path("id").asLong();
        long uninstalling = Webhooks.registerShop(db.dataSource(), "leaving-store.myshopify.com", ownerId);
        byte[] body = ("{\"id\":77,\"name\":\"Leaving\",\"domain\":\"leaving.example\","
                + "\"myshopify_domain\":\"leaving-store.myshopify.com\"}").getBytes(StandardCharsets.UTF_8);
        try (EventStream events = stream(two, owner, uninstalling, null).awaitConnected()) {
            assertThat(Webhooks.post(one.uri(), Webhooks.signed("app/uninstalled", "leaving-store.myshopify.com",
                    "wh-uninstall", body), body).statusCode()).isEqualTo(200);

            EventStream.Item shop = events.await("shop");
            assertThat(shop.data()).contains("\"status\":\"disconnected\"").contains("\"id\":\"" + uninstalling + "\"");
        }
    }
}
