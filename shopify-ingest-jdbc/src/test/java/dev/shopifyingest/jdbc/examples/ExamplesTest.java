package dev.shopifyingest.jdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.auth.OAuthConfig;
import dev.shopifyingest.core.auth.ShopifyOAuth;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.sync.SyncCheckpoint;
import dev.shopifyingest.core.webhook.WebhookVerifier;
import dev.shopifyingest.jdbc.InboxEntry;
import dev.shopifyingest.jdbc.Shop;
import dev.shopifyingest.jdbc.SyncStatus;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.TenantStore;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.oauth.OAuthSettings;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The jdbc guide's examples, run against a fresh embedded PostgreSQL (migrated by the guide's own
 * code) and FakeShopify, do what the guide says they do.
 */
class ExamplesTest {

    private static final String WEBHOOK_SECRET = "guide-webhook-secret";

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    static FakeShopify shopify;
    static StoreSetupExample.PooledStore pooled;
    static PostgresStore store;

    @BeforeAll
    static void start() {
        shopify = FakeShopify.builder()
                .store(StoreFixture.builder().customers(6).products(4).orders(24).seed(5)
                        .end(Instant.now().truncatedTo(ChronoUnit.HOURS)).build())
                .throttle(ThrottleSettings.PLUS)
                // Tokens live 2 minutes: inside the guide's 5-minute margin, so the first use refreshes.
                .oauth(OAuthSettings.defaults().withExpiringLifetimes(Duration.ofMinutes(2), Duration.ofDays(1)))
                .start();
        HikariConfig hikariConfig = new HikariConfig();
        hikariConfig.setJdbcUrl(db.jdbcUrl());
        hikariConfig.setUsername(db.user());
        hikariConfig.setPassword(db.password());
        hikariConfig.setMaximumPoolSize(6);
        pooled = StoreSetupExample.buildAndMigrate(hikariConfig, key(26), key(25));
        store = pooled.store();
    }

    @AfterAll
    static void stop() {
        if (pooled != null) {
            pooled.pool().close();
        }
        if (shopify != null) {
            shopify.close();
        }
    }

