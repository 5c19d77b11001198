package dev.shopifyingest.app.shops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.insights.FixtureFigures;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
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
                // A Plus-sized bucket: the scenario is about the path and the figures, not the pacing.
                .throttle(ThrottleSettings.PLUS)
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
    void connectingSyncsTheShopAndEveryDashboardFigureEqualsTheOneComputedFromTheFixture() throws Exception {
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
        ZoneId zone = ZoneId.of(browser.get("/api/shops/" + shopId).json().path("timeZone").asText());
        FixtureFigures expected = new FixtureFigures(fake.store().fixture(), zone);
        for (String[] range : new String[][] {{"2026-08-01", "2026-10-31"}, {"2026-10-01", "2026-10-15"},
                {"2026-07-04", "2026-07-04"}}) {
            LocalDate from = LocalDate.parse(range[0]);
            LocalDate to = LocalDate.parse(range[1]);
            String query = "from=" + range[0] + "&to=" + range[1];
            JsonNode summary = browser.get("/api/shops/" + shopId + "/insights/summary?" + query).json();
            FixtureFigures.Summary figures = expected.summary(from, to);
            assertThat(summary.path("timeZone").asText()).isEqualTo(zone.getId());
            assertThat(summary.path("orders").asLong()).as("orders %s", query).isEqualTo(figures.orders());
            assertThat(money(summary, "totalSales")).as("total sales %s", query).isEqualByComparingTo(figures.totalSales());
            assertThat(money(summary, "netSales")).as("net sales %s", query).isEqualByComparingTo(figures.netSales());
            assertThat(money(summary, "averageOrderValue")).as("average order value %s", query)
                    .isEqualByComparingTo(figures.averageOrderValue());
            assertThat(summary.path("customers").asLong()).as("customers %s", query).isEqualTo(figures.customers());
            assertThat(summary.path("newCustomers").asLong()).as("new customers %s", query)
                    .isEqualTo(figures.newCustomers());
            assertThat(summary.path("returningCustomers").asLong()).as("returning customers %s", query)
                    .isEqualTo(figures.returningCustomers());
            assertThat(summary.path("totalCustomers").asLong()).isEqualTo(fake.store().fixture().customerCount());

            for (String granularity : new String[] {"day", "week", "month"}) {
                JsonNode points = browser.get("/api/shops/" + shopId + "/insights/series?granularity=" + granularity
                        + "&" + query).json().path("points");
                assertThat(points).as("%s buckets %s", granularity, query).isNotEmpty();
                for (int i = 0; i < points.size(); i++) {
                    // A bucket holds the days of the range from its start to the next bucket's start.
                    LocalDate start = LocalDate.parse(points.get(i).path("start").asText());
                    LocalDate first = start.isBefore(from) ? from : start;
                    LocalDate last = i + 1 < points.size()
                            ? LocalDate.parse(points.get(i + 1).path("start").asText()).minusDays(1) : to;
                    assertThat(points.get(i).path("orders").asLong()).as("%s bucket %s orders", granularity, start)
                            .isEqualTo(expected.ordersIn(first, last).size());
                    assertThat(money(points.get(i), "sales")).as("%s bucket %s sales", granularity, start)
                            .isEqualByComparingTo(expected.totalSales(first, last));
                }
            }

            JsonNode customers = browser.get("/api/shops/" + shopId + "/insights/top-customers?limit=5&" + query)
                    .json().path("customers");
            List<FixtureFigures.TopCustomer> topCustomers = expected.topCustomers(from, to, 5);
            assertThat(customers).as("top customers %s", query).hasSize(topCustomers.size());
            for (int i = 0; i < topCustomers.size(); i++) {
                assertThat(customers.get(i).path("id").asText()).isEqualTo(Long.toString(topCustomers.get(i).id()));
                assertThat(customers.get(i).path("orders").asLong()).isEqualTo(topCustomers.get(i).orders());
                assertThat(money(customers.get(i), "spend")).isEqualByComparingTo(topCustomers.get(i).spend());
            }
            for (boolean byUnits : new boolean[] {false, true}) {
                JsonNode products = browser.get("/api/shops/" + shopId + "/insights/top-products?limit=5&by="
                        + (byUnits ? "units" : "revenue") + "&" + query).json().path("products");
                List<FixtureFigures.TopProduct> topProducts = expected.topProducts(from, to, 5, byUnits);
                assertThat(products).as("top products %s by units=%s", query, byUnits).hasSize(topProducts.size());
                for (int i = 0; i < topProducts.size(); i++) {
                    assertThat(products.get(i).path("id").asText()).isEqualTo(Long.toString(topProducts.get(i).id()));
                    assertThat(products.get(i).path("units").asLong()).isEqualTo(topProducts.get(i).units());
                    assertThat(money(products.get(i), "revenue")).isEqualByComparingTo(topProducts.get(i).revenue());
                }
            }
        }

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

    private static BigDecimal money(JsonNode node, String field) {
        assertThat(node.path(field).isTextual()).as("%s is a decimal string", field).isTrue();
        return new BigDecimal(node.path(field).asText());
    }
}
