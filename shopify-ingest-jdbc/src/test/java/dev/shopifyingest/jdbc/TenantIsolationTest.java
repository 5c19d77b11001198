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
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.core.sync.SyncCheckpoint;
import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.core.webhook.WebhookTopic;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TenantIsolationTest {

    @RegisterExtension
    static final PostgresDatabase db = TestStores.migratedDatabase();

    private static final List<String> TENANT_TABLES = List.of("shops", "customers", "products", "product_variants",
            "orders", "order_line_items", "refunds", "sync_checkpoints", "webhook_inbox");

    static HikariDataSource superuserPool;
    static HikariDataSource loginPool;
    static PostgresStore viaSuperuser;
    static PostgresStore viaLogin;
    static long shopA;
    static long shopB;

    @BeforeAll
    static void start() {
        superuserPool = TestStores.superuserPool(db);
        loginPool = TestStores.loginPool(db);
        TestClock clock = new TestClock(at(100));
        viaSuperuser = TestStores.store(superuserPool, clock);
        viaLogin = TestStores.store(loginPool, clock);
        shopA = seed(viaLogin, "tenant-a", 3);
        shopB = seed(viaLogin, "tenant-b", 2);
    }

    @AfterAll
    static void stop() {
        superuserPool.close();
        loginPool.close();
    }

    /** Registers a shop with {@code n} of everything: customers, products, orders, a checkpoint, a webhook. */
    private static long seed(PostgresStore store, String handle, int n) {
        long shopId = store.shops().register(token(handle)).shopId();
        var shop = domain(handle);
        List<dev.shopifyingest.core.model.Entity> entities = new java.util.ArrayList<>();
        for (int i = 1; i <= n; i++) {
            entities.add(customer(i, at(1), "C"));
            entities.add(product(i, at(1), "P", 1));
            entities.add(order(i, (long) i, at(1), "v", 2));
        }
        store.sink().accept(new IngestBatch(shop, entities, List.of(), new SyncCheckpoint(shop, EntityType.ORDER,
                SyncCheckpoint.Phase.IDLE, null, null, 0, null, at(1), at(0))));
        store.inbox().receive(new WebhookDelivery(WebhookTopic.of("orders/updated"), shop, "w-" + handle, null, null,
                "2026-10", null, null, "hmac", "{}".getBytes(StandardCharsets.UTF_8)));
        return shopId;
    }

    private static Map<String, Long> counts(Handle handle) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TENANT_TABLES) {
            counts.put(table, handle.createQuery("select count(*) from " + table).mapTo(Long.class).one());
        }
        return counts;
    }

    private static Map<String, Long> expected(long n) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("shops", 1L);
        counts.put("customers", n);
        counts.put("products", n);
        counts.put("product_variants", n);
        counts.put("orders", n);
        counts.put("order_line_items", 2 * n);
        counts.put("refunds", n);
        counts.put("sync_checkpoints", 1L);
        counts.put("webhook_inbox", 1L);
        return counts;
    }

    @Test
    void rawSqlWithoutAnyFilterReadsOnlyTheTenantsRows() {
        assertThat(viaLogin.forShop(shopA).inTransaction(TenantIsolationTest::counts)).isEqualTo(expected(3));
        assertThat(viaLogin.forShop(shopB).inTransaction(TenantIsolationTest::counts)).isEqualTo(expected(2));
    }

    @Test
    void namingAnotherTenantExplicitlyStillFindsNothing() {
        long found = viaLogin.forShop(shopA).inTransaction(h -> h
                .createQuery("select count(*) from orders where shop_id = :other").bind("other", shopB)
                .mapTo(Long.class).one());
        assertThat(found).isZero();
    }

    @Test
    void rawUpdatesAndDeletesWithoutAFilterTouchNoOtherTenantsRows() {
        long victim = seed(viaLogin, "victim", 2);
        long vandal = seed(viaLogin, "vandal", 3);
        Map<String, Long> before = viaLogin.forShop(victim).inTransaction(TenantIsolationTest::counts);

        int updated = viaLogin.forShop(vandal).inTransaction(h -> h.createUpdate("update customers set first_name = 'X'")
                .execute());
        int deleted = viaLogin.forShop(vandal).inTransaction(h -> {
            int n = 0;
            for (String table : List.of("order_line_items", "refunds", "orders", "product_variants", "products",
                    "customers", "sync_checkpoints", "webhook_inbox")) {
                n += h.createUpdate("delete from " + table).execute();
            }
            return n;
        });

        assertThat(updated).isEqualTo(3);
        assertThat(deleted).isEqualTo(3 + 3 + 6 + 3 + 3 + 3 + 1 + 1);
        assertThat(viaLogin.forShop(victim).inTransaction(TenantIsolationTest::counts)).isEqualTo(before);
        assertThat(viaLogin.forShop(victim).customers().list(10)).extracting(c -> c.firstName()).containsOnly("C");
    }

    @Test
    void aTenantCannotInsertOrMoveRowsIntoAnotherTenant() {
        assertThatThrownBy(() -> viaLogin.forShop(shopA).inTransaction(h -> h.createUpdate("""
                        insert into customers (shop_id, id, updated_at, last_seen_at) values (:other, 99, now(), now())""")
                .bind("other", shopB).execute()))
                .isInstanceOf(StoreQueryException.class)
                .satisfies(e -> assertThat(((StoreQueryException) e).sqlState()).isEqualTo("42501"));
        assertThatThrownBy(() -> viaLogin.forShop(shopA).inTransaction(h -> h.createUpdate(
                        "update customers set shop_id = :other").bind("other", shopB).execute()))
                .isInstanceOf(StoreQueryException.class);
        assertThat(viaLogin.forShop(shopB).customers().count()).isEqualTo(2);
    }

    @Test
    void theApplicationRoleWithNoTenantSetSeesNoTenantRows() throws Exception {
        try (Connection connection = loginPool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set role " + PostgresStore.DEFAULT_APPLICATION_ROLE);
            for (String table : TENANT_TABLES) {
                try (ResultSet rs = statement.executeQuery("select count(*) from shopify_ingest." + table)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(table).isZero();
                }
            }
            statement.execute("reset role");
        }
    }

    @Test
    void aSuperuserPoolStillGetsRowLevelSecurityThroughTheRoleSwitch() throws Exception {
        Map<String, Object> who = viaSuperuser.forShop(shopA).inTransaction(h -> h
                .createQuery("select current_user as acting, session_user as login, "
                        + "(select rolsuper from pg_roles where rolname = session_user) as login_is_superuser")
                .mapToMap().one());
        assertThat(who).containsEntry("acting", PostgresStore.DEFAULT_APPLICATION_ROLE)
                .containsEntry("login", db.user())
                .containsEntry("login_is_superuser", true);
        assertThat(viaSuperuser.forShop(shopA).inTransaction(TenantIsolationTest::counts)).isEqualTo(expected(3));

        try (Connection connection = superuserPool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(distinct shop_id) from shopify_ingest.orders")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the superuser itself bypasses RLS").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void theTenantDoesNotOutliveItsTransactionOnAPooledConnection() throws Exception {
        try (HikariDataSource single = TestStores.pool(db.jdbcUrl(), TestStores.LOGIN_ROLE, TestStores.LOGIN_PASSWORD,
                1)) {
            PostgresStore store = TestStores.store(single, new TestClock(at(1)));
            assertThat(store.forShop(shopA).orders().count()).isEqualTo(3);
            try (Connection connection = single.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("set role " + PostgresStore.DEFAULT_APPLICATION_ROLE);
                try (ResultSet rs = statement.executeQuery("select count(*) from shopify_ingest.orders")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
                try (ResultSet rs = statement.executeQuery("select current_setting('shopify_ingest.shop_id', true)")) {
                    rs.next();
                    assertThat(rs.getString(1)).isNullOrEmpty();
                }
                statement.execute("reset role");
            }
        }
    }

    @Test
    void aStoreWhoseApplicationRoleBypassesRowLevelSecurityRefusesToRun() {
        db.server().execute("do $$ begin create role bypassing_app nologin bypassrls;"
                + " exception when duplicate_object then null; end $$");
        PostgresStore unsafe = PostgresStore.builder().dataSource(superuserPool).applicationRole("bypassing_app").build();

        assertThatThrownBy(() -> unsafe.forShop(shopA).orders().count())
                .isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("BYPASSRLS")
                .hasMessageContaining("ALTER ROLE bypassing_app");
    }

    @Test
    void aPoolWhoseLoginRoleMayNotSwitchToTheApplicationRoleIsRefused() {
        db.server().execute("do $$ begin create role outsider login password 'outsider';"
                + " exception when duplicate_object then null; end $$");
        try (HikariDataSource outsiderPool = TestStores.pool(db.jdbcUrl(), "outsider", "outsider", 1)) {
            PostgresStore store = PostgresStore.builder().dataSource(outsiderPool).build();
            assertThatThrownBy(() -> store.forShop(shopA).orders().count())
                    .isInstanceOf(StoreSetupException.class)
                    .hasMessageContaining("GRANT " + PostgresStore.DEFAULT_APPLICATION_ROLE);
        }
    }
}
