package dev.shopifyingest.app.shops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two merchants, two shops on two fake Shopifys, one app: neither ever sees the other's shop,
 * by id or by name, on any shops or insights route.
 */
class TenantIsolationTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static FakeShopify alphaShopify;
    static FakeShopify betaShopify;
    static TestServer server;

    @BeforeAll
    static void start() {
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), TestServer.START));
        alphaShopify = fake("alpha-store.myshopify.com", "Alpha Goods", 21, clock);
        betaShopify = fake("beta-store.myshopify.com", "Beta Supplies", 22, clock);
        ShopDomain alpha = ShopDomain.parse(alphaShopify.shopDomain());
        HttpUrl alphaUrl = HttpUrl.get(alphaShopify.baseUrl());
        HttpUrl betaUrl = HttpUrl.get(betaShopify.baseUrl());
        ShopBaseUrl shopUrls = shop -> shop.equals(alpha) ? alphaUrl : betaUrl;
        server = TestServer.start(db.dataSource(), shopUrls, clock, b -> b);
    }

    @AfterAll
    static void stop() {
        server.close();
        alphaShopify.close();
        betaShopify.close();
    }

    @Test
    void eachUserSeesOnlyTheirOwnShopOnEveryRoute() throws Exception {
        Browser alice = server.browser();
        alice.signUp("alice@example.com", "correct horse battery");
        Browser bob = server.browser();
        bob.signUp("bob@example.com", "correct horse battery");
        String aliceShop = connect(alice, "alpha-store", "alpha-store.myshopify.com");
        String bobShop = connect(bob, "beta-store", "beta-store.myshopify.com");
        assertThat(aliceShop).isNotEqualTo(bobShop);

        assertIsolated(alice, bobShop, "beta-store", "Beta Supplies");
        assertIsolated(bob, aliceShop, "alpha-store", "Alpha Goods");
        assertThat(alice.get("/api/shops/" + aliceShop).json().path("name").asText()).isEqualTo("Alpha Goods");
        assertThat(bob.get("/api/shops/" + bobShop).json().path("name").asText()).isEqualTo("Beta Supplies");
    }

    /** Every route with the other tenant's shop id answers 404 and never names that shop. */
    private static void assertIsolated(Browser browser, String otherShopId, String otherHandle, String otherName) {
        List<Reply> lists = List.of(browser.get("/api/shops"), browser.me());
        for (Reply reply : lists) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).doesNotContain(otherHandle).doesNotContain(otherName);
        }
        for (String path : new String[] {"", "/insights/summary", "/insights/series?granularity=week",
                "/insights/top-customers", "/insights/top-products?by=units"}) {
            assertNotFound(browser.get("/api/shops/" + otherShopId + path), path, otherHandle, otherName);
        }
        assertNotFound(browser.postJson("/api/shops/" + otherShopId + "/sync", "{}"), "sync", otherHandle, otherName);
        assertNotFound(browser.send(browser.request("/api/shops/" + otherShopId).DELETE()
                .header("X-CSRF-Token", browser.cookie("csrf").orElseThrow())), "DELETE", otherHandle, otherName);
    }

    private static void assertNotFound(Reply reply, String what, String otherHandle, String otherName) {
        assertThat(reply.status()).as(what).isEqualTo(404);
        assertThat(reply.errorCode()).as(what).isEqualTo("not_found");
        assertThat(reply.body()).as(what).doesNotContain(otherHandle).doesNotContain(otherName);
    }

    private static FakeShopify fake(String domain, String name, long seed, Clock clock) {
        return FakeShopify.builder()
                .store(StoreFixture.builder().shopDomain(domain).shopName(name).orders(30).customers(10).products(5)
                        .period(Duration.ofDays(60)).end(Instant.parse("2026-11-01T00:00:00Z")).seed(seed).build())
                .clientId(TestServer.config().shopifyApiKey())
                .clientSecret(TestServer.config().shopifyApiSecret().text())
                .clock(clock)
                .start();
    }

    /** Connects a shop through the real OAuth redirects; returns its id once its first sync ended. */
    private static String connect(Browser browser, String shop, String domain) throws Exception {
        Reply connect = browser.postJson("/api/shops/connect", "{\"shop\":\"" + shop + "\"}");
        assertThat(connect.status()).isEqualTo(200);
        HttpResponse<String> approval = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(connect.json().path("authorizeUrl").asText())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approval.statusCode()).isEqualTo(302);
        URI location = URI.create(approval.headers().firstValue("Location").orElseThrow());
        Reply back = browser.send(browser.request(location.getRawPath() + "?" + location.getRawQuery()).GET());
        assertThat(back.header("Location")).hasValue("/shops?connected=" + domain);
        JsonNode shops = browser.get("/api/shops").json().path("shops");
        assertThat(shops).hasSize(1);
        String id = shops.get(0).path("id").asText();
        Instant deadline = Instant.now().plusSeconds(90);
        while (!"connected".equals(browser.get("/api/shops/" + id).json().path("status").asText())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100); // polling interval of a loop bounded by the deadline
        }
        assertThat(browser.get("/api/shops/" + id).json().path("status").asText()).isEqualTo("connected");
        return id;
    }
}
