package dev.shopifyingest.insights.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.insights.Dashboard;
import dev.shopifyingest.insights.Granularity;
import dev.shopifyingest.insights.Insights;
import dev.shopifyingest.insights.InsightsQuery;
import dev.shopifyingest.insights.RawInsights;
import dev.shopifyingest.insights.Series;
import dev.shopifyingest.insights.Summary;
import dev.shopifyingest.insights.TopCustomer;
import dev.shopifyingest.insights.TopProduct;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.ShopDetails;
import dev.shopifyingest.jdbc.TokenCipher;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The insights guide's examples, run on a fresh embedded PostgreSQL that the guide's own set-up
 * migrates, over a small shop stored through the store, answer what the guide says they answer.
 */
class ExamplesTest {

    private static final long ANN = 1;
    private static final long BOB = 2;
    private static final long MUG = 10;
    private static final long TEE = 11;
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    static HikariDataSource pool;
    static Insights insights;
    static long shopId;

    @BeforeAll
    static void start() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        insights = InsightsSetupExample.setUp(pool);
        shopId = loadShop("guide-shop");
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void theSetUpMigratesTheStoreAndTheInsightsAndMigratingAgainChangesNothing() {
        assertThat(PostgresStore.builder().dataSource(pool).build().migrate()).isZero();
        assertThat(insights.migrate()).isZero();
    }

    @Test
    void aQuestionCoversItsDaysInTheShopsZone() {
        QuestionsExample.Questions questions = QuestionsExample.questions(insights, shopId);

        assertThat(questions.october().days()).isEqualTo(31);
        assertThat(questions.today()).isEqualTo(LocalDate.ofInstant(NOW, ZoneId.of("Europe/Berlin")));
        assertThat(questions.recent().to()).isEqualTo(questions.today());
        assertThat(questions.recent().days()).isEqualTo(30);
    }

    @Test
    void theSummaryCountsOrdersThatAreNeitherCancelledNorTest() {
        Summary s = QuestionsExample.summary(insights, october());

        assertThat(s.orders()).isEqualTo(2);
        assertThat(s.grossSales()).isEqualByComparingTo("150.00");
        assertThat(s.discounts()).isEqualByComparingTo("10.00");
        assertThat(s.netSales()).isEqualByComparingTo("140.00");
        assertThat(s.totalSales()).isEqualByComparingTo(s.netSales().add(s.shipping()).add(s.taxes()));
        assertThat(s.averageOrderValue()).isEqualByComparingTo("70.00");
        assertThat(s.customers()).isEqualTo(2);
        assertThat(s.currency()).isEqualTo("USD");
        assertThat(s.timeZone()).isEqualTo("Europe/Berlin");
    }

    @Test
    void theSeriesHasEveryDayOfTheRangeAndARequestChoosesTheGranularity() {
        QuestionsExample.Serieses result = QuestionsExample.series(insights, october(), name -> "week");

        List<Series.Point> points = result.daily().points();
        assertThat(points).hasSize(31);
        assertThat(points.stream().mapToLong(Series.Point::orders).sum()).isEqualTo(2);
        assertThat(points.get(4).start()).isEqualTo(LocalDate.of(2026, 10, 5));
        assertThat(points.get(4).orders()).isEqualTo(1);
        assertThat(result.requested()).isEqualTo(Granularity.WEEK);
    }

    @Test
    void topCustomersRankBySpendAndTopProductsByRevenueOrUnits() {
        QuestionsExample.Tops tops = QuestionsExample.tops(insights, october());

        assertThat(tops.customers()).extracting(TopCustomer::id).containsExactly(ANN, BOB);
        assertThat(tops.byRevenue()).extracting(TopProduct::title).containsExactly("Classic Mug", "Plain Tee");
        assertThat(tops.byUnits()).extracting(TopProduct::title).containsExactly("Plain Tee", "Classic Mug");
    }

    @Test
    void aDashboardAgreesWithItsPartsAskedSeparately() {
        InsightsQuery recent = QuestionsExample.questions(insights, shopId).recent();

        Dashboard d = QuestionsExample.dashboard(insights, recent);

        assertThat(d.summary()).isEqualTo(insights.summary(recent));
        assertThat(d.series()).isEqualTo(insights.series(recent, Granularity.DAY));
        assertThat(d.topCustomers()).isEqualTo(insights.topCustomers(recent, 10));
        assertThat(d.summary().orders()).isEqualTo(1);
    }

    @Test
    void switchingExclusionsOffCountsCancelledAndTestOrders() {
        QuestionsExample.Inclusive inclusive = QuestionsExample.inclusive(october(), shopId);

        assertThat(insights.summary(inclusive.withCancelled()).orders()).isEqualTo(3);
        assertThat(insights.summary(inclusive.everything()).orders()).isEqualTo(4);
    }

