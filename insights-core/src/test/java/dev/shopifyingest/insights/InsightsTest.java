package dev.shopifyingest.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What {@link Insights} adds to the shared behaviour: migration, rebuilds, "today", time-zone moves, tenants. */
class InsightsTest {

    @RegisterExtension
    static final PostgresDatabase db = InsightsDatabases.migrated();

    private static HikariDataSource pool;
    private static SinkTables sink;
    private static Insights insights;
    private static RawInsights raw;

    @BeforeAll
    static void open() {
        pool = InsightsDatabases.pool(db);
        sink = new SinkTables(pool);
        insights = Insights.builder().dataSource(pool).build();
        raw = RawInsights.builder().dataSource(pool).build();
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void migratingAgainAppliesNothing() {
        assertThat(insights.migrate()).isZero();
    }

    @Test
    void acceptsTheLongestRangeTheRollupsAreBuiltFor() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select shopify_ingest.insights_max_range_days()")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(InsightsQuery.MAX_DAYS);
        }
    }

    @Test
    void followsAShopIntoAnotherTimeZone() {
        long shop = ScenarioShop.load(sink, "moving.myshopify.com");
        InsightsQuery friday = InsightsQuery.of(shop, LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 6));
        assertThat(insights.summary(friday).orders()).isEqualTo(1);

        // 2026-03-07T04:59:59Z is Friday 23:59:59 in New York but Saturday 10:44:59 in Kathmandu.
        sink.setTimeZone(shop, "Asia/Kathmandu");

        assertThat(insights.summary(friday).orders()).isZero();
        assertThat(insights.summary(friday).timeZone()).isEqualTo("Asia/Kathmandu");
        InsightsQuery march = InsightsQuery.of(shop, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31));
        assertThat(insights.dashboard(march, Granularity.DAY, 10)).isEqualTo(raw.dashboard(march, Granularity.DAY, 10));
    }

    @Test
    void rebuildingAShopChangesNoRollupRow() {
        long shop = ScenarioShop.load(sink, "rebuilt.myshopify.com");
        var before = RollupSnapshots.of(pool, shop);

        insights.rebuild(shop);

        assertThat(RollupSnapshots.of(pool, shop)).isEqualTo(before);
    }

    @Test
    void rebuildingAnUnknownShopFails() {
        assertThatThrownBy(() -> insights.rebuild(424_242)).isInstanceOf(UnknownShopException.class);
    }

    @Test
    void todayIsTheClocksDayInTheShopsTimeZone() {
        long shop = sink.registerShop("clock.myshopify.com", "America/New_York", "USD");
        // 03:00 UTC on 9 March is still 8 March (23:00) in New York.
        Insights at = Insights.builder().dataSource(pool)
                .clock(Clock.fixed(Instant.parse("2026-03-09T03:00:00Z"), ZoneOffset.UTC)).build();

        assertThat(at.today(shop)).isEqualTo(LocalDate.of(2026, 3, 8));
        assertThat(at.lastDays(shop, 30)).isEqualTo(InsightsQuery.of(shop, LocalDate.of(2026, 2, 7),
                LocalDate.of(2026, 3, 8)));
        assertThatThrownBy(() -> at.lastDays(shop, 0)).isInstanceOf(InvalidDateRangeException.class);
    }

    @Test
    void aShopWithoutTimeZoneOrCurrencyCountsUtcDaysInCents() {
        long shop = sink.registerShop("bare.myshopify.com", null, null);
        sink.upsertOrders(shop, java.util.List.of(ScenarioShop.order(1, null, "2026-03-07T04:59:59Z", "10.00", "0",
                "0", "0", java.util.List.of(), java.util.List.of(), null, false)), ScenarioShop.NOW);

        Summary summary = insights.summary(InsightsQuery.of(shop, LocalDate.of(2026, 3, 7), LocalDate.of(2026, 3, 7)));

        assertThat(summary.orders()).isEqualTo(1);
        assertThat(summary.timeZone()).isEqualTo("UTC");
        assertThat(summary.currency()).isNull();
        assertThat(summary.totalSales()).isEqualTo(new java.math.BigDecimal("10.00"));
    }

    @Test
    void presentsMoneyWithTheCurrencysDecimals() {
        long shop = sink.registerShop("yen.myshopify.com", "Asia/Tokyo", "JPY");
        sink.upsertOrders(shop, java.util.List.of(ScenarioShop.order(1, null, "2026-03-07T04:00:00Z", "1500", "0",
                "0", "150", java.util.List.of(), java.util.List.of(), null, false)), ScenarioShop.NOW);

        Summary summary = insights.summary(InsightsQuery.of(shop, LocalDate.of(2026, 3, 7), LocalDate.of(2026, 3, 7)));

        assertThat(summary.totalSales()).hasToString("1650");
        assertThat(summary.averageOrderValue()).hasToString("1500");
    }

    @Test
    void deletingAShopDeletesItsRollups() throws SQLException {
        long shop = ScenarioShop.load(sink, "erased.myshopify.com");
        assertThat(RollupSnapshots.of(pool, shop).values()).anyMatch(rows -> !rows.isEmpty());

        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("set local role shopify_ingest_app; set local search_path = shopify_ingest;"
                    + " set local shopify_ingest.scope = 'registry'; delete from shops where shop_id = " + shop);
            connection.commit();
        }

        assertThat(RollupSnapshots.of(pool, shop).values()).allMatch(java.util.List::isEmpty);
    }
}
