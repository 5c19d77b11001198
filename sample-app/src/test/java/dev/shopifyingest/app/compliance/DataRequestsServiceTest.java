package dev.shopifyingest.app.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.webhooks.Webhooks;
import dev.shopifyingest.jdbc.InboxEntry;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code customers/data_request}: kept when the webhook arrives, listed and downloaded by members only. */
class DataRequestsServiceTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static final String SHOP = "data-request-store.myshopify.com";
    static TestServer server;
    static PostgresStore store;
    static Browser owner;
    static Browser stranger;
    static long shopId;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(db.dataSource());
        owner = server.browser();
        long userId = owner.signUp("owner@example.com", "correct horse battery staple").json()
                .path("user").path("id").asLong();
        stranger = server.browser();
        stranger.signUp("stranger@example.com", "correct horse battery staple");
        shopId = Webhooks.registerShop(db.dataSource(), SHOP, userId);
        store = Webhooks.store(db.dataSource());

        byte[] customer = ("{\"id\":9007199254740993,\"admin_graphql_api_id\":\"gid://shopify/Customer/9007199254740993\","
                + "\"first_name\":\"Grace\",\"last_name\":\"Hopper\",\"email\":\"grace@example.com\","
                + "\"created_at\":\"2026-11-01T10:00:00Z\",\"updated_at\":\"2026-11-01T10:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
        deliver("customers/create", "wh-grace", customer);
        byte[] request = ("{\"shop_id\":1,\"shop_domain\":\"" + SHOP + "\",\"orders_requested\":[],"
                + "\"customer\":{\"id\":9007199254740993,\"email\":\"grace@example.com\"},"
                + "\"data_request\":{\"id\":4242}}").getBytes(StandardCharsets.UTF_8);
        deliver("customers/data_request", "wh-data-request", request);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void deliver(String topic, String webhookId, byte[] body) throws Exception {
        assertThat(Webhooks.post(server.uri(), Webhooks.signed(topic, SHOP, webhookId, body), body).statusCode())
                .isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<InboxEntry> entry = store.inbox().find(shopId, webhookId);
            if (entry.isPresent() && entry.get().done()) {
                return;
            }
            Thread.sleep(20); // polling with a deadline, not standing in for synchronisation
        }
        throw new AssertionError("Webhook " + webhookId + " was not applied within 10 s");
    }

    @Test
    void aMemberSeesTheKeptRequestWithExactIds() {
        Browser.Reply reply = owner.get("/api/shops/" + shopId + "/data-requests");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("dataRequests")).hasSize(1);
        assertThat(reply.json().path("dataRequests").path(0).path("id").asText()).isEqualTo("wh-data-request");
        assertThat(reply.json().path("dataRequests").path(0).path("shopifyId").asText()).isEqualTo("4242");
        assertThat(reply.json().path("dataRequests").path(0).path("customerId").asText())
                .isEqualTo("9007199254740993");
    }

    @Test
    void aMemberDownloadsTheExportAsAnAttachment() {
        Browser.Reply reply = owner.get("/api/shops/" + shopId + "/data-requests/wh-data-request");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Disposition")).hasValue(
                "attachment; filename=\"data-request-wh-data-request.json\"");
        assertThat(reply.header("Cache-Control")).hasValue("no-store");
        assertThat(reply.json().path("customer").path("email").asText()).isEqualTo("grace@example.com");
        assertThat(reply.json().path("customer_id").asText()).isEqualTo("9007199254740993");
    }

    @Test
    void anUnknownRequestAnswers404() {
        Browser.Reply reply = owner.get("/api/shops/" + shopId + "/data-requests/no-such-request");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("not_found");
    }

    @Test
    void anotherUserGetsThe404OfAMissingShopAndNoByteOfTheData() {
        Browser.Reply list = stranger.get("/api/shops/" + shopId + "/data-requests");
        Browser.Reply export = stranger.get("/api/shops/" + shopId + "/data-requests/wh-data-request");
        Browser.Reply missing = stranger.get("/api/shops/999999/data-requests");

        assertThat(list.status()).isEqualTo(404);
        assertThat(export.status()).isEqualTo(404);
        assertThat(list.body()).isEqualTo(missing.body());
        assertThat(export.body()).doesNotContain("grace@example.com").doesNotContain("Hopper");
    }
}
