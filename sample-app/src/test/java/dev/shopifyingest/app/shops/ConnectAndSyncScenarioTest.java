package dev.shopifyingest.app.shops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A merchant's whole path over real HTTP: sign up, connect the FakeShopify store through the real
 * OAuth redirects, watch the first sync finish, read the figures; and what other tenants and bad
 * input get.
 */
class ConnectAndSyncScenarioTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static Clock clock;
    static FakeShopify fake;
    static TestServer server;

    @BeforeAll
    static void start() {
        // A ticking clock shared by the app and the fake: OAuth timestamps must agree, and the fake's
        // throttling bucket refills as time passes.
        clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), TestServer.START));
        fake = FakeShopify.builder()
                .store(StoreFixture.builder().orders(150).period(Duration.ofDays(120))
                        .end(Instant.parse("2026-11-01T00:00:00Z")).seed(7).build())
                .clientId(TestServer.config().shopifyApiKey())
                .clientSecret(TestServer.config().shopifyApiSecret().text())
                .clock(clock)
                .start();
        server = TestServer.start(db.dataSource(), ShopBaseUrl.fixed(HttpUrl.get(fake.baseUrl())), clock, b -> b);
    }

    @AfterAll
    static void stop() {
        server.close();
        fake.close();
    }

    @Test
    void connectingSyncsTheShopAndEverySummaryFigureMatchesTheStore() throws Exception {
        Browser browser = server.browser();
        browser.signUp("merchant@example.com", "correct horse battery");

        String shopId = connect(browser, "demo-store");
        JsonNode shop = awaitStatus(browser, shopId, "connected");

        assertThat(shop.path("domain").asText()).isEqualTo("demo-store.myshopify.com");
        assertThat(shop.path("historyLimitedTo60Days").asBoolean()).isFalse();
        assertThat(shop.path("sync").isNull()).isTrue();
        JsonNode me = browser.me().json();
        assertThat(me.path("user").path("email").asText()).isEqualTo("merchant@example.com");
        assertThat(me.path("shops")).hasSize(1);
        assertThat(me.path("shops").get(0)).isEqualTo(browser.get("/api/shops").json().path("shops").get(0));
        assertThat(me.path("shops").get(0).path("status").asText()).isEqualTo("connected");
        for (String[] range : new String[][] {{"2026-08-01", "2026-10-31"}, {"2026-10-01", "2026-10-15"}}) {
            JsonNode summary = browser.get("/api/shops/" + shopId + "/insights/summary?from=" + range[0]
                    + "&to=" + range[1]).json();
            ZoneId zone = ZoneId.of(summary.path("timeZone").asText());
            assertThat(summary.path("orders").asLong())
                    .as("orders from %s to %s", range[0], range[1])
                    .isEqualTo(countedOrders(LocalDate.parse(range[0]), LocalDate.parse(range[1]), zone));
            assertThat(summary.path("totalSales").isTextual()).isTrue();

            JsonNode series = browser.get("/api/shops/" + shopId + "/insights/series?granularity=week&from="
                    + range[0] + "&to=" + range[1]).json();
            long seriesOrders = 0;
            for (JsonNode point : series.path("points")) {
                seriesOrders += point.path("orders").asLong();
            }
            assertThat(seriesOrders).isEqualTo(summary.path("orders").asLong());
        }
        JsonNode top = browser.get("/api/shops/" + shopId + "/insights/top-customers?limit=3&from=2026-08-01&to=2026-10-31")
                .json();
        assertThat(top.path("customers")).hasSizeLessThanOrEqualTo(3);
        assertThat(top.path("customers").get(0).path("id").isTextual()).isTrue();

        Browser stranger = server.browser();
        stranger.signUp("stranger@example.com", "correct horse battery");
        for (String path : new String[] {"", "/insights/summary", "/insights/series", "/insights/top-customers",
                "/insights/top-products"}) {
            Reply reply = stranger.get("/api/shops/" + shopId + path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.errorCode()).isEqualTo("not_found");
            assertThat(reply.body()).doesNotContain("demo-store");
        }
        assertThat(stranger.postJson("/api/shops/" + shopId + "/sync", "{}").status()).isEqualTo(404);
        assertThat(stranger.send(stranger.request("/api/shops/" + shopId).DELETE()
                .header("X-CSRF-Token", stranger.cookie("csrf").orElseThrow())).status()).isEqualTo(404);
        assertThat(stranger.get("/api/shops").json().path("shops")).isEmpty();
    }

    @Test
    void syncAnswers202WithTheShopSyncingThenTheShopIsConnectedAgain() throws Exception {
        Browser browser = server.browser();
        browser.signUp("resyncer@example.com", "correct horse battery");
        String shopId = connect(browser, "demo-store");
        awaitStatus(browser, shopId, "connected");

        Reply sync = browser.postJson("/api/shops/" + shopId + "/sync", "{}");

        assertThat(sync.status()).isEqualTo(202);
        assertThat(sync.json().path("id").asText()).isEqualTo(shopId);
        assertThat(sync.json().path("status").asText()).isEqualTo("syncing");
        assertThat(sync.json().path("sync").isObject()).isTrue();
        awaitStatus(browser, shopId, "connected");
    }

    @Test
    void badInputsGetTheContractsErrors() {
        Browser browser = server.browser();
        browser.signUp("careless@example.com", "correct horse battery");

        Reply badDomain = browser.postJson("/api/shops/connect", "{\"shop\":\"not a shop!\"}");
        assertThat(badDomain.status()).isEqualTo(400);
        assertThat(badDomain.errorCode()).isEqualTo("invalid_shop_domain");

        assertThat(browser.get("/api/shops/999999").status()).isEqualTo(404);
        assertThat(browser.get("/api/shops/abc").status()).isEqualTo(404);
    }

    @Test
    void insightsRejectBadDatesGranularitiesAndLimits() throws Exception {
        Browser browser = server.browser();
        browser.signUp("analyst@example.com", "correct horse battery");
        String shopId = connect(browser, "demo-store.myshopify.com");
        String base = "/api/shops/" + shopId + "/insights/";

        assertThat(browser.get(base + "summary?from=2026-13-01").errorCode()).isEqualTo("invalid_date_range");
        assertThat(browser.get(base + "summary?from=2026-10-10&to=2026-10-01").errorCode())
                .isEqualTo("invalid_date_range");
        assertThat(browser.get(base + "summary?from=2020-01-01&to=2026-10-01").errorCode())
                .isEqualTo("invalid_date_range");
        assertThat(browser.get(base + "series?granularity=hour").errorCode()).isEqualTo("invalid_granularity");
        assertThat(browser.get(base + "top-customers?limit=0").errorCode()).isEqualTo("invalid_limit");
        assertThat(browser.get(base + "top-products?limit=101").errorCode()).isEqualTo("invalid_limit");
        assertThat(browser.get(base + "top-products?limit=ten").errorCode()).isEqualTo("invalid_limit");
        assertThat(browser.get(base + "summary").status()).isEqualTo(200);
    }

    @Test
    void aTamperedCallbackRedirectsWithAnErrorAndStoresNothing() throws Exception {
        Browser browser = server.browser();
        browser.signUp("tamperer@example.com", "correct horse battery");
        URI authorize = URI.create(browser.postJson("/api/shops/connect", "{\"shop\":\"demo-store\"}")
                .json().path("authorizeUrl").asText());
        String callback = approve(authorize).replace("code=", "code=x");

        Reply reply = browser.send(browser.request(callback).GET());

        assertThat(reply.status()).isEqualTo(302);
        assertThat(reply.header("Location")).hasValue("/shops?error=invalid_callback");
        assertThat(browser.get("/api/shops").json().path("shops")).isEmpty();
    }

    /** Connects a shop as a browser does: the app's authorize URL, Shopify's approval, the callback. */
    private static String connect(Browser browser, String shop) throws Exception {
        Reply connect = browser.postJson("/api/shops/connect", "{\"shop\":\"" + shop + "\"}");
        assertThat(connect.status()).isEqualTo(200);
        String callback = approve(URI.create(connect.json().path("authorizeUrl").asText()));
        Reply back = browser.send(browser.request(callback).GET());
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.header("Location")).hasValue("/shops?connected=demo-store.myshopify.com");
        JsonNode shops = browser.get("/api/shops").json().path("shops");
        assertThat(shops).hasSize(1);
        return shops.get(0).path("id").asText();
    }

    /** The merchant approves on (fake) Shopify, which redirects to the app's callback; returns its path and query. */
    private static String approve(URI authorizeUrl) throws Exception {
        HttpResponse<String> approval = HttpClient.newHttpClient().send(HttpRequest.newBuilder(authorizeUrl).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approval.statusCode()).isEqualTo(302);
        URI location = URI.create(approval.headers().firstValue("Location").orElseThrow());
        assertThat(location.getHost()).isEqualTo(TestServer.APP_URL.getHost());
        return location.getRawPath() + "?" + location.getRawQuery();
    }

    private static JsonNode awaitStatus(Browser browser, String shopId, String status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(90);
        JsonNode shop = null;
        while (Instant.now().isBefore(deadline)) {
            shop = browser.get("/api/shops/" + shopId).json();
            if (status.equals(shop.path("status").asText())) {
                return shop;
            }
            assertThat(shop.path("status").asText()).isIn("connecting", "syncing");
            Thread.onSpinWait();
            Thread.sleep(100); // polling interval of a loop bounded by the deadline, not a wait for an event
        }
        throw new AssertionError("Shop " + shopId + " did not become " + status + " in time: " + shop);
    }

    /** Orders as insights.md counts them: processed in the range (days in the shop's zone), not cancelled, not test. */
    private static long countedOrders(LocalDate from, LocalDate to, ZoneId zone) {
        long count = 0;
        for (int i = 0; i < fake.store().fixture().orderCount(); i++) {
            FakeOrder order = fake.store().fixture().order(i);
            LocalDate day = order.processedAt().atZone(zone).toLocalDate();
            if (!day.isBefore(from) && !day.isAfter(to) && order.cancelledAt() == null && !order.test()) {
                count++;
            }
        }
        return count;
    }
}
