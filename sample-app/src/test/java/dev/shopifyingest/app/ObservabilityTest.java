package dev.shopifyingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.webhooks.Webhooks;
import dev.shopifyingest.jdbc.ShopRegistry;
import dev.shopifyingest.jdbc.SyncStatus;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** Health for orchestrators and metrics for Prometheus, at their conventional paths. */
class ObservabilityTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(db.dataSource());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void liveIsUp() {
        Reply live = server.browser().get("/health/live");

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void readyReportsTheDatabase() {
        Reply ready = server.browser().get("/health/ready");

        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.json().path("status").asText()).isEqualTo("UP");
        assertThat(ready.json().path("checks").get(0).path("name").asText()).isEqualTo("database");
        assertThat(ready.json().path("checks").get(0).path("data").path("database").asText()).isEqualTo("reachable");
    }

    @Test
    void readyIsDownWhenTheDatabaseIsUnreachableWhileLiveStaysUp() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        // Port 1 on localhost: nothing listens there, so connecting fails at once.
        nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        try (TestServer withoutDatabase = TestServer.start(nowhere)) {
            Reply ready = withoutDatabase.browser().get("/health/ready");
            Reply live = withoutDatabase.browser().get("/health/live");

            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().path("status").asText()).isEqualTo("DOWN");
            assertThat(ready.body()).contains("unreachable").doesNotContain("127.0.0.1:1");
            assertThat(live.status()).isEqualTo(200);
        }
    }

    @Test
    void metricsArePrometheusText() {
        Browser browser = server.browser();
        browser.signUp("metrics@example.com", "a long enough password");

        Reply metrics = browser.send(browser.request("/metrics").header("Accept", "text/plain").GET());

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.body()).contains("# TYPE auth_signups_total counter");
        // The registry is the JVM's, shared with other tests' servers: at least this sign-up counts.
        assertThat(metrics.body()).containsPattern("auth_signups_total\\{[^}]*outcome=\"created\"[^}]*} [1-9][0-9]*\\.0");
    }

    @Test
    void metricsShowShopsByStatusAndTheWebhookBacklog() throws Exception {
        Browser owner = server.browser();
        long userId = owner.signUp("gauges@example.com", "a long enough password").json().path("user").path("id")
                .asLong();
        Webhooks.registerShop(db.dataSource(), "gauges-one.myshopify.com", userId);
        Webhooks.registerShop(db.dataSource(), "gauges-two.myshopify.com", userId);
        ShopRegistry shops = Webhooks.store(db.dataSource()).shops();
        shops.updateSyncStatus(Webhooks.registerShop(db.dataSource(), "gauges-failed.myshopify.com", userId),
                SyncStatus.FAILED, "Shopify kept failing.");
        shops.markUninstalled(Webhooks.registerShop(db.dataSource(), "gauges-gone.myshopify.com", userId));
        byte[] unusable = "{\"shop_domain\":\"gauges-one.myshopify.com\",\"customer\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(Webhooks.post(server.uri(), Webhooks.signed("customers/data_request", "gauges-one.myshopify.com",
                "wh-unusable", unusable), unusable).statusCode()).isEqualTo(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = server.browser().get("/metrics").body();
            if (body.matches("(?s).*webhooks_inbox_failing\\{[^}]*} 1\\.0.*")) {
                break;
            }
            Thread.sleep(200); // polling with a deadline: the gauges are read at most every 5 s
        }
        assertThat(body).containsPattern("webhooks_inbox_failing\\{[^}]*} 1\\.0")
                .containsPattern("webhooks_inbox_pending\\{[^}]*} 1\\.0")
                .containsPattern("shops\\{[^}]*status=\"connecting\"[^}]*} 2\\.0")
                .containsPattern("shops\\{[^}]*status=\"error\"[^}]*} 1\\.0")
                .containsPattern("shops\\{[^}]*status=\"disconnected\"[^}]*} 1\\.0")
                .containsPattern("shops\\{[^}]*status=\"connected\"[^}]*} 0\\.0")
                .containsPattern("webhooks_inbox_oldest_pending_seconds\\{[^}]*} [0-9.]+");
    }

    @Test
    void healthAndMetricsNeedNoSession() {
        assertThat(server.browser().get("/metrics").status()).isEqualTo(200);
        assertThat(server.browser().get("/health").status()).isEqualTo(200);
    }
}
