package dev.shopifyingest.jdbc;

import static dev.shopifyingest.jdbc.TestStores.at;
import static dev.shopifyingest.jdbc.TestStores.customer;
import static dev.shopifyingest.jdbc.TestStores.domain;
import static dev.shopifyingest.jdbc.TestStores.order;
import static dev.shopifyingest.jdbc.TestStores.product;
import static dev.shopifyingest.jdbc.TestStores.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.core.sync.SyncCheckpoint;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShopRegistryTest {

    @RegisterExtension
    static final PostgresDatabase db = TestStores.migratedDatabase();

    static HikariDataSource pool;
    static TestClock clock = new TestClock(at(1_000));
    static PostgresStore store;

    @BeforeAll
    static void start() {
        pool = TestStores.loginPool(db);
        store = TestStores.store(pool, clock);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private static byte[] storedAccessToken(long shopId) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("select access_token from shopify_ingest.shops where shop_id = ?")) {
            s.setLong(1, shopId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    @Test
    void registersAShopAndFindsItByDomainAndById() {
        Shop shop = store.shops().register(token("registered"),
                new ShopDetails("Registered Ltd", "EUR", ZoneId.of("Europe/Berlin")));

        assertThat(store.shops().find(domain("registered"))).contains(shop);
        assertThat(store.shops().find(shop.shopId())).contains(shop);
        assertThat(shop.details().timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(shop.scopes()).containsExactlyInAnyOrder("read_orders", "read_customers");
        assertThat(shop.syncStatus()).isEqualTo(SyncStatus.PENDING);
        assertThat(shop.isInstalled()).isTrue();
        assertThat(shop.hasAccessToken()).isTrue();
        assertThat(store.shops().list()).extracting(Shop::domain).contains(domain("registered"));
        assertThat(store.shops().find(domain("unknown-shop"))).isEmpty();
        assertThatThrownBy(() -> store.shops().require(domain("unknown-shop")))
                .isInstanceOf(ShopNotFoundException.class);
    }

    @Test
    void tokensAreEncryptedAtRestAndDecryptOnTheWayOut() throws Exception {
        AccessToken token = new AccessToken(domain("encrypted"), "shpat_plaintext_never_stored", Set.of("read_orders"),
                at(3_600), "shprt_refresh_never_stored", at(86_400));
        long shopId = store.shops().register(token).shopId();

        byte[] stored = storedAccessToken(shopId);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("shpat_plaintext_never_stored");
        assertThat(store.shops().accessToken(shopId)).contains(token);
    }

    @Test
    void registeringAgainKeepsTheTenantAndItsDataAndReplacesTheToken() {
        long shopId = store.shops().register(token("reinstalled")).shopId();
        store.sink().accept(new IngestBatch(domain("reinstalled"), List.of(customer(1, at(1), "Ann")), List.of(), null));
        store.shops().markUninstalled(shopId);
        AccessToken fresh = new AccessToken(domain("reinstalled"), "shpat_new", Set.of("read_orders"), null, null, null);

        Shop again = store.shops().register(fresh);

        assertThat(again.shopId()).isEqualTo(shopId);
        assertThat(again.isInstalled()).isTrue();
        assertThat(again.syncStatus()).isEqualTo(SyncStatus.PENDING);
        assertThat(store.shops().accessToken(shopId)).contains(fresh);
        assertThat(store.forShop(shopId).customers().count()).isEqualTo(1);
    }

    @Test
    void uninstallingErasesTheTokensAndStopsSyncingButKeepsTheData() {
        long shopId = store.shops().register(token("uninstalled")).shopId();
        store.sink().accept(new IngestBatch(domain("uninstalled"), List.of(order(1, null, at(1), "v", 1)), List.of(),
                null));

        store.shops().markUninstalled(shopId);

        Shop shop = store.shops().find(shopId).orElseThrow();
        assertThat(shop.isInstalled()).isFalse();
        assertThat(shop.hasAccessToken()).isFalse();
        assertThat(shop.syncStatus()).isEqualTo(SyncStatus.STOPPED);
        assertThat(store.shops().accessToken(shopId)).isEmpty();
        assertThat(store.forShop(shopId).orders().count()).isEqualTo(1);
    }

    @Test
    void erasingAShopDeletesEveryRowOfItAndNothingElse() throws Exception {
        long doomed = store.shops().register(token("doomed")).shopId();
        long bystander = store.shops().register(token("bystander")).shopId();
        for (String handle : List.of("doomed", "bystander")) {
            var shop = domain(handle);
            store.sink().accept(new IngestBatch(shop, List.of(customer(1, at(1), "A"), product(1, at(1), "P", 2),
                    order(1, 1L, at(1), "v", 2)), List.of(), new SyncCheckpoint(shop, EntityType.ORDER,
                    SyncCheckpoint.Phase.IDLE, null, null, 0, null, at(1), at(0))));
        }

        assertThat(store.shops().erase(doomed)).isTrue();
        assertThat(store.shops().erase(doomed)).isFalse();

        try (Connection c = db.dataSource().getConnection()) {
            for (String table : List.of("shops", "customers", "products", "product_variants", "orders",
                    "order_line_items", "refunds", "sync_checkpoints", "webhook_inbox")) {
                try (PreparedStatement s = c.prepareStatement(
                        "select count(*) filter (where shop_id = ?), count(*) filter (where shop_id = ?) from shopify_ingest."
                                + table)) {
                    s.setLong(1, doomed);
                    s.setLong(2, bystander);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        assertThat(rs.getLong(1)).as("rows of the erased shop in " + table).isZero();
                        if (!table.equals("webhook_inbox")) {
                            assertThat(rs.getLong(2)).as("rows of the other shop in " + table).isPositive();
                        }
                    }
                }
            }
        }
    }

    @Test
    void recordsSyncStatusAndStampsTheLastSyncWhenIdle() {
        long shopId = store.shops().register(token("status")).shopId();

        store.shops().updateSyncStatus(shopId, SyncStatus.FAILED, "Shopify answered 503 three times");
        Shop failed = store.shops().find(shopId).orElseThrow();
        store.shops().updateSyncStatus(shopId, SyncStatus.IDLE, null);
        Shop idle = store.shops().find(shopId).orElseThrow();

        assertThat(failed.syncStatus()).isEqualTo(SyncStatus.FAILED);
        assertThat(failed.syncStatusDetail()).contains("503");
        assertThat(failed.lastSyncedAt()).isNull();
        assertThat(idle.lastSyncedAt()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> store.shops().updateSyncStatus(999_999, SyncStatus.IDLE, null))
                .isInstanceOf(ShopNotFoundException.class);
    }

    @Test
    void aShopNeedingReconnectionIsPendingAgainOnceRegisteredWithANewGrant() {
        long shopId = store.shops().register(token("reconnecting")).shopId();
        store.shops().updateSyncStatus(shopId, SyncStatus.RECONNECT_NEEDED,
                "Shopify no longer accepts this app's access to the shop. Connect the shop again to resume syncing.");
        Shop needing = store.shops().find(shopId).orElseThrow();

        Shop again = store.shops().register(new AccessToken(domain("reconnecting"), "shpat_regranted",
                Set.of("read_orders"), null, null, null));

        assertThat(needing.syncStatus()).isEqualTo(SyncStatus.RECONNECT_NEEDED);
        assertThat(needing.syncStatus().needsMerchant()).isTrue();
        assertThat(again.syncStatus()).isEqualTo(SyncStatus.PENDING);
        assertThat(again.syncStatusDetail()).isNull();
    }

    @Test
    void anUnavailableShopStaysUnavailableWhenRegisteredAgain() {
        long shopId = store.shops().register(token("frozen")).shopId();
        store.shops().updateSyncStatus(shopId, SyncStatus.UNAVAILABLE, "Shopify reports this shop is frozen.");

        Shop again = store.shops().register(token("frozen"));

        assertThat(again.syncStatus()).isEqualTo(SyncStatus.UNAVAILABLE);
        assertThat(again.syncStatusDetail()).isEqualTo("Shopify reports this shop is frozen.");
    }

    @Test
    void countsShopsByStateAsTheListWouldGroupThem() {
        store.shops().register(token("counted-pending-a"));
        store.shops().register(token("counted-pending-b"));
        long failed = store.shops().register(token("counted-failed")).shopId();
        store.shops().updateSyncStatus(failed, SyncStatus.FAILED, "Shopify kept failing.");
        long gone = store.shops().register(token("counted-uninstalled")).shopId();
        store.shops().markUninstalled(gone);
        record State(boolean installed, boolean hasAccessToken, SyncStatus syncStatus) {
        }

        Map<State, Long> listed = store.shops().list().stream().collect(Collectors.groupingBy(
                shop -> new State(shop.isInstalled(), shop.hasAccessToken(), shop.syncStatus()), Collectors.counting()));
        // toMap fails on a state counted twice
        Map<State, Long> counted = store.shops().countByState().stream().collect(Collectors.toMap(
                count -> new State(count.installed(), count.hasAccessToken(), count.syncStatus()), ShopStateCount::shops));

        assertThat(counted).isEqualTo(listed).containsKeys(new State(true, true, SyncStatus.PENDING),
                new State(true, true, SyncStatus.FAILED), new State(false, false, SyncStatus.STOPPED));
        assertThat(counted.get(new State(true, true, SyncStatus.PENDING))).isGreaterThanOrEqualTo(2);
    }

    @Test
    void recordsTheLastApiDeprecationNoticeOfARegisteredShopOnly() {
        long shopId = store.shops().register(token("deprecated")).shopId();

        boolean first = store.shops().recordApiDeprecation(domain("deprecated"), "2026-10", "Order.totalPrice is deprecated");
        boolean second = store.shops().recordApiDeprecation(domain("deprecated"), "2026-10", "2026-10 ends on 2027-10-01");
        boolean unknown = store.shops().recordApiDeprecation(domain("never-registered"), "2026-10", "anything");

        assertThat(first).isTrue();
        assertThat(second).isTrue();
        assertThat(unknown).isFalse();
        assertThat(store.shops().find(shopId).orElseThrow().apiDeprecation())
                .isEqualTo(new ApiDeprecation("2026-10", "2026-10 ends on 2027-10-01", clock.instant()));
        assertThat(store.shops().find(domain("never-registered"))).isEmpty();
        assertThat(store.shops().register(token("fresh")).apiDeprecation()).isNull();
    }

    @Test
    void aRotatedKeyStillDecryptsOldTokensAndReencryptionRetiresTheOldKey() {
        long shopId = store.shops().register(token("rotated")).shopId();
        PostgresStore rotated = PostgresStore.builder().dataSource(pool).clock(clock)
                .tokenCipher(TokenCipher.builder().currentKey("k2", TestStores.key(2)).olderKey("k1", TestStores.key(1))
                        .build())
                .build();
        PostgresStore onlyNewKey = PostgresStore.builder().dataSource(pool).clock(clock)
                .tokenCipher(TestStores.cipher("k2", 2)).build();

        assertThat(rotated.shops().accessToken(shopId)).contains(token("rotated"));
        assertThatThrownBy(() -> onlyNewKey.shops().accessToken(shopId))
                .isInstanceOf(TokenKeyException.class)
                .hasMessageContaining("'k1'")
                .hasMessageNotContaining("shpat_secret_rotated");

        assertThat(rotated.shops().reencryptTokens()).isPositive();

        assertThat(onlyNewKey.shops().accessToken(shopId)).contains(token("rotated"));
        assertThat(rotated.shops().reencryptTokens()).isZero();
    }

    @Test
    void secretsNeverAppearInDescriptionsOrErrors() {
        long shopId = store.shops().register(token("discreet")).shopId();
        PostgresStore withoutCipher = PostgresStore.builder().dataSource(pool).build();

        assertThat(store.toString()).doesNotContain("shpat").contains("k1");
        assertThat(store.shops().find(shopId).orElseThrow().toString()).doesNotContain("shpat_secret_discreet");
        assertThat(store.shops().accessToken(shopId).orElseThrow().toString()).doesNotContain("shpat_secret_discreet");
        assertThatThrownBy(() -> withoutCipher.shops().accessToken(shopId))
                .isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("tokenCipher");
    }

    @Test
    void refreshLockLetsOnlyOneOfTwoInstancesRefreshTheToken() throws Exception {
        AccessToken expired = new AccessToken(domain("refreshed"), "shpat_old", Set.of("read_orders"),
                at(0), "shprt_old", at(10_000));
        long shopId = store.shops().register(expired).shopId();
        PostgresStore otherInstance = TestStores.store(pool, clock);
        AtomicInteger refreshes = new AtomicInteger();
        java.util.function.UnaryOperator<AccessToken> refreshIfExpired = current -> {
            if (current.expiresAt().isAfter(clock.instant())) {
                return current;
            }
            refreshes.incrementAndGet();
            awaitAnotherSessionWaitingForALock(Duration.ofSeconds(10));
            return new AccessToken(current.shop(), "shpat_new", current.scopes(), clock.instant().plusSeconds(3_600),
                    "shprt_new", at(20_000));
        };

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<AccessToken> first = CompletableFuture.supplyAsync(
                    () -> store.refreshLock(shopId, refreshIfExpired), threads);
            CompletableFuture<AccessToken> second = CompletableFuture.supplyAsync(
                    () -> otherInstance.refreshLock(shopId, refreshIfExpired), threads);

            assertThat(first.get(20, TimeUnit.SECONDS).accessToken()).isEqualTo("shpat_new");
            assertThat(second.get(20, TimeUnit.SECONDS).accessToken()).isEqualTo("shpat_new");
        } finally {
            threads.shutdownNow();
        }
        assertThat(refreshes).hasValue(1);
        assertThat(store.shops().accessToken(shopId).orElseThrow().refreshToken()).isEqualTo("shprt_new");
    }

    @Test
    void theShopsTokenPersistenceStoresRotatedTokensForCoresRefreshingSource() {
        long shopId = store.shops().register(new AccessToken(domain("persisted"), "shpat_1", Set.of("read_orders"),
                at(0), "shprt_1", null)).shopId();
        AccessToken rotated = new AccessToken(domain("persisted"), "shpat_2", Set.of("read_orders"), at(7_200),
                "shprt_2", null);

        AccessToken returned = store.shops().tokenPersistence(shopId).refreshExclusively(current -> {
            assertThat(current.accessToken()).isEqualTo("shpat_1");
            return rotated;
        });

        assertThat(returned).isEqualTo(rotated);
        assertThat(store.shops().accessToken(shopId)).contains(rotated);
        assertThat(store.shops().find(shopId).orElseThrow().accessTokenExpiresAt()).isEqualTo(at(7_200));
    }

    /** Polls, with a deadline, until some session of this database waits for a lock. */
    private static void awaitAnotherSessionWaitingForALock(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select count(*) from pg_stat_activity
                     where datname = current_database() and wait_event_type = 'Lock'""")) {
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // Only one refresh arrived in time: the other instance has not asked yet; the test still holds.
    }
}
