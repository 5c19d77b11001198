package dev.shopifyingest.insights;

import static dev.shopifyingest.insights.ScenarioShop.ANN;
import static dev.shopifyingest.insights.ScenarioShop.BOB;
import static dev.shopifyingest.insights.ScenarioShop.CY;
import static dev.shopifyingest.insights.ScenarioShop.MUG;
import static dev.shopifyingest.insights.ScenarioShop.TEE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The figures of {@link ScenarioShop}, computed by hand, from both implementations: what each
 * figure counts (docs/insights.md), which day an order and a refund belong to in the shop's time
 * zone, exclusions, zero-filled buckets, and validation.
 */
class InsightsScenarioTest {

    @RegisterExtension
    static final PostgresDatabase db = InsightsDatabases.migrated();

    private static HikariDataSource pool;
    private static long shop;

    @BeforeAll
    static void loadShop() {
        pool = InsightsDatabases.pool(db);
        shop = ScenarioShop.load(new SinkTables(pool), "scenario.myshopify.com");
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    static Stream<Arguments> implementations() {
        return Stream.of(Arguments.of("rollups", Insights.builder().dataSource(pool).build()),
                Arguments.of("raw rows", RawInsights.builder().dataSource(pool).build()));
    }

    private static InsightsQuery march() {
        return InsightsQuery.of(shop, LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 12));
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void summarizesSalesOrdersAndCustomersOfTheRangeInTheShopsTimeZone(String name, ShopInsights insights) {
        Summary summary = insights.summary(march());

        // Orders 101-106; 107 is cancelled and 108 a test order. The refund of 105 (made on the
        // 12th) counts; the refund of 102 (made in April) does not.
        assertThat(summary).isEqualTo(new Summary(LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 12), "USD",
                "America/New_York", money("407.80"), money("360.00"), money("420.00"), money("10.00"),
                money("15.00"), money("32.80"), money("50.00"), 6, money("68.33"), 3, 2, 1, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void countsCancelledOrdersAsASaleAndTheirRefundsWhenAskedTo(String name, ShopInsights insights) {
        Summary summary = insights.summary(march().toBuilder().includeCancelled(true).build());

        // 107 adds 43.20 of sales and refunds 43.20 the same day: total sales do not move.
        assertThat(summary.orders()).isEqualTo(7);
        assertThat(summary.grossSales()).isEqualTo(money("460.00"));
        assertThat(summary.refunds()).isEqualTo(money("93.20"));
        assertThat(summary.netSales()).isEqualTo(money("356.80"));
        assertThat(summary.totalSales()).isEqualTo(money("407.80"));
        assertThat(summary.customers()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void countsTestOrdersWhenAskedTo(String name, ShopInsights insights) {
        InsightsQuery query = march().toBuilder().includeTest(true).build();

        assertThat(insights.summary(query).orders()).isEqualTo(7);
        assertThat(insights.summary(query).totalSales()).isEqualTo(money("483.40"));
        assertThat(insights.topCustomers(query, 1))
                .containsExactly(new TopCustomer(ANN, "Ann Lee", "ann@example.com", 3, money("238.60")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void zeroFillsEveryDayAndDatesRefundsOnTheDayTheyWereMade(String name, ShopInsights insights) {
        Series series = insights.series(march(), Granularity.DAY);

        assertThat(series.points()).containsExactly(
                point("2026-03-06", "2026-03-06", "113.00", "100.00", 1),
                point("2026-03-07", "2026-03-07", "59.00", "50.00", 1),
                point("2026-03-08", "2026-03-08", "54.00", "50.00", 2),
                point("2026-03-09", "2026-03-09", "231.80", "210.00", 2),
                point("2026-03-10", "2026-03-10", "0.00", "0.00", 0),
                point("2026-03-11", "2026-03-11", "0.00", "0.00", 0),
                point("2026-03-12", "2026-03-12", "-50.00", "-50.00", 0));
        assertThat(series.currency()).isEqualTo("USD");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void cutsWeeksOnMondaysAndClipsTheFirstAndLastWeekToTheRange(String name, ShopInsights insights) {
        // 2026-03-06 is a Friday; the week of Monday 2026-03-09 is cut at the range's end.
        assertThat(insights.series(march(), Granularity.WEEK).points()).containsExactly(
                point("2026-03-06", "2026-03-08", "226.00", "200.00", 4),
                point("2026-03-09", "2026-03-12", "181.80", "160.00", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void cutsCalendarMonthsIncludingEmptyOnes(String name, ShopInsights insights) {
        InsightsQuery query = InsightsQuery.of(shop, LocalDate.of(2026, 1, 25), LocalDate.of(2026, 4, 5));

        assertThat(insights.series(query, Granularity.MONTH).points()).containsExactly(
                point("2026-01-25", "2026-01-31", "0.00", "0.00", 0),
                point("2026-02-01", "2026-02-28", "21.20", "15.00", 1),
                point("2026-03-01", "2026-03-31", "407.80", "360.00", 6),
                point("2026-04-01", "2026-04-05", "-9.00", "-9.00", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void countsATwentyFiveHourDayAsOneDay(String name, ShopInsights insights) {
        InsightsQuery query = InsightsQuery.of(shop, LocalDate.of(2025, 11, 1), LocalDate.of(2025, 11, 3));

        assertThat(insights.series(query, Granularity.DAY).points()).extracting(Series.Point::orders)
                .containsExactly(0L, 2L, 1L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void ranksCustomersBySpendNetOfRefundsOnTheirOrders(String name, ShopInsights insights) {
        // Cy: 216.00 - 50.00; Ann: 113.00 + 59.00 - 9.00 (refunded in April, still on that order).
        assertThat(insights.topCustomers(march(), 10)).containsExactly(
                new TopCustomer(CY, "c3@example.com", "c3@example.com", 1, money("166.00")),
                new TopCustomer(ANN, "Ann Lee", "ann@example.com", 2, money("163.00")),
                new TopCustomer(BOB, "Bob Ray", "bob@example.com", 2, money("54.00")));
        assertThat(insights.topCustomers(march(), 2)).extracting(TopCustomer::id).containsExactly(CY, ANN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void ranksProductsByRevenueOrByUnits(String name, ShopInsights insights) {
        assertThat(insights.topProducts(march(), 10, ProductRanking.REVENUE)).containsExactly(
                new TopProduct(MUG, "Classic Mug", 7, money("320.00")),
                new TopProduct(TEE, "Line of " + TEE, 5, money("90.00")));
        assertThat(insights.topProducts(march(), 1, ProductRanking.UNITS))
                .containsExactly(new TopProduct(MUG, "Classic Mug", 7, money("320.00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void answersADashboardFromOneSnapshot(String name, ShopInsights insights) {
        Dashboard dashboard = insights.dashboard(march(), Granularity.DAY, 2);

        assertThat(dashboard.summary()).isEqualTo(insights.summary(march()));
        assertThat(dashboard.series()).isEqualTo(insights.series(march(), Granularity.DAY));
        assertThat(dashboard.topCustomers()).isEqualTo(insights.topCustomers(march(), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void answersARangeWithoutOrdersWithZeros(String name, ShopInsights insights) {
        InsightsQuery empty = InsightsQuery.of(shop, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2));

        Summary summary = insights.summary(empty);
        assertThat(summary.orders()).isZero();
        assertThat(summary.totalSales()).isEqualTo(money("0.00"));
        assertThat(summary.averageOrderValue()).isEqualTo(money("0.00"));
        assertThat(summary.customers()).isZero();
        assertThat(summary.totalCustomers()).isEqualTo(3);
        assertThat(insights.topCustomers(empty, 5)).isEmpty();
        assertThat(insights.topProducts(empty, 5, ProductRanking.UNITS)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void rejectsAnUnknownShopAndLimitsOutOfBounds(String name, ShopInsights insights) {
        assertThatThrownBy(() -> insights.summary(InsightsQuery.of(987_654, LocalDate.of(2026, 3, 6),
                LocalDate.of(2026, 3, 7))))
                .isInstanceOf(UnknownShopException.class)
                .hasMessageContaining("987654");
        assertThatThrownBy(() -> insights.topCustomers(march(), 0)).isInstanceOf(InvalidLimitException.class)
                .hasMessage("limit must be between 1 and 100, but was 0.");
        assertThatThrownBy(() -> insights.topProducts(march(), 101, ProductRanking.REVENUE))
                .isInstanceOf(InvalidLimitException.class);
        assertThatThrownBy(() -> insights.dashboard(march(), Granularity.DAY, -1))
                .isInstanceOf(InvalidLimitException.class);
    }

    private static Series.Point point(String start, String end, String totalSales, String netSales, long orders) {
        return new Series.Point(LocalDate.parse(start), LocalDate.parse(end), money(totalSales), money(netSales), orders);
    }
}