    @Test
    void errorsBecomeTheJsonApisAnswers() {
        LocalDate from = LocalDate.of(2026, 3, 10);
        LocalDate to = LocalDate.of(2026, 3, 1);

        assertThat(ErrorsExample.summary(insights, shopId, from, to)).isEqualTo(new ErrorsExample.Response(400,
                "invalid_date_range: from (2026-03-10) is after to (2026-03-01)."));
        assertThat(ErrorsExample.summary(insights, 999_999, to, from).status()).isEqualTo(404);
        assertThat(ErrorsExample.summary(insights, shopId, to, from).body()).isInstanceOf(Summary.class);
    }

    @Test
    void anAuditRebuildsRollupsThatNoLongerMatchTheOrders() throws Exception {
        long audited = loadShop("audited-shop");
        RawInsights raw = RawInsights.builder().dataSource(pool).build();
        InsightsQuery q = insights.lastDays(audited, 90);
        loseRollups(audited);
        assertThat(insights.dashboard(q, Granularity.DAY, 10)).isNotEqualTo(raw.dashboard(q, Granularity.DAY, 10));

        AuditExample.audit(pool, insights, audited);

        assertThat(insights.dashboard(q, Granularity.DAY, 10)).isEqualTo(raw.dashboard(q, Granularity.DAY, 10));
    }

    @Test
    void aRebuildRestoresLostRollups() throws Exception {
        long rebuilt = loadShop("rebuilt-shop");
        Summary before = insights.summary(InsightsQuery.of(rebuilt, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31)));
        loseRollups(rebuilt);

        InsightsSetupExample.rebuild(insights, rebuilt);

        assertThat(insights.summary(InsightsQuery.of(rebuilt, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31))))
                .isEqualTo(before);
    }

    private static InsightsQuery october() {
        return QuestionsExample.questions(insights, shopId).october();
    }

    // As a bulk load with the triggers disabled would leave them: the shop's daily figures are missing.
    private static void loseRollups(long shop) throws Exception {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "delete from shopify_ingest.insights_daily_sales where shop_id = ?")) {
            delete.setLong(1, shop);
            assertThat(delete.executeUpdate()).isPositive();
        }
    }

    /**
     * A Berlin shop selling in USD: in October two orders that count, one cancelled, one test; one
     * order two days ago.
     */
    private static long loadShop(String handle) {
        PostgresStore store = PostgresStore.builder().dataSource(pool)
                .tokenCipher(TokenCipher.builder().currentKey("k1", key()).build()).build();
        ShopDomain domain = new ShopDomain(handle + ".myshopify.com");
        long shop = store.shops().register(new AccessToken(domain, "shpat_" + handle, Set.of("read_orders"), null,
                null, null), new ShopDetails("Guide Shop", "USD", ZoneId.of("Europe/Berlin"))).shopId();
        store.forShop(shop).apply(List.of(customer(ANN, "Ann"), customer(BOB, "Bob"),
                product(MUG, "Classic Mug"), product(TEE, "Plain Tee"),
                order(101, ANN, Instant.parse("2026-10-05T10:00:00Z"), "10.00", MUG, 2, "100.00", false, false),
                order(102, BOB, Instant.parse("2026-10-12T10:00:00Z"), "0", TEE, 5, "50.00", false, false),
                order(103, ANN, Instant.parse("2026-10-20T10:00:00Z"), "0", MUG, 1, "30.00", true, false),
                order(104, BOB, Instant.parse("2026-10-21T10:00:00Z"), "0", TEE, 1, "70.00", false, true),
                order(105, ANN, NOW.minus(2, ChronoUnit.DAYS), "0", TEE, 1, "40.00", false, false)),
                List.of());
        return shop;
    }

    private static Customer customer(long id, String name) {
        return new Customer(id, name, "Doe", name.toLowerCase() + "@example.com", null, "ENABLED", List.of(), null,
                null, NOW, NOW, "{}");
    }

    private static Product product(long id, String title) {
        return new Product(id, title, "h" + id, "Vendor", "Type", "ACTIVE", List.of(), List.of(), NOW, NOW, "{}");
    }

    // One line per order, `lineTotal` before discounts; 5.00 shipping and 8% tax.
    private static Order order(long id, long customer, Instant processedAt, String discounts, long product,
                               int quantity, String lineTotal, boolean cancelled, boolean test) {
        BigDecimal amount = new BigDecimal(lineTotal);
        LineItem line = new LineItem(id * 10, product, null, "Line of " + product, null, null, quantity, quantity,
                amount.divide(BigDecimal.valueOf(quantity), 2, java.math.RoundingMode.HALF_EVEN), amount,
                BigDecimal.ZERO);
        BigDecimal afterDiscounts = amount.subtract(new BigDecimal(discounts));   // Shopify's subtotal
        BigDecimal shipping = new BigDecimal("5.00");
        BigDecimal tax = afterDiscounts.multiply(new BigDecimal("0.08"));
        BigDecimal total = afterDiscounts.add(shipping).add(tax);
        return new Order(id, "#" + id, customer, null, processedAt, processedAt, NOW, cancelled ? processedAt : null,
                null, test, "PAID", "FULFILLED", "USD", afterDiscounts, new BigDecimal(discounts), shipping, tax, total,
                total, BigDecimal.ZERO, total, List.of(line), List.of(), "{}");
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        return key;
    }
}
