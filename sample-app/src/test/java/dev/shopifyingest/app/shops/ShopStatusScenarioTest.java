package dev.shopifyingest.app.shops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.app.Backend;
import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.TickingClock;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.fault.Endpoint;
import dev.shopifyingest.testkit.fault.Fault;
import dev.shopifyingest.testkit.oauth.OAuthSettings;
import dev.shopifyingest.testkit.oauth.TokenMode;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each state Shopify can put a shop in reaches the shop's status over real HTTP: FakeShopify
 * injects it, the app syncs, and {@code GET /api/shops/{id}} shows the status with a sentence a
 * merchant understands. Transient states (throttling, internal errors that pass within the
 * retries) are handled and the shop stays connected. Access that cannot be renewed turns the shop into
 * {@code reconnect_needed}, and connecting it again through OAuth restores it.
 *
 * <p>One shop is connected once; every test starts from it connected again (see {@link #connected()}).
 * The app's client retries three times with short backoffs, so failures that persist end quickly.
 */
class ShopStatusScenarioTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    private static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(1);
    private static final String EMAIL = "statuses@example.com";
    private static final String PASSWORD = "correct horse battery";

    static TickingClock clock;
    static FakeShopify fake;
    static TestServer server;
    static Browser merchant;
    static String shopId;

    @BeforeAll
    static void start() throws Exception {
        // Ticking: the fake's throttling bucket refills with time; movable: tokens can be made to expire.
        clock = new TickingClock(TestServer.START);
        fake = FakeShopify.builder()
                .store(StoreFixture.builder().orders(40).period(Duration.ofDays(50))
                        .end(Instant.parse("2026-11-01T00:00:00Z")).seed(11).build())
                .clientId(TestServer.config().shopifyApiKey())
                .clientSecret(TestServer.config().shopifyApiSecret().text())
                .oauth(OAuthSettings.defaults().withTokenMode(TokenMode.ALWAYS_EXPIRING)
                        .withExpiringLifetimes(Duration.ofHours(1), REFRESH_TOKEN_LIFETIME))
                .clock(clock)
                .start();
        ShopBaseUrl urls = ShopBaseUrl.fixed(HttpUrl.get(fake.baseUrl()));
        Backend backend = Backend.create(TestServer.config(), db.dataSource(), urls, clock);
        AdminGraphqlClient quickRetries = Backend.clientBuilder(TestServer.config(), backend.store(), urls, clock)
                .maxAttempts(3).backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
        server = TestServer.start(db.dataSource(), urls, clock, b -> b.backend(backend).client(quickRetries));
        merchant = server.browser();
        merchant.signUp(EMAIL, PASSWORD);
        shopId = connect();
        assertThat(awaitSettled().path("status").asText()).isEqualTo("connected");
    }

    @AfterAll
    static void stop() {
        server.close();
        fake.close();
    }

    /** Every test starts with no faults and the shop connected, reconnecting it if a test left it needing that. */
    @BeforeEach
    void connected() throws Exception {
        fake.faults().clear();
        String status = merchant.get("/api/shops/" + shopId).json().path("status").asText();
        if (status.equals("reconnect_needed") || status.equals("disconnected")) {
            connect();
        } else if (!status.equals("connected")) {
            sync();
        }
        assertThat(awaitSettled().path("status").asText()).isEqualTo("connected");
    }

    static Stream<Arguments> statesShopifyReports() {
        return Stream.of(
                Arguments.of("HTTP 402: frozen", Fault.shopFrozen(), "unavailable",
                        "Shopify reports this shop is frozen (unpaid bill): syncing resumes when the shop is active again."),
                Arguments.of("HTTP 423: locked", Fault.shopLocked(), "unavailable",
                        "Shopify reports this shop is locked: syncing resumes when Shopify unlocks it."),
                Arguments.of("SHOP_INACTIVE", Fault.graphqlShopInactive(), "unavailable",
                        "Shopify reports this shop is inactive: syncing resumes when the shop is active again."),
                Arguments.of("ACCESS_DENIED", Fault.graphqlAccessDenied("read_customers"), "reconnect_needed",
                        "Shopify denied the app access to this shop's data: the read_customers permission was not"
                                + " granted. Connect the shop again and approve it."),
                Arguments.of("INTERNAL_SERVER_ERROR that persists", Fault.graphqlInternalError(), "error",
                        "Shopify kept failing on its side (request id "),
                Arguments.of("THROTTLED (HTTP 200) that persists", Fault.graphqlThrottled(), "error",
                        "Shopify kept asking the app to slow down (rate limit) until it gave up."),
                Arguments.of("THROTTLED (HTTP 429) that persists", Fault.throttled(), "error",
                        "Shopify kept asking the app to slow down (rate limit) until it gave up."),
                Arguments.of("MAX_COST_EXCEEDED that persists", Fault.maxCostExceeded(), "error",
                        "Shopify refused one of the app's queries as too costly (MAX_COST_EXCEEDED)."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statesShopifyReports")
    void aStateShopifyKeepsReportingReachesTheShopStatusWithAClearMessage(String state, Fault fault, String status,
            String detail) throws Exception {
        fake.faults().always(Endpoint.GRAPHQL, fault);

        sync();
        JsonNode shop = awaitSettled();

        assertThat(shop.path("status").asText()).isEqualTo(status);
        assertThat(shop.path("statusDetail").asText()).startsWith(detail);
        assertThat(shop.path("sync").isNull()).isTrue();
        assertThat(fake.faults().fired(fault.kind())).isPositive();
        assertThat(merchant.get("/api/shops").json().path("shops").get(0)).isEqualTo(shop);
    }

    @Test
    void anInternalErrorNamesShopifysRequestIdOfTheLastAttempt() throws Exception {
        fake.faults().always(Endpoint.GRAPHQL, Fault.graphqlInternalError());

        sync();
        String detail = awaitSettled().path("statusDetail").asText();

        assertThat(detail).matches("Shopify kept failing on its side \\(request id [0-9a-f-]{36}\\)\\. The next sync"
                + " tries again; if this persists, quote the request id to Shopify support\\.");
    }

    static Stream<Arguments> statesTheAppRidesOut() {
        return Stream.of(
                Arguments.of("THROTTLED as HTTP 200, twice", Fault.graphqlThrottled(), 1),
                Arguments.of("THROTTLED as HTTP 429, twice", Fault.throttled(), 1),
                Arguments.of("INTERNAL_SERVER_ERROR, twice", Fault.graphqlInternalError(), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statesTheAppRidesOut")
    void aPassingStateIsHandledAndTheShopStaysConnected(String state, Fault fault, int fromRequest) throws Exception {
        long firedBefore = fake.faults().fired(fault.kind());
        fake.faults().at(Endpoint.GRAPHQL, fault, fromRequest, fromRequest + 1);
        Instant before = Instant.parse(merchant.get("/api/shops/" + shopId).json().path("lastSyncedAt").asText());

        sync();
        JsonNode shop = awaitSettled();

        assertThat(shop.path("status").asText()).isEqualTo("connected");
        assertThat(Instant.parse(shop.path("lastSyncedAt").asText())).isAfter(before);
        assertThat(fake.faults().fired(fault.kind()) - firedBefore).isEqualTo(2);
    }

    @Test
    void aDeprecationNoticeIsShownWithTheShop() throws Exception {
        String reason = "The field Order.totalPriceSet is deprecated and is removed in 2027-04.";
        fake.faults().always(Endpoint.GRAPHQL, Fault.deprecatedApiUse(reason));

        sync();
        JsonNode shop = awaitSettled();

        assertThat(shop.path("status").asText()).isEqualTo("connected");
        assertThat(shop.path("apiDeprecation").path("reason").asText()).isEqualTo(reason);
        assertThat(shop.path("apiDeprecation").path("apiVersion").asText()).isEqualTo(AdminGraphqlClient.DEFAULT_API_VERSION);
        assertThat(shop.path("apiDeprecation").path("noticedAt").isTextual()).isTrue();
    }

    @Test
    void anExpiredRefreshTokenTurnsTheShopIntoReconnectNeededAndReconnectingRestoresIt() throws Exception {
        clock.advance(REFRESH_TOKEN_LIFETIME.plusHours(1));
        assertThat(merchant.logIn(EMAIL, PASSWORD).status()).isEqualTo(200); // the app's session expired too

        sync();
        JsonNode needing = awaitSettled();

        assertThat(needing.path("status").asText()).isEqualTo("reconnect_needed");
        assertThat(needing.path("statusDetail").asText()).isEqualTo("Shopify no longer renews the app's access to"
                + " this shop (its refresh token expired or was revoked). Connect the shop again to resume syncing.");

        Instant reconnectedAt = clock.instant();
        connect();
        JsonNode again = awaitSettled();

        assertThat(again.path("status").asText()).isEqualTo("connected");
        assertThat(again.path("statusDetail").isNull()).isTrue();
        assertThat(Instant.parse(again.path("lastSyncedAt").asText())).isAfter(reconnectedAt);
    }

    @Test
    void revokedAccessTurnsTheShopIntoReconnectNeeded() throws Exception {
        // Every token revoked, as uninstalling does, but no app/uninstalled webhook has arrived.
        fake.revokeAllTokens();

        sync();
        JsonNode shop = awaitSettled();

        assertThat(shop.path("status").asText()).isEqualTo("reconnect_needed");
        assertThat(shop.path("statusDetail").asText()).contains("Connect the shop again");
        assertThat(merchant.get("/api/shops/" + shopId).body()).doesNotContain("shpat_", "shprt_");
    }

    private static void sync() {
        Reply accepted = merchant.postJson("/api/shops/" + shopId + "/sync", "{}");
        assertThat(accepted.status()).isEqualTo(202);
    }

    /** Connects (or reconnects) the fake's shop through the real OAuth redirects; returns its id. */
    private static String connect() throws Exception {
        Reply connect = merchant.postJson("/api/shops/connect", "{\"shop\":\"" + fake.shopDomain() + "\"}");
        assertThat(connect.status()).isEqualTo(200);
        HttpResponse<String> approval = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(connect.json().path("authorizeUrl").asText())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approval.statusCode()).isEqualTo(302);
        URI callback = URI.create(approval.headers().firstValue("Location").orElseThrow());
        Reply back = merchant.send(merchant.request(callback.getRawPath() + "?" + callback.getRawQuery()).GET());
        assertThat(back.header("Location")).hasValue("/shops?connected=" + fake.shopDomain());
        return merchant.get("/api/shops").json().path("shops").get(0).path("id").asText();
    }

    /** Polls the shop until no sync runs (bounded by a deadline) and returns it. */
    private static JsonNode awaitSettled() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode shop = null;
        while (Instant.now().isBefore(deadline)) {
            shop = merchant.get("/api/shops/" + shopId).json();
            if (!Set.of("syncing", "connecting").contains(shop.path("status").asText()) && shop.path("sync").isNull()) {
                return shop;
            }
            Thread.sleep(50); // polling interval of a loop bounded by the deadline, not a wait for an event
        }
        throw new AssertionError("Shop " + shopId + " kept syncing: " + shop);
    }
}
