package dev.shopifyingest.app.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.jdbc.InboxEntry;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /webhooks/shopify}: verified before parsed, stored once, answered at once. */
class WebhookServiceTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static final String SHOP = "hooks-store.myshopify.com";
    static TestServer server;
    static PostgresStore store;
    static long shopId;

    @BeforeAll
    static void start() {
        server = TestServer.start(db.dataSource(), builder -> builder.maxRequestBytes(64 * 1024));
        Browser owner = server.browser();
        long userId = owner.signUp("owner@example.com", "correct horse battery staple").json()
                .path("user").path("id").asLong();
        shopId = Webhooks.registerShop(db.dataSource(), SHOP, userId);
        store = Webhooks.store(db.dataSource());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static byte[] customer(long id) {
        return ("{\"id\":" + id + ",\"admin_graphql_api_id\":\"gid://shopify/Customer/" + id + "\","
                + "\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"email\":\"ada@example.com\","
                + "\"created_at\":\"2026-11-01T10:00:00-05:00\",\"updated_at\":\"2026-11-01T10:00:00-05:00\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static int inboxRows(String webhookId) throws Exception {
        try (Connection connection = db.dataSource().getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "select count(*) from shopify_ingest.webhook_inbox where webhook_id = ?")) {
            count.setString(1, webhookId);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    static InboxEntry awaitProcessed(String webhookId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<InboxEntry> entry = store.inbox().find(shopId, webhookId);
            if (entry.isPresent() && (entry.get().done() || entry.get().failing())) {
                return entry.get();
            }
            Thread.sleep(20); // polling with a deadline, not standing in for synchronisation
        }
        throw new AssertionError("Webhook " + webhookId + " was not processed within 10 s");
    }

    @Test
    void storesASignedDeliveryAnswers200AndAppliesItInTheBackground() throws Exception {
        byte[] body = customer(9001);
        HttpResponse<String> response = Webhooks.post(server.uri(),
                Webhooks.signed("customers/create", SHOP, "wh-applied", body), body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("stored");
        InboxEntry entry = awaitProcessed("wh-applied");
        assertThat(entry.done()).isTrue();
        assertThat(entry.lastError()).isNull();
    }

    @Test
    void rejectsABadHmacWith401AndStoresNothing() throws Exception {
        byte[] body = customer(9002);
        Map<String, String> headers = new HashMap<>(Webhooks.signed("customers/create", SHOP, "wh-forged", body));
        headers.put("X-Shopify-Hmac-Sha256", Webhooks.sign(body, "not-the-secret"));

        HttpResponse<String> response = Webhooks.post(server.uri(), headers, body);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"invalid_hmac\"");
        assertThat(inboxRows("wh-forged")).isZero();
    }

    @Test
    void rejectsAMissingHmacWith401() throws Exception {
        byte[] body = customer(9003);
        Map<String, String> headers = new HashMap<>(Webhooks.signed("customers/create", SHOP, "wh-unsigned", body));
        headers.remove("X-Shopify-Hmac-Sha256");

        assertThat(Webhooks.post(server.uri(), headers, body).statusCode()).isEqualTo(401);
        assertThat(inboxRows("wh-unsigned")).isZero();
    }

    @Test
    void rejectsABodyOverTheLimitWith413() {
        byte[] body = new byte[64 * 1024 + 1];
        // Expect: 100-continue, as a careful client sends a large body: the server refuses from the
        // declared length, so the client never writes into a connection the server has closed.
        HttpResponse<String> response = Webhooks.post(server.uri(),
                Webhooks.signed("customers/create", SHOP, "wh-huge", body), body, true);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("payload_too_large");
    }

    @Test
    void rejectsASignedDeliveryWithoutItsTopicWith400NamingTheHeader() throws Exception {
        byte[] body = customer(9004);
        Map<String, String> headers = new HashMap<>(Webhooks.signed("customers/create", SHOP, "wh-no-topic", body));
        headers.remove("X-Shopify-Topic");

        HttpResponse<String> response = Webhooks.post(server.uri(), headers, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("X-Shopify-Topic");
        assertThat(inboxRows("wh-no-topic")).isZero();
    }

    @Test
    void answersADuplicateWith200AndKeepsOneInboxRow() throws Exception {
        byte[] body = customer(9005);
        Map<String, String> headers = Webhooks.signed("customers/update", SHOP, "wh-twice", body);

        HttpResponse<String> first = Webhooks.post(server.uri(), headers, body);
        HttpResponse<String> second = Webhooks.post(server.uri(), headers, body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("duplicate");
        assertThat(inboxRows("wh-twice")).isEqualTo(1);
    }

    @Test
    void storesMalformedJsonWithAValidSignatureAndKeepsItAsFailed() throws Exception {
        byte[] body = "{not json".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = Webhooks.post(server.uri(),
                Webhooks.signed("orders/create", SHOP, "wh-malformed", body), body);

        assertThat(response.statusCode()).isEqualTo(200);
        InboxEntry entry = awaitProcessed("wh-malformed");
        assertThat(entry.done()).isFalse();
        assertThat(entry.lastError()).isNotBlank();
    }

    @Test
    void acknowledgesButIgnoresDeliveriesForUnregisteredShopsAndUnknownTopics() throws Exception {
        byte[] body = customer(9006);

        HttpResponse<String> unknownShop = Webhooks.post(server.uri(),
                Webhooks.signed("customers/create", "nobody.myshopify.com", "wh-nobody", body), body);
        HttpResponse<String> unknownTopic = Webhooks.post(server.uri(),
                Webhooks.signed("carts/create", SHOP, "wh-carts", body), body);

        assertThat(unknownShop.statusCode()).isEqualTo(200);
        assertThat(unknownShop.body()).contains("ignored");
        assertThat(unknownTopic.statusCode()).isEqualTo(200);
        assertThat(unknownTopic.body()).contains("ignored");
        assertThat(inboxRows("wh-nobody") + inboxRows("wh-carts")).isZero();
    }

    @Test
    void rejectsAComplianceBodyReplayedUnderAnotherShopsName() throws Exception {
        byte[] body = "{\"shop_id\":1,\"shop_domain\":\"other-store.myshopify.com\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = Webhooks.post(server.uri(),
                Webhooks.signed("shop/redact", SHOP, "wh-replay", body), body);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(inboxRows("wh-replay")).isZero();
        assertThat(store.shops().find(shopId)).isPresent();
    }
}
