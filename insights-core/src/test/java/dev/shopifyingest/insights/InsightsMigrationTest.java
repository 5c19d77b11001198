package dev.shopifyingest.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InsightsMigrationTest {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    @Test
    void refusesToMigrateBeforeTheStore() {
        Insights insights = Insights.builder().dataSource(db.dataSource()).schema("not_yet").build();

        assertThatThrownBy(insights::migrate)
                .isInstanceOf(InsightsSetupException.class)
                .hasMessage("The store's tables are missing from schema not_yet."
                        + " Run PostgresStore.migrate() before Insights.migrate().");
    }

    @Test
    void migratesAfterTheStoreWithItsOwnHistoryAndOnlyOnce() throws SQLException {
        PostgresStore.builder().dataSource(db.dataSource()).schema("ins_mt").build().migrate();
        Insights insights = Insights.builder().dataSource(db.dataSource()).schema("ins_mt").build();

        assertThat(insights.migrate()).isEqualTo(1);
        assertThat(insights.migrate()).isZero();
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "select count(*) from ins_mt.insights_schema_history where success and version = '1'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void readingAnUnmigratedSchemaSaysToMigrate() {
        PostgresStore.builder().dataSource(db.dataSource()).schema("store_only").build().migrate();
        long shop = new SinkTables(db.dataSource(), "store_only", "shopify_ingest_app")
                .registerShop("store-only.myshopify.com", "UTC", "USD");
        Insights insights = Insights.builder().dataSource(db.dataSource()).schema("store_only").build();

        assertThatThrownBy(() -> insights.summary(InsightsQuery.of(shop, java.time.LocalDate.of(2026, 1, 1),
                java.time.LocalDate.of(2026, 1, 2))))
                .isInstanceOf(InsightsSetupException.class)
                .hasMessageContaining("Run PostgresStore.migrate(), then Insights.migrate().");
    }
}
