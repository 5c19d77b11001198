package dev.shopifyingest.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rollups are tenant tables: row-level security is forced on them, the application role may only
 * read them, and the triggers keep them exact when the schema's owner is an ordinary role (not a
 * superuser, so row-level security applies to the triggers too).
 */
class TenantIsolationTest {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    private static final String SCHEMA = "tenants";
    private static final String OWNER = "insights_owner_" + UUID.randomUUID().toString().substring(0, 8);

    private static HikariDataSource owner;
    private static long shopA;
    private static long shopB;

    @BeforeAll
    static void migrateAsAnOrdinaryOwner() throws SQLException {
        // The application role is the server's; the owner only needs to be a member of it.
        db.server().execute("create role " + OWNER + " login password 'owner-secret' nosuperuser nobypassrls");
        db.server().execute("do $$ begin create role shopify_ingest_app nologin nosuperuser nobypassrls;"
                + " exception when duplicate_object then null; end $$");
        db.server().execute("grant shopify_ingest_app to " + OWNER);
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("grant create on database \"" + db.name() + "\" to " + OWNER);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(OWNER);
        config.setPassword("owner-secret");
        config.setMaximumPoolSize(3);
        owner = new HikariDataSource(config);
        PostgresStore.builder().dataSource(owner).schema(SCHEMA).build().migrate();
        Insights.builder().dataSource(owner).schema(SCHEMA).build().migrate();

        SinkTables sink = new SinkTables(owner, SCHEMA, "shopify_ingest_app");
        shopA = ScenarioShop.load(sink, "tenant-a.myshopify.com");
        shopB = ScenarioShop.load(sink, "tenant-b.myshopify.com");
        sink.setTimeZone(shopB, "Europe/Berlin");
    }

    @AfterAll
    static void dropOwner() throws SQLException {
        owner.close();
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("drop owned by " + OWNER + " cascade");
        }
        db.server().execute("drop role " + OWNER);
    }

    @Test
    void forcesRowLevelSecurityOnEveryRollupTable() throws SQLException {
        List<String> unprotected = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = 'tenants' and c.relkind = 'r' and c.relname like 'insights\\_%'
                          and c.relname <> 'insights_schema_history'
                          and not (c.relrowsecurity and c.relforcerowsecurity)""")) {
            while (rs.next()) {
                unprotected.add(rs.getString(1));
            }
        }
        assertThat(unprotected).isEmpty();
    }

    @Test
    void aTenantSeesOnlyItsOwnRollupRowsEvenWithoutAFilter() throws SQLException {
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("set local role shopify_ingest_app; set local search_path = " + SCHEMA
                    + "; set local shopify_ingest.shop_id = '" + shopA + "'");
            try (ResultSet rs = statement.executeQuery(
                    "select count(*), count(distinct shop_id), min(shop_id) from insights_customer_days")) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive();
                assertThat(rs.getLong(2)).isEqualTo(1);
                assertThat(rs.getLong(3)).isEqualTo(shopA);
            }
            connection.rollback();
        }
    }

    @Test
    void theApplicationMayNotWriteRollups() throws SQLException {
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("set local role shopify_ingest_app; set local search_path = " + SCHEMA
                    + "; set local shopify_ingest.shop_id = '" + shopA + "'");
            assertThatThrownBy(() -> statement.execute("update insights_daily_sales set orders = orders + 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
            connection.rollback();
        }
    }

    @Test
    void triggersUnderForcedRowLevelSecurityKeepEachTenantExact() {
        Insights insights = Insights.builder().dataSource(owner).schema(SCHEMA).build();
        RawInsights raw = RawInsights.builder().dataSource(owner).schema(SCHEMA).build();
        for (long shop : new long[] {shopA, shopB}) {
            InsightsQuery query = InsightsQuery.of(shop, LocalDate.of(2025, 10, 1), LocalDate.of(2026, 4, 30));
            Dashboard dashboard = insights.dashboard(query, Granularity.WEEK, 10);

            assertThat(dashboard).isEqualTo(raw.dashboard(query, Granularity.WEEK, 10));
            // Each tenant holds the scenario once: the other's orders never leak in.
            assertThat(dashboard.summary().orders()).isEqualTo(10);
        }
    }

    @Test
    void anotherTenantsShopIsUnknown() {
        Insights insights = Insights.builder().dataSource(owner).schema(SCHEMA).build();

        assertThatThrownBy(() -> insights.summary(InsightsQuery.of(shopB + 1000, LocalDate.of(2026, 3, 1),
                LocalDate.of(2026, 3, 2)))).isInstanceOf(UnknownShopException.class);
    }
}