    @Test
    void theGuidesSetupMigratesAFreshDatabaseAndMigratingAgainChangesNothing() throws Exception {
        try (Connection connection = db.dataSource().getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, "shopify_ingest", "%", new String[] {"TABLE"})) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString("TABLE_NAME"));
            }
            assertThat(names).contains("shops", "orders", "customers", "products", "webhook_inbox");
        }
        assertThat(store.migrate()).isZero();
    }

    @Test
    void aShopRegistersWithItsDetailsAndKeepsItsIdWhenRegisteredAgain() {
        long shopId = ShopsExample.register(store, token("reinstalled", "shpat_first"));
        long again = ShopsExample.register(store, token("reinstalled", "shpat_second"));

        Shop shop = store.shops().find(shopId).orElseThrow();
        assertThat(again).isEqualTo(shopId);
        assertThat(shop.details().name()).isEqualTo("My Store");
        assertThat(shop.details().timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(store.shops().accessToken(shopId)).get().extracting(AccessToken::accessToken)
                .isEqualTo("shpat_second");
    }

    @Test
    void theRegistryFindsListsAndFinallyErasesAShop() {
        AccessToken token = token("my-store", "shpat_my_store");
        long shopId = ShopsExample.register(store, token);

        ShopsExample.Lookups lookups = ShopsExample.registryOperations(store, shopId);

        assertThat(lookups.byDomain()).get().extracting(Shop::shopId).isEqualTo(shopId);
        assertThat(lookups.byId()).get().extracting(Shop::domain).isEqualTo(ShopDomain.parse("my-store"));
        assertThat(lookups.all()).extracting(Shop::shopId).contains(shopId);
        assertThat(lookups.token()).contains(token);
        assertThat(store.shops().find(shopId)).isEmpty();
    }

    @Test
    void anExpiringTokenIsRefreshedAheadOfExpiryAndTheRotatedTokenIsStored() throws Exception {
        ShopifyOAuth oauth = ShopifyOAuth.builder(OAuthConfig.builder()
                        .clientId(shopify.clientId())
                        .clientSecret(shopify.clientSecret())
                        .scopes(List.copyOf(FakeShopify.PROJECT_SCOPES))
                        .redirectUri("https://app.example.com/shopify/callback")
                        .build())
                .shopBaseUrl(fakeShops())
                .build();
        URI authorize = oauth.authorize(fakeShop(), "user-1").url();
        AccessToken installed = oauth.exchangeCode(oauth.verifyCallback(merchantApproves(authorize), "user-1"));
        long shopId = ShopsExample.register(store, installed);

        AccessTokenSource tokens = ShopsExample.tokens(store, oauth, shopId);
        String used = tokens.accessToken();

        assertThat(installed.isExpiring()).isTrue();
        assertThat(used).isNotEqualTo(installed.accessToken());
        assertThat(store.shops().accessToken(shopId)).get().extracting(AccessToken::accessToken).isEqualTo(used);
    }

    @Test
    void aSyncStoresTheShopsDataAndRecordsThatItFinished() {
        long shopId = registerAndSyncFakeShop();

        TenantStore tenant = store.forShop(shopId);
        assertThat(tenant.orders().count()).isEqualTo(shopify.store().orders().size());
        assertThat(tenant.customers().count()).isEqualTo(shopify.store().customers().size());
        Shop shop = store.shops().find(shopId).orElseThrow();
        assertThat(shop.syncStatus()).isEqualTo(SyncStatus.IDLE);
        assertThat(shop.lastSyncedAt()).isNotNull();
    }

    @Test
    void aFailedSyncIsRecordedWithItsReason() {
        String revoked = shopify.issueToken(FakeShopify.PROJECT_SCOPES);
        shopify.revokeToken(revoked);
        long shopId = ShopsExample.register(store, new AccessToken(fakeShop(), revoked, FakeShopify.PROJECT_SCOPES,
                null, null, null));

        SyncIntoStoreExample.sync(store, shopId, fakeShops());

        Shop shop = store.shops().find(shopId).orElseThrow();
        assertThat(shop.syncStatus()).isEqualTo(SyncStatus.FAILED);
        assertThat(shop.syncStatusDetail()).isNotBlank();
    }

    @Test
    void theTenantsReadersAndOwnSqlAnswerFromTheSyncedData() {
        long shopId = registerAndSyncFakeShop();
        FakeOrder someOrder = shopify.store().orders().all().filter(o -> o.customerId() != null)
                .findFirst().orElseThrow();

        TenantDataExample.Reads reads = TenantDataExample.read(store, shopId, someOrder.id(), someOrder.customerId());
        BigDecimal revenue = TenantDataExample.revenue(store.forShop(shopId));

        assertThat(reads.order()).get().extracting(Order::id).isEqualTo(someOrder.id());
        assertThat(reads.page()).hasSize(shopify.store().customers().size());
        assertThat(reads.page()).extracting(Customer::id).isSorted();
        assertThat(reads.next()).isEmpty();
        assertThat(reads.products()).isEqualTo(shopify.store().products().size());
        assertThat(reads.hers()).isNotEmpty().allSatisfy(o -> assertThat(o.customerId())
                .isEqualTo(someOrder.customerId()));
        assertThat(reads.orders()).get().extracting(SyncCheckpoint::phase).isEqualTo(SyncCheckpoint.Phase.IDLE);
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(revenue).isEqualByComparingTo(shopify.store().orders().all()
                .filter(o -> !o.test() && !o.processedAt().isBefore(from))
                .map(FakeOrder::totalPrice).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    @Test
    void webhooksAreReceivedOnceAndAppliedInTheBackground() throws Exception {
        long shopId = ShopsExample.register(store, token("webhooks", "shpat_webhooks"));
        WebhookVerifier verifier = WebhookVerifier.of(WEBHOOK_SECRET);
        String order = """
                {"id":9001,"name":"#9001","email":"ann@example.com","created_at":"2026-01-01T00:00:00Z",
                 "processed_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","currency":"EUR",
                 "subtotal_price":"10.00","total_discounts":"0.00","total_tax":"1.90","total_price":"11.90",
                 "current_total_price":"11.90","financial_status":"paid","fulfillment_status":null,
                 "customer":{"id":5},"line_items":[],"refunds":[]}""";
        String dataRequest = """
                {"shop_id":1,"shop_domain":"webhooks.myshopify.com","orders_requested":[9001],
                 "customer":{"id":5,"email":"ann@example.com"},"data_request":{"id":77}}""";

        assertThat(receive("webhooks", "orders/create", "w-1", order, verifier)).isEqualTo(200);
        assertThat(receive("webhooks", "orders/create", "w-1", order, verifier)).isEqualTo(200);   // a retry
        assertThat(receive("webhooks", "customers/data_request", "w-2", dataRequest, verifier)).isEqualTo(200);
        assertThat(receive("webhooks", "refunds/create", "w-3", "{\"order_id\":9001}", verifier)).isEqualTo(200);
        assertThat(receive("unregistered", "orders/create", "w-4", order, verifier)).isEqualTo(200);
        assertThat(WebhookInboxExample.receive(headers("webhooks", "orders/create", "w-5", order),
                (order + " ").getBytes(StandardCharsets.UTF_8), verifier, store)).isEqualTo(401);
        assertThat(WebhookInboxExample.receive(Map.of(), order.getBytes(StandardCharsets.UTF_8), verifier, store))
                .isEqualTo(400);
        assertThat(store.inbox().pending(100)).extracting(InboxEntry::webhookId)
                .containsExactlyInAnyOrder("w-1", "w-2", "w-3");

        WebhookInboxExample example = new WebhookInboxExample();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            example.startProcessing(store, scheduler);
            awaitTrue(() -> store.inbox().pending(100).isEmpty());
        } finally {
            scheduler.shutdownNow();
            assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(store.forShop(shopId).orders().find(9001)).isPresent();
        assertThat(example.merchantNotices()).containsExactly("webhooks.myshopify.com customer 5");
        assertThat(example.syncsScheduled()).containsExactly(shopId);
        assertThat(store.inbox().failing(100)).isEmpty();
    }

    @Test
    void committedChangesOfTheShopReachTheBrowserUntilItLeaves() throws Exception {
        long shopId = ShopsExample.register(store, token("watched", "shpat_watched"));
        long otherShopId = ShopsExample.register(store, token("unwatched", "shpat_unwatched"));
        BrowserStream browser = new BrowserStream();
        var thread = Executors.newSingleThreadExecutor();
        try {
            Future<?> streaming = thread.submit(() -> {
                ChangesExample.streamChanges(store, shopId, browser);
                return null;
            });
            assertThat(browser.listening.await(10, TimeUnit.SECONDS)).isTrue();

            store.shops().updateSyncStatus(otherShopId, SyncStatus.SYNCING, null);
            store.shops().updateSyncStatus(shopId, SyncStatus.SYNCING, null);

            assertThat(browser.sent.poll(10, TimeUnit.SECONDS)).isEqualTo("SHOP_UPDATED null 1");
            browser.closed.countDown();
            streaming.get(10, TimeUnit.SECONDS);
            assertThat(browser.sent).isEmpty();
        } finally {
            thread.shutdownNow();
        }
    }

    /** A browser's event stream: records what is sent, and leaves when the test says so. */
    private static final class BrowserStream implements ChangesExample.EventStream {
        final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
        final CountDownLatch listening = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void send(String data) {
            sent.add(data);
        }

        @Override
        public void awaitClosed() throws InterruptedException {
            listening.countDown();     // the example waits here only after its subscription listens
            closed.await();
        }
    }

    private static long registerAndSyncFakeShop() {
        long shopId = ShopsExample.register(store, new AccessToken(fakeShop(), shopify.adminToken(),
                FakeShopify.PROJECT_SCOPES, null, null, null));
        SyncIntoStoreExample.sync(store, shopId, fakeShops());
        return shopId;
    }

    private static int receive(String handle, String topic, String webhookId, String body, WebhookVerifier verifier) {
        return WebhookInboxExample.receive(headers(handle, topic, webhookId, body),
                body.getBytes(StandardCharsets.UTF_8), verifier, store);
    }

    // What Shopify sends with a delivery, signed with the app's secret.
    private static Map<String, String> headers(String handle, String topic, String webhookId, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String hmac = Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
            return Map.of("X-Shopify-Topic", topic, "X-Shopify-Shop-Domain", handle + ".myshopify.com",
                    "X-Shopify-Webhook-Id", webhookId, "X-Shopify-Hmac-Sha256", hmac,
                    "X-Shopify-API-Version", "2026-10");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String merchantApproves(URI authorize) throws Exception {
        try (HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<Void> response = browser.send(HttpRequest.newBuilder(authorize).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).isEqualTo(302);
            return URI.create(response.headers().firstValue("Location").orElseThrow()).getRawQuery();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("before the deadline").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static ShopDomain fakeShop() {
        return new ShopDomain(shopify.shopDomain());
    }

    private static ShopBaseUrl fakeShops() {
        return ShopBaseUrl.fixed(HttpUrl.get(shopify.baseUrl() + "/"));
    }

    private static AccessToken token(String handle, String value) {
        return new AccessToken(new ShopDomain(handle + ".myshopify.com"), value, Set.of("read_orders"), null, null,
                null);
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return key;
    }
}
