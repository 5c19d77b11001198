package dev.shopifyingest.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two transactions writing orders of the same customer at once (a sync batch and a webhook) leave
 * exact rollups: the second waits for the first on the customer's row, then sees its order, so
 * the customer is new once and returning once, not new twice.
 */
class ConcurrentWritesTest {

    @RegisterExtension
    static final PostgresDatabase db = InsightsDatabases.migrated();

    private static final long CUSTOMER = 77;

    private static HikariDataSource pool;
    private static long shop;

    @BeforeAll
    static void open() {
        pool = InsightsDatabases.pool(db);
        shop = new SinkTables(pool).registerShop("concurrent.myshopify.com", "Europe/Berlin", "EUR");
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void concurrentOrdersOfOneCustomerStayExact() throws Exception {
        try (Connection first = tenantConnection(); Connection second = tenantConnection()) {
            insertOrder(first, 1, "2026-03-10T12:00:00Z");
            int firstPid = pid(first);
            int secondPid = pid(second);

            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try {
                    insertOrder(second, 2, "2026-03-05T12:00:00Z");
                    second.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitBlockedBy(secondPid, firstPid);
            first.commit();
            waiting.get(30, TimeUnit.SECONDS);
        }

        InsightsQuery march = InsightsQuery.of(shop, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31));
        InsightsQuery fromTheSixth = InsightsQuery.of(shop, LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 31));
        Insights insights = Insights.builder().dataSource(pool).build();
        RawInsights raw = RawInsights.builder().dataSource(pool).build();
        assertThat(insights.summary(march)).isEqualTo(raw.summary(march));
        assertThat(insights.summary(fromTheSixth)).isEqualTo(raw.summary(fromTheSixth));
        assertThat(insights.summary(fromTheSixth).returningCustomers()).isEqualTo(1);
        var incremental = RollupSnapshots.of(pool, shop);
        insights.rebuild(shop);
        assertThat(RollupSnapshots.of(pool, shop)).isEqualTo(incremental);
    }

    private static Connection tenantConnection() throws SQLException {
        Connection connection = pool.getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local role shopify_ingest_app; set local search_path = shopify_ingest;"
                    + " set local shopify_ingest.shop_id = '" + shop + "'");
        }
        return connection;
    }

    private static void insertOrder(Connection connection, long id, String processedAt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into orders (shop_id, id, customer_id, processed_at, created_at, updated_at, subtotal,
                        total_price, current_total_price, total_refunded, last_seen_at)
                values (?, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, 10, 10, 10, 0, now())""")) {
            statement.setLong(1, shop);
            statement.setLong(2, id);
            statement.setLong(3, CUSTOMER);
            statement.setString(4, processedAt);
            statement.setString(5, processedAt);
            statement.setString(6, processedAt);
            statement.executeUpdate();
        }
    }

    private static int pid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Polls, with a deadline, until {@code waiter} waits for a lock {@code holder} holds. */
    private static void awaitBlockedBy(int waiter, int holder) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection connection = db.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select ? = any(pg_blocking_pids(?))")) {
            statement.setInt(1, holder);
            statement.setInt(2, waiter);
            while (true) {
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("The second writer never waited for the first");
                }
                Thread.onSpinWait();
            }
        }
    }
}
