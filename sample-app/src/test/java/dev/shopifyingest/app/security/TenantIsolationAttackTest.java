package dev.shopifyingest.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.EventStream;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.webhooks.Webhooks;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two tenants on one app, each with a synced shop on its own FakeShopify: Alice (tenant A) attacks
 * Bob's shop (tenant B) on every route the server serves, and the database is attacked directly.
 *
 * <ul>
 *   <li>The suite knows every route: {@link #theSuiteAttacksEveryRouteTheServerServes()} fails when
 *       the app serves a route listed in none of the attacks below.</li>
 *   <li>Every {@code /api/shops/{id}} route (the event stream too) with B's id, in several
 *       spellings, answers A exactly as for a shop that does not exist, and changes nothing of B.</li>
 *   <li>B's id, domain and name smuggled into A's own requests as parameters change nothing.</li>
 *   <li>No response to A carries any of B's distinctive values (domain, name, customers' names
 *       and emails, product titles, totals).</li>
 *   <li>A's event stream never carries B's events while B's store changes, also when A replays
 *       from B's event ids.</li>
 *   <li>Nothing A's browser received in the whole class carries B's distinctive values.</li>
 *   <li>In PostgreSQL, as the application role: no tenant set, no rows in any tenant table; with
 *       A set, only A's rows; writes under B's id refused; the app's own tables (users, sessions,
 *       memberships) out of reach. Tables come from the catalog.</li>
 * </ul>
 */
class TenantIsolationAttackTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    @RegisterExtension
    static final SecretsWatch secrets = new SecretsWatch(db::dataSource);

    private static final String PASSWORD = "correct horse battery staple";
    private static final long MISSING_SHOP = 987_654_321L;
    private static final String WIDE_RANGE = "from=2025-01-01&to=2026-11-02";
    private static final String APP_ROLE = "shopify_ingest_app";

    /** Routes taking a shop id, and the request A sends for each (the id as {@code %s}). */
    static final Map<String, String> SHOP_ROUTES = Map.of(
            "GET /api/shops/{id}", "GET /api/shops/%s",
            "DELETE /api/shops/{id}", "DELETE /api/shops/%s",
            "POST /api/shops/{id}/sync", "POST /api/shops/%s/sync",
            "GET /api/shops/{id}/insights/summary", "GET /api/shops/%s/insights/summary?" + WIDE_RANGE,
            "GET /api/shops/{id}/insights/series", "GET /api/shops/%s/insights/series?granularity=month&" + WIDE_RANGE,
            "GET /api/shops/{id}/insights/top-customers",
            "GET /api/shops/%s/insights/top-customers?limit=100&" + WIDE_RANGE,
            "GET /api/shops/{id}/insights/top-products",
            "GET /api/shops/%s/insights/top-products?limit=100&by=units&" + WIDE_RANGE,
            "GET /api/shops/{id}/events", "GET /api/shops/%s/events",
            "GET /api/shops/{id}/data-requests", "GET /api/shops/%s/data-requests",
            "GET /api/shops/{id}/data-requests/{requestId}", "GET /api/shops/%s/data-requests/wh-request-1");

    /** Routes without a shop id, and the test that attacks each with B's domain, name or parameters. */
    static final Map<String, String> OTHER_ROUTES = Map.ofEntries(
            Map.entry("GET /api/me", "ownRoutesIgnoreTheOtherTenantsIdsAndDomainAsParameters"),
            Map.entry("ANY /api/me", "ownRoutesIgnoreTheOtherTenantsIdsAndDomainAsParameters"),
            Map.entry("GET /api/shops", "ownRoutesIgnoreTheOtherTenantsIdsAndDomainAsParameters"),
            Map.entry("POST /api/shops/connect", "connectingTheOtherTenantsDomainRevealsNothingAndChangesNothing"),
            Map.entry("GET /auth/shopify/callback", "aForgedCallbackForTheOtherTenantsShopIsRefused"),
            Map.entry("POST /webhooks/shopify", "anUnsignedWebhookNamingTheOtherTenantsShopIsRefused"),
            Map.entry("POST /api/auth/signup", "accountRoutesDoNotTellTheOtherTenantsAccountApart"),
            Map.entry("ANY /api/auth/signup", "accountRoutesDoNotTellTheOtherTenantsAccountApart"),
            Map.entry("POST /api/auth/login", "accountRoutesDoNotTellTheOtherTenantsAccountApart"),
            Map.entry("ANY /api/auth/login", "accountRoutesDoNotTellTheOtherTenantsAccountApart"),
            Map.entry("POST /api/auth/logout", "accountRoutesDoNotTellTheOtherTenantsAccountApart"),
            Map.entry("ANY /api/auth/logout", "accountRoutesDoNotTellTheOtherTenantsAccountApart"));

    static FakeShopify alphaShopify;
    static FakeShopify betaShopify;
    static TestServer server;
    static Browser alice;
    static Browser bob;
    static long aliceShop;
    static long bobShop;
    /** Values only B's data holds: none may reach A. */
    static Set<String> bobsValues;
    /** Every reply A's browser got in this class. */
    static final List<Reply> alicesReplies = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), TestServer.START));
        alphaShopify = fake("alpha-store.myshopify.com", "Alpha Goods", 21, clock);
        betaShopify = fake("beta-store.myshopify.com", "Beta Supplies", 22, clock);
        ShopDomain alpha = ShopDomain.parse(alphaShopify.shopDomain());
        HttpUrl alphaUrl = HttpUrl.get(alphaShopify.baseUrl());
        HttpUrl betaUrl = HttpUrl.get(betaShopify.baseUrl());
        ShopBaseUrl shopUrls = shop -> shop.equals(alpha) ? alphaUrl : betaUrl;
        server = TestServer.start(db.dataSource(), shopUrls, clock, b -> b);
        secrets.secret(PASSWORD);

        alice = server.browser(reply -> {
            secrets.observe(reply);
            alicesReplies.add(reply);
        });
        assertThat(alice.signUp("alice@example.com", PASSWORD).status()).isEqualTo(201);
        bob = server.browser(secrets::observe);
        assertThat(bob.signUp("bob@example.com", PASSWORD).status()).isEqualTo(201);
        aliceShop = StoreConnection.connect(alice, "alpha-store", "alpha-store.myshopify.com", secrets);
        bobShop = StoreConnection.connect(bob, "beta-store", "beta-store.myshopify.com", secrets);
        assertThat(aliceShop).isNotEqualTo(bobShop);
        for (long shop : List.of(aliceShop, bobShop)) {
            secrets.token(Webhooks.store(db.dataSource()).shops().accessToken(shop).orElseThrow());
        }
        // A data request per shop, so the webhook inbox and the data requests hold rows of both tenants too.
        URI endpoint = server.uri().resolve("/webhooks/shopify");
        alphaShopify.webhooks().sendCustomersDataRequest(endpoint, StoreFixture.customerId(5), List.of()).get();
        betaShopify.webhooks().sendCustomersDataRequest(endpoint, StoreFixture.customerId(5), List.of()).get();
        awaitRows("customer_data_requests", 2);
        bobsValues = distinctiveValues(bob, bobShop, alice, aliceShop);
    }

    @AfterAll
    static void stop() {
        server.close();
        alphaShopify.close();
        betaShopify.close();
        // Whatever A asked in any test, no reply carried B's data. (A's own authorize URL for the
        // domain A typed names that domain, as it would any other: checked in its own test.)
        List<Reply> replies = List.copyOf(alicesReplies);
        assertThat(replies).hasSizeGreaterThan(50);
        for (Reply reply : replies) {
            if (!reply.body().contains("\"authorizeUrl\"")) {
                assertNothingOfBob(reply, "a reply to A");
            }
        }
    }

    @Test
    void theSuiteAttacksEveryRouteTheServerServes() {
        Set<String> attacked = new TreeSet<>(SHOP_ROUTES.keySet());
        attacked.addAll(OTHER_ROUTES.keySet());

        assertThat(RouteCatalogue.of(server.services()))
                .as("routes the server serves; a new one needs an attack in this suite")
                .containsExactlyInAnyOrderElementsOf(attacked);
    }

    static Stream<String> shopRoutes() {
        return SHOP_ROUTES.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shopRoutes")
    void theOtherTenantsShopAnswersExactlyAsAMissingShop(String route) {
        String request = SHOP_ROUTES.get(route);
        Reply missing = send(alice, request.formatted(MISSING_SHOP));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("not_found");
        JsonNode bobsShopBefore = bob.get("/api/shops/" + bobShop).json();

        for (String spelling : List.of(Long.toString(bobShop), "0" + bobShop, "+" + bobShop, "00" + bobShop)) {
            Reply reply = send(alice, request.formatted(spelling));

            assertThat(reply.status()).as("%s with B's id as %s", route, spelling).isEqualTo(404);
            assertThat(reply.body()).as("%s with B's id as %s", route, spelling).isEqualTo(missing.body());
            assertThat(reply.header("Content-Type")).isEqualTo(missing.header("Content-Type"));
            assertNothingOfBob(reply, route);
        }
        JsonNode bobsShopAfter = bob.get("/api/shops/" + bobShop).json();
        assertThat(bobsShopAfter.path("status").asText()).isEqualTo(bobsShopBefore.path("status").asText());
        assertThat(bobsShopAfter.path("sync").isNull()).as("no sync started by A").isTrue();
        assertThat(bob.get("/api/shops").json().path("shops")).hasSize(1);
    }

    @Test
    void ownRoutesIgnoreTheOtherTenantsIdsAndDomainAsParameters() {
        String smuggled = "shop=" + bobShop + "&shopId=" + bobShop + "&shop_id=" + bobShop + "&id=" + bobShop
                + "&domain=beta-store.myshopify.com&shop_domain=beta-store";
        List<String> paths = new ArrayList<>(List.of("/api/me", "/api/shops", "/api/shops/" + aliceShop));
        for (String route : SHOP_ROUTES.values()) {
            if (route.startsWith("GET ") && route.contains("/insights/")) {
                paths.add(route.substring(4).formatted(aliceShop));
            }
        }
        for (String path : paths) {
            Reply plain = alice.get(path);
            Reply polluted = alice.get(path + (path.contains("?") ? "&" : "?") + smuggled);

            assertThat(plain.status()).as(path).isEqualTo(200);
            assertThat(polluted.status()).as(path).isEqualTo(200);
            assertThat(polluted.json()).as(path).isEqualTo(plain.json());
            assertNothingOfBob(polluted, path);
        }
        Reply wrongMethod = alice.send(alice.request("/api/me?shop=" + bobShop)
                .header("X-CSRF-Token", alice.cookie("csrf").orElseThrow())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"shop\":\"beta-store\"}")));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertNothingOfBob(wrongMethod, "PUT /api/me");
        assertThat(alice.get("/api/shops").json().path("shops")).hasSize(1);
        assertThat(alice.get("/api/shops").json().path("shops").get(0).path("id").asText())
                .isEqualTo(Long.toString(aliceShop));
    }

    @Test
    void connectingTheOtherTenantsDomainRevealsNothingAndChangesNothing() {
        Reply bobs = alice.postJson("/api/shops/connect", "{\"shop\":\"beta-store\"}");
        Reply nobodys = alice.postJson("/api/shops/connect", "{\"shop\":\"gamma-store\"}");

        assertThat(bobs.status()).isEqualTo(nobodys.status()).isEqualTo(200);
        // The authorize URL names the shop A typed, as for any shop: it says nothing of B's account.
        assertThat(bobs.json().path("authorizeUrl").asText().replace("beta-store", "SHOP")
                .replaceAll("state=[^&]+", ""))
                .isEqualTo(nobodys.json().path("authorizeUrl").asText().replace("gamma-store", "SHOP")
                        .replaceAll("state=[^&]+", ""));
        assertThat(alice.get("/api/shops").json().path("shops")).hasSize(1);
        assertThat(bob.get("/api/shops").json().path("shops")).hasSize(1);
    }

    @Test
    void aForgedCallbackForTheOtherTenantsShopIsRefused() {
        String forged = "/auth/shopify/callback?code=stolen&shop=beta-store.myshopify.com&state=guess&timestamp="
                + TestServer.START.getEpochSecond() + "&hmac=" + "0".repeat(64);

        Reply reply = alice.send(alice.request(forged).GET());

        assertThat(reply.status()).isEqualTo(302);
        assertThat(reply.header("Location")).hasValue("/shops?error=invalid_callback");
        assertNothingOfBob(reply, "callback");
        assertThat(alice.get("/api/shops").json().path("shops")).hasSize(1);
    }

    @Test
    void anUnsignedWebhookNamingTheOtherTenantsShopIsRefused() {
        byte[] body = "{\"id\":1,\"email\":\"taken@example.com\",\"updated_at\":\"2026-11-02T09:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>(Webhooks.signed("customers/update",
                "beta-store.myshopify.com", "wh-forged", body));
        headers.put("X-Shopify-Hmac-Sha256", Webhooks.sign(body, "a-guessed-secret"));
        headers.put("Cookie", "session=" + alice.cookie("session").orElseThrow());

        HttpResponse<String> reply = Webhooks.post(server.uri(), headers, body);
        secrets.observe(reply.statusCode() + " " + reply.headers().map() + " " + reply.body());

        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.body()).contains("invalid_hmac");
        for (String value : bobsValues) {
            assertThat(reply.body()).doesNotContain(value);
        }
    }

    @Test
    void accountRoutesDoNotTellTheOtherTenantsAccountApart() {
        Browser mallory = server.browser(secrets::observe);
        secrets.secret("another long password 1");
        secrets.secret("not bob's password at all");
        Reply taken = mallory.signUp("bob@example.com", "another long password 1");
        Reply bobsWrong = mallory.logIn("bob@example.com", "not bob's password at all");
        Reply nobodysWrong = mallory.logIn("nobody@example.com", "not bob's password at all");

        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.errorCode()).isEqualTo("signup_rejected");
        assertThat(bobsWrong.status()).isEqualTo(nobodysWrong.status()).isEqualTo(401);
        assertThat(bobsWrong.body()).isEqualTo(nobodysWrong.body());
        for (String path : List.of("/api/auth/signup", "/api/auth/login", "/api/auth/logout")) {
            Reply wrongMethod = alice.get(path + "?email=bob@example.com");
            assertThat(wrongMethod.status()).as(path).isEqualTo(405);
            assertNothingOfBob(wrongMethod, path);
        }
        Browser aliceAgain = server.browser(secrets::observe);
        aliceAgain.logIn("alice@example.com", PASSWORD);
        Reply loggedOut = aliceAgain.logOut();
        assertThat(loggedOut.status()).isEqualTo(204);
        assertThat(bob.get("/api/shops/" + bobShop).status()).as("B's session survives A's log-out").isEqualTo(200);
        assertThat(mallory.cookie("session")).isEmpty();
    }

    @Test
    void theOtherTenantsEventsNeverReachAsStream() throws Exception {
        URI endpoint = server.uri().resolve("/webhooks/shopify");
        String aliceCookie = "session=" + alice.cookie("session").orElseThrow();
        String bobCookie = "session=" + bob.cookie("session").orElseThrow();
        URI alicesStream = server.uri().resolve("/api/shops/" + aliceShop + "/events");
        // B's change touches products only, A's customers and orders only: an event naming
        // exactly PRODUCT on A's stream can only be B's (the ids are per shop, so they cannot tell).
        String bobsEvent;
        try (EventStream alicesOwn = EventStream.open(alicesStream, aliceCookie, null).awaitConnected();
                EventStream bobsOwn = EventStream.open(server.uri().resolve("/api/shops/" + bobShop + "/events"),
                        bobCookie, null).awaitConnected()) {
            betaShopify.webhooks().deliver("products/delete", "{\"id\":" + StoreFixture.productId(0) + "}", endpoint)
                    .get();
            bobsEvent = bobsOwn.await(item -> item.name().equals("data-changed") && onlyProducts(item),
                    Duration.ofSeconds(10)).id();
            alphaShopify.webhooks().sendCustomersRedact(endpoint, StoreFixture.customerId(2), List.of()).get();
            List<EventStream.Item> seen = new ArrayList<>();
            alicesOwn.await(item -> seen.add(item) && item.name().equals("data-changed"), Duration.ofSeconds(10));
            secrets.observe(seen.toString());

            assertThat(seen).as("A's stream up to A's own event").noneMatch(TenantIsolationAttackTest::onlyProducts);
            assertThat(seen.getLast().data()).contains("CUSTOMER");
        }

        // Replaying from B's event id (or another instance's) gives A's own events or "reload everything", never B's.
        int order = 0;
        for (String lastEventId : List.of(bobsEvent, "another-instance-1")) {
            try (EventStream replay = EventStream.open(alicesStream, aliceCookie, lastEventId).awaitConnected()) {
                alphaShopify.webhooks().deliver("orders/delete", "{\"id\":" + StoreFixture.orderId(order++) + "}",
                        endpoint).get();
                List<EventStream.Item> seen = new ArrayList<>();
                replay.await(item -> seen.add(item) && item.name().equals("data-changed")
                        && item.data().equals(item.data().replace("PRODUCT", "")) && item.data().contains("ORDER"),
                        Duration.ofSeconds(10));
                secrets.observe(seen.toString());

                assertThat(seen).as("replay from %s", lastEventId).noneMatch(TenantIsolationAttackTest::onlyProducts);
            }
        }
    }

    /** An event naming exactly the product entity: B's change in the stream test. */
    private static boolean onlyProducts(EventStream.Item item) {
        return item.name().equals("data-changed") && item.data().contains("\"entities\":[\"PRODUCT\"]");
    }

    @Test
    void everyTableOfTheStoreIsATenantTableUnderForcedRowLevelSecurity() throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            Map<String, boolean[]> tables = storeTables(connection);

            assertThat(tables).containsKeys("shops", "customers", "orders", "webhook_inbox");
            tables.forEach((table, flags) -> {
                assertThat(flags[0]).as("%s has a shop_id column", table).isTrue();
                assertThat(flags[1]).as("%s has row-level security enabled", table).isTrue();
                assertThat(flags[2]).as("%s has row-level security forced", table).isTrue();
            });
            try (Statement statement = connection.createStatement(); ResultSet role = statement.executeQuery(
                    "select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = '" + APP_ROLE + "'")) {
                assertThat(role.next()).isTrue();
                assertThat(role.getBoolean(1)).as("superuser").isFalse();
                assertThat(role.getBoolean(2)).as("bypassrls").isFalse();
                assertThat(role.getBoolean(3)).as("can log in").isFalse();
            }
        }
    }

    @Test
    void asTheApplicationRoleNoTenantMeansNoRowsAndATenantMeansOnlyItsRows() throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            Set<String> tables = storeTables(connection).keySet();
            for (String table : tables) {
                long aliceRows = count(connection, "select count(*) from shopify_ingest." + table + " where shop_id = "
                        + aliceShop);
                long bobRows = count(connection, "select count(*) from shopify_ingest." + table + " where shop_id = "
                        + bobShop);
                assertThat(aliceRows).as("rows of A in %s (the check needs both tenants' rows)", table).isPositive();
                assertThat(bobRows).as("rows of B in %s (the check needs both tenants' rows)", table).isPositive();

                assertThat(asApplicationRole(connection, null, "select count(*) from " + table))
                        .as("%s without a tenant", table).isZero();
                assertThat(asApplicationRole(connection, "", "select count(*) from " + table))
                        .as("%s with an empty tenant", table).isZero();
                assertThat(asApplicationRole(connection, Long.toString(aliceShop), "select count(*) from " + table))
                        .as("%s as A", table).isEqualTo(aliceRows);
                assertThat(asApplicationRole(connection, Long.toString(aliceShop),
                        "select count(*) from " + table + " where shop_id <> " + aliceShop))
                        .as("%s as A, B's rows", table).isZero();
                assertThat(deletedAsAlice(connection, table)).as("%s: A deleting B's rows", table).isZero();
            }
        }
    }

    /** How many of B's rows A deletes from a table: none, whether or not the role may delete there at all. */
    private static long deletedAsAlice(Connection connection, String table) throws SQLException {
        try {
            return asApplicationRole(connection, Long.toString(aliceShop),
                    "with gone as (delete from " + table + " where shop_id = " + bobShop + " returning 1) "
                            + "select count(*) from gone");
        } catch (SQLException e) {
            assertThat(e.getSQLState()).as("%s: why A's delete failed", table).isEqualTo("42501");
            return 0;
        }
    }

    @Test
    void asTheApplicationRoleWritesUnderAnotherTenantAreRefused() throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            for (String table : storeTables(connection).keySet()) {
                String alicesRow;
                try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(
                        "select to_jsonb(t) from shopify_ingest." + table + " t where shop_id = " + aliceShop
                                + " limit 1")) {
                    assertThat(row.next()).as("a row of A in %s", table).isTrue();
                    alicesRow = row.getString(1);
                }
                // A's row under B's id: every column valid, only the tenant is foreign.
                String insert = "insert into " + table + " overriding system value select (jsonb_populate_record(null::"
                        + table + ", $row$" + alicesRow + "$row$::jsonb || '{\"shop_id\": " + bobShop + "}')).*";
                for (String tenant : new String[] {Long.toString(aliceShop), null}) {
                    assertThatThrownBy(() -> asApplicationRole(connection, tenant, insert))
                            .as("%s: inserting a row of B as %s", table, tenant == null ? "no tenant" : "A")
                            .isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
                }
                // The registry's shop_id is an identity column: PostgreSQL refuses any update of it outright.
                String refusal = table.equals("shops") ? "428C9" : "42501";
                assertThatThrownBy(() -> asApplicationRole(connection, Long.toString(aliceShop),
                        "update " + table + " set shop_id = " + bobShop))
                        .as("%s: moving A's rows to B", table)
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(refusal));
            }
        }
    }

    @Test
    void theApplicationRoleCannotReachTheAppsOwnTables() throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            List<String> appTables = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'app'"
                            + " and table_type = 'BASE TABLE'")) {
                while (rows.next()) {
                    appTables.add(rows.getString(1));
                }
            }
            assertThat(appTables).contains("users", "memberships", "sessions");
            for (String table : appTables) {
                assertThatThrownBy(() -> asApplicationRole(connection, Long.toString(aliceShop),
                        "select count(*) from app." + table))
                        .as("app.%s as the application role", table)
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
        }
    }

    /** Waits, with a deadline, until the webhook worker has stored a table's rows. */
    private static void awaitRows(String table, long rows) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        try (Connection connection = db.dataSource().getConnection()) {
            while (count(connection, "select count(*) from shopify_ingest." + table) < rows
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(50); // polling interval of a loop bounded by the deadline
            }
            assertThat(count(connection, "select count(*) from shopify_ingest." + table)).as(table).isEqualTo(rows);
        }
    }

    /** Tables of the store's schema other than migration histories: name → {has shop_id, RLS on, RLS forced}. */
    private static Map<String, boolean[]> storeTables(Connection connection) throws SQLException {
        Map<String, boolean[]> tables = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("""
                select c.relname, c.relrowsecurity, c.relforcerowsecurity,
                       exists (select 1 from pg_attribute a
                               where a.attrelid = c.oid and a.attname = 'shop_id' and not a.attisdropped)
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'shopify_ingest' and c.relkind in ('r', 'p')
                  and c.relname not like '%schema_history' and not c.relispartition
                order by c.relname""")) {
            while (rows.next()) {
                tables.put(rows.getString(1),
                        new boolean[] {rows.getBoolean(4), rows.getBoolean(2), rows.getBoolean(3)});
            }
        }
        return tables;
    }

    /**
     * Runs one statement as the application role, as the store does, in a transaction that is
     * rolled back; returns the single number it selects.
     *
     * @param tenant the {@code shopify_ingest.shop_id} setting, or null to leave it unset
     */
    private static long asApplicationRole(Connection connection, String tenant, String sql) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local role " + APP_ROLE);
            statement.execute("set local search_path = shopify_ingest");
            if (tenant != null) {
                try (PreparedStatement set = connection.prepareStatement(
                        "select set_config('shopify_ingest.shop_id', ?, true)")) {
                    set.setString(1, tenant);
                    set.execute();
                }
            }
            boolean hasRows = statement.execute(sql);
            if (!hasRows) {
                return statement.getUpdateCount();
            }
            try (ResultSet rows = statement.getResultSet()) {
                rows.next();
                return rows.getLong(1);
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Sends "METHOD /path" as a browser does, with the CSRF token on state-changing methods. */
    private static Reply send(Browser browser, String request) {
        String method = request.substring(0, request.indexOf(' '));
        HttpRequest.Builder builder = browser.request(request.substring(method.length() + 1));
        if (!method.equals("GET")) {
            builder.header("X-CSRF-Token", browser.cookie("csrf").orElseThrow())
                    .header("Content-Type", "application/json");
        }
        builder.method(method, method.equals("POST")
                ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        return browser.send(builder);
    }

    private static void assertNothingOfBob(Reply reply, String what) {
        String everything = reply.headers() + "\n" + reply.body();
        for (String value : bobsValues) {
            assertThat(everything).as("%s holds B's value", what).doesNotContain(value);
        }
    }

    /**
     * What B's shop shows B (domain, name, customers, products, totals) minus anything A's own
     * shop shows A: values a leak would carry and A could not have otherwise.
     */
    private static Set<String> distinctiveValues(Browser owner, long shop, Browser other, long otherShop) {
        Set<String> values = new LinkedHashSet<>(Set.of("beta-store", "Beta Supplies"));
        String base = "/api/shops/" + shop + "/insights/";
        JsonNode summary = owner.get(base + "summary?" + WIDE_RANGE).json();
        values.add(summary.path("totalSales").asText());
        values.add(summary.path("netSales").asText());
        for (JsonNode customer : owner.get(base + "top-customers?limit=100&" + WIDE_RANGE).json().path("customers")) {
            values.add(customer.path("name").asText());
            values.add(customer.path("email").asText());
            values.add(customer.path("spend").asText());
        }
        for (JsonNode product : owner.get(base + "top-products?limit=100&" + WIDE_RANGE).json().path("products")) {
            values.add(product.path("title").asText());
            values.add(product.path("revenue").asText());
        }
        values.removeIf(value -> value.isBlank() || value.equals("0") || value.equals("0.00"));
        String othersView = String.join("\n", Stream.of("summary?", "series?granularity=day&",
                        "top-customers?limit=100&", "top-products?limit=100&", "top-products?limit=100&by=units&")
                .map(path -> other.get("/api/shops/" + otherShop + "/insights/" + path + WIDE_RANGE).body())
                .toList()) + other.get("/api/me").body();
        values.removeIf(othersView::contains);
        assertThat(values).as("B's distinctive values").hasSizeGreaterThan(10);
        return values;
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
}
