package dev.shopifyingest.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.EventStream;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.webhooks.Webhooks;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.oauth.TokenMode;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A merchant's whole life on the app, with every log line captured at DEBUG (the project's at
 * TRACE) and every response kept, run under {@link SecretsWatch}: after the class, no log line and
 * no response holds a password used, a password hash, a session JWT or its signature, a CSRF
 * token, the client secret, the JWT key, the OAuth code, or the shop's access and refresh tokens
 * (expiring tokens, so there is a refresh token to leak). The other suites of this package run
 * under the same watch.
 */
class SecretsStayOutOfLogsTest {

    private static final String PASSWORD = "Pa55word-that-must-stay-secret";
    private static final String WRONG_PASSWORD = "wrong-guess-that-must-stay-secret";

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    @RegisterExtension
    static final SecretsWatch secrets = new SecretsWatch(db::dataSource);

    static FakeShopify shopify;
    static TestServer server;

    @BeforeAll
    static void start() {
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), TestServer.START));
        shopify = FakeShopify.builder()
                .store(StoreFixture.builder().shopDomain("secret-store.myshopify.com").orders(20).customers(8)
                        .products(4).period(Duration.ofDays(30)).end(Instant.parse("2026-11-01T00:00:00Z")).seed(5)
                        .build())
                .clientId(TestServer.config().shopifyApiKey())
                .clientSecret(TestServer.config().shopifyApiSecret().text())
                .tokenMode(TokenMode.ALWAYS_EXPIRING)
                .clock(clock)
                .start();
        server = TestServer.start(db.dataSource(), ShopBaseUrl.fixed(HttpUrl.get(shopify.baseUrl())), clock, b -> b);
        secrets.secret(PASSWORD);
        secrets.secret(WRONG_PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
        shopify.close();
    }

    @Test
    void accountsSessionsAndTamperedTokensLeaveNoSecretBehind() {
        Browser browser = server.browser(secrets::observe);
        assertThat(browser.signUp("logged@example.com", PASSWORD).status()).isEqualTo(201);
        assertThat(browser.signUp("logged@example.com", PASSWORD).status()).isEqualTo(400);
        browser.me();
        String jwt = browser.cookie("session").orElseThrow();
        server.browser(secrets::observe).logIn("logged@example.com", WRONG_PASSWORD);
        server.browser(secrets::observe).logIn("nobody@example.com", WRONG_PASSWORD);
        server.browser(secrets::observe).logIn(PASSWORD, PASSWORD);
        server.browser(secrets::observe).postJson("/api/auth/login",
                "{\"email\":\"logged@example.com\",\"password\":" + PASSWORD + "}");
        server.browser(secrets::observe).postJson("/api/auth/signup",
                "{\"email\":\"" + PASSWORD + "\",\"password\":\"" + PASSWORD + "\"}");
        Browser queried = server.browser(secrets::observe);
        queried.get("/api/auth/login?email=logged@example.com&password=" + PASSWORD);
        Browser other = server.browser(secrets::observe);
        assertThat(other.logIn("logged@example.com", PASSWORD).status()).isEqualTo(200);
        Browser forger = server.browser(secrets::observe);
        forger.setCookie("session", jwt.substring(0, jwt.length() - 4) + "AAAA");
        assertThat(forger.me().status()).isEqualTo(401);
        Browser bearer = server.browser(secrets::observe);
        bearer.send(bearer.request("/api/me").header("Authorization", "Bearer " + jwt).GET());
        assertThat(browser.logOut().status()).isEqualTo(204);
        browser.setCookie("session", jwt);
        assertThat(browser.me().status()).isEqualTo(401);

        assertThat(secrets.responseCount()).isGreaterThan(10);
    }

    @Test
    void connectingSyncingWebhooksEventsAndRevokedAccessLeaveNoSecretBehind() throws Exception {
        Browser merchant = server.browser(secrets::observe);
        merchant.signUp("merchant@example.com", PASSWORD);
        long shopId = StoreConnection.connect(merchant, "secret-store", "secret-store.myshopify.com", secrets);
        AccessToken token = Webhooks.store(db.dataSource()).shops().accessToken(shopId).orElseThrow();
        secrets.token(token);
        assertThat(token.refreshToken()).as("an expiring token, with a refresh token to leak").isNotNull();
        for (String path : List.of("", "/insights/summary", "/insights/series", "/insights/top-customers",
                "/insights/top-products")) {
            assertThat(merchant.get("/api/shops/" + shopId + path).status()).isEqualTo(200);
        }

        URI endpoint = server.uri().resolve("/webhooks/shopify");
        try (EventStream events = EventStream.open(server.uri().resolve("/api/shops/" + shopId + "/events"),
                "session=" + merchant.cookie("session").orElseThrow(), null).awaitConnected()) {
            shopify.webhooks().sendCustomersRedact(endpoint, StoreFixture.customerId(1), List.of()).get();
            secrets.observe(events.await("data-changed").toString());
        }
        byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> forged = new LinkedHashMap<>(Webhooks.signed("orders/create",
                "secret-store.myshopify.com", "wh-forged", body));
        forged.put("X-Shopify-Hmac-Sha256", Webhooks.sign(body, "guessed"));
        HttpResponse<String> refused = Webhooks.post(server.uri(), forged, body);
        secrets.observe(refused.statusCode() + " " + refused.headers().map() + " " + refused.body());
        assertThat(refused.statusCode()).isEqualTo(401);

        // Shopify stops accepting the token: the failed sync is logged and shown, the token in neither.
        shopify.revokeAllTokens();
        Reply sync = merchant.send(merchant.request("/api/shops/" + shopId + "/sync")
                .header("X-CSRF-Token", merchant.cookie("csrf").orElseThrow())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(sync.status()).isEqualTo(202);
        Instant deadline = Instant.now().plusSeconds(60);
        String status = merchant.get("/api/shops/" + shopId).json().path("status").asText();
        while (List.of("syncing", "connecting", "connected").contains(status) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100); // polling interval of a loop bounded by the deadline
            status = merchant.get("/api/shops/" + shopId).json().path("status").asText();
        }
        assertThat(status).isIn("reconnect_needed", "error");
        assertThat(merchant.get("/api/shops/" + shopId).json().path("statusDetail").asText()).isNotBlank();
        assertThat(merchant.send(merchant.request("/api/shops/" + shopId).DELETE()
                .header("X-CSRF-Token", merchant.cookie("csrf").orElseThrow())).status()).isEqualTo(204);
    }
}
