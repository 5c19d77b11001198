package dev.shopifyingest.insights;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Refund;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.testkit.postgres.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The insights benchmark: one tenant with 1M orders and nine with 100k each, the dashboard set
 * (summary, daily sales and orders, top 10 customers) over the last 12 months and over 30 days,
 * from the rollups ({@link Insights}) and from the raw rows ({@link RawInsights}) in the same run,
 * checking that both give identical answers. Not a test: run it with
 *
 * <pre>
 * ./mvnw -B -o -pl insights-core -am verify -Pinsights-benchmark -DskipTests
 * </pre>
 *
 * and change the sizes with {@code -Dbench.orders=…}, {@code -Dbench.shops=…},
 * {@code -Dbench.shopOrders=…}, {@code -Dbench.iterations=…}, {@code -Dbench.rawIterations=…}.
 * It starts its own embedded PostgreSQL (1 GB shared buffers) and prints the figures as the
 * Markdown tables of {@code docs/performance.md}.
 */
public final class InsightsBenchmark {

    private static final Instant END = Instant.parse("2026-11-27T17:00:00Z");
    private static final Duration HISTORY = Duration.ofDays(730);
    private static final int CHUNK = 100_000;
    private static final int PRODUCTS = 500;
    private static final String[] ZONES = {"America/New_York", "Europe/Berlin", "Australia/Lord_Howe",
        "Asia/Kathmandu", "America/Los_Angeles", "Asia/Tokyo", "Europe/London", "America/Sao_Paulo",
        "Australia/Sydney", "Pacific/Auckland"};

    private InsightsBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args ignored; sizes come from system properties
     * @throws Exception when anything fails
     */
    public static void main(String[] args) throws Exception {
        int orders = Integer.getInteger("bench.orders", 1_000_000);
        int shops = Integer.getInteger("bench.shops", 10);
        int shopOrders = Integer.getInteger("bench.shopOrders", 100_000);
        int iterations = Integer.getInteger("bench.iterations", 100);
        int rawIterations = Integer.getInteger("bench.rawIterations", 10);
        out("insights benchmark: 1 shop x %,d orders + %d shops x %,d orders; %d rollup and %d raw iterations",
                orders, shops - 1, shopOrders, iterations, rawIterations);
        long started = System.nanoTime();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setting("shared_buffers", "1GB")
                .setting("work_mem", "64MB")
                .setting("maintenance_work_mem", "512MB")
                .setting("max_wal_size", "8GB")
                .setting("checkpoint_timeout", "30min")
                .start()) {
            try (Connection admin = postgres.dataSource().getConnection(); Statement statement = admin.createStatement()) {
                statement.execute("create database bench");
            }
            DataSource superuser = postgres.dataSource("bench");
            PostgresStore.builder().dataSource(superuser).build().migrate();
            Insights.builder().dataSource(superuser).build().migrate();
            out("PostgreSQL %d, migrated in %s", postgres.majorVersion(), seconds(started));

            List<Long> shopIds = new ArrayList<>();
            long loadStarted = System.nanoTime();
            try (Connection connection = superuser.getConnection()) {
                connection.setAutoCommit(true);
                execute(connection, "set search_path = shopify_ingest; select setseed(0.42)");
                for (int s = 0; s < shops; s++) {
                    int count = s == 0 ? orders : shopOrders;
                    long shopLoad = System.nanoTime();
                    long shop = load(connection, s, ZONES[s % ZONES.length], count);
                    shopIds.add(shop);
                    out("  shop %d (%s): %,d orders loaded through the rollup triggers in %s", shop,
                            ZONES[s % ZONES.length], count, seconds(shopLoad));
                }
                execute(connection, "vacuum analyze");
                out("loaded %,d orders in %s; %s", orders + (long) (shops - 1) * shopOrders, seconds(loadStarted),
                        sizes(connection));
            }

            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(postgres.jdbcUrl("bench"));
            config.setUsername(postgres.superuser());
            config.setPassword(postgres.superuserPassword());
            config.setMaximumPoolSize(4);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                long big = shopIds.get(0);
                ingest(pool, big);
                Insights insights = Insights.builder().dataSource(pool).build();
                RawInsights raw = RawInsights.builder().dataSource(pool).build();
                LocalDate today = LocalDate.ofInstant(END, ZoneId.of(ZONES[0]));
                List<String> rows = new ArrayList<>();
                for (int days : new int[] {365, 30}) {
                    InsightsQuery query = InsightsQuery.of(big, today.minusDays(days - 1L), today);
                    Dashboard fromRollups = insights.dashboard(query, Granularity.DAY, 10);
                    Dashboard fromRows = raw.dashboard(query, Granularity.DAY, 10);
                    if (!fromRollups.equals(fromRows)) {
                        throw new IllegalStateException("Rollups and raw rows disagree over " + query + ":\n"
                                + fromRollups + "\n" + fromRows);
                    }
                    double[] rollup = time(iterations, () -> insights.dashboard(query, Granularity.DAY, 10), fromRows);
                    double[] rawTimes = time(rawIterations, () -> raw.dashboard(query, Granularity.DAY, 10), fromRows);
                    String label = days == 365 ? "last 12 months" : "last 30 days";
                    rows.add(String.format(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.0f | %.0f | %.0fx | %.0fx |",
                            label, fromRows.summary().orders(), percentile(rollup, 50), percentile(rollup, 95),
                            percentile(rawTimes, 50), percentile(rawTimes, 95),
                            percentile(rawTimes, 50) / percentile(rollup, 50),
                            percentile(rawTimes, 95) / percentile(rollup, 95)));
                    out("%s: %s orders, %s customers (%s new), total sales %s; answers identical", label,
                            fromRows.summary().orders(), fromRows.summary().customers(),
                            fromRows.summary().newCustomers(), fromRows.summary().totalSales());
                    rows.add(String.format(Locale.ROOT, "|  ↳ per call, rollups (p50 ms) | | summary %.1f | series %.1f"
                                    + " | top 10 customers %.1f | | | |",
                            percentile(time(iterations, () -> insights.summary(query), null), 50),
                            percentile(time(iterations, () -> insights.series(query, Granularity.DAY), null), 50),
                            percentile(time(iterations, () -> insights.topCustomers(query, 10), null), 50)));
                }
                // Rebuilds (what a time-zone change costs), then the answers must still match the raw rows.
                long small = shopIds.size() > 1 ? shopIds.get(1) : big;
                long rebuildStarted = System.nanoTime();
                insights.rebuild(small);
                String smallRebuild = seconds(rebuildStarted);
                rebuildStarted = System.nanoTime();
                insights.rebuild(big);
                out("rebuild (as on a time-zone change): %,d-order shop in %s, %,d-order shop in %s",
                        small == big ? orders : shopOrders, smallRebuild, orders, seconds(rebuildStarted));
                for (int days : new int[] {365, 30}) {
                    InsightsQuery query = InsightsQuery.of(big, today.minusDays(days - 1L), today);
                    if (!insights.dashboard(query, Granularity.DAY, 10).equals(raw.dashboard(query, Granularity.DAY, 10))) {
                        throw new IllegalStateException("Rollups and raw rows disagree after a rebuild over " + query);
                    }
                }
                out("");
                out("Dashboard set (summary + daily sales and orders + top 10 customers, one call), shop of %,d orders:",
                        orders);
                out("");
                out("| range | orders in range | rollups p50 ms | rollups p95 ms | raw p50 ms | raw p95 ms"
                        + " | speed-up p50 | speed-up p95 |");
                out("|---|---:|---:|---:|---:|---:|---:|---:|");
                rows.forEach(InsightsBenchmark::out);
            }
        }
        out("");
        out("benchmark finished in %s", seconds(started));
    }

    /** Registers a shop and loads its rows in chunks, each chunk one statement per table. */
    private static long load(Connection connection, int index, String zone, int orders) throws SQLException {
        long shop;
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into shops (domain, name, currency_code, time_zone, installed_at, created_at, updated_at)
                values (?, ?, 'USD', ?, now(), now(), now()) returning shop_id""")) {
            statement.setString(1, "bench-" + index + ".myshopify.com");
            statement.setString(2, "Bench " + index);
            statement.setString(3, zone);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                shop = rs.getLong(1);
            }
        }
        long base = shop * 10_000_000_000L;
        int customers = Math.max(1, orders / 4);
        Instant start = END.minus(HISTORY);
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into customers (shop_id, id, first_name, last_name, email, created_at, updated_at, last_seen_at)
                select ?, ? + c,
                       (array['Olivia','Liam','Emma','Noah','Ava','Oliver','Sophia','Elijah','Mia','James'])[1 + c % 10],
                       (array['Smith','Johnson','Brown','Garcia','Miller','Davis','Lopez','Wilson','Lee','Moore'])
                           [1 + (c / 10) % 10],
                       'customer' || c || '@example.com', ?, ?, now()
                from generate_series(1, ?) c""")) {
            statement.setLong(1, shop);
            statement.setLong(2, base);
            statement.setObject(3, start.atOffset(java.time.ZoneOffset.UTC));
            statement.setObject(4, start.atOffset(java.time.ZoneOffset.UTC));
            statement.setInt(5, customers);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into products (shop_id, id, title, created_at, updated_at, last_seen_at)
                select ?, ? + p, 'Product ' || p, now(), now(), now() from generate_series(1, ?) p""")) {
            statement.setLong(1, shop);
            statement.setLong(2, base);
            statement.setInt(3, PRODUCTS);
            statement.executeUpdate();
        }
        for (int lo = 1; lo <= orders; lo += CHUNK) {
            int hi = Math.min(orders, lo + CHUNK - 1);
            // Orders spread over two years; customers skewed (a few buy often), 5% guests, 3%
            // cancelled, 2% test, 20% discounted, 8% half refunded up to 30 days later.
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into orders (shop_id, id, name, customer_id, created_at, processed_at, updated_at,
                            cancelled_at, test, currency_code, subtotal, total_discounts, total_shipping, total_tax,
                            total_price, current_total_price, total_refunded, last_seen_at)
                    select ?, ? + x.i, '#' || x.i, x.customer_id, x.t, x.t, x.t + interval '1 minute',
                           case when x.r_cancel < 0.03 then x.t + interval '3 hours' end, x.r_test < 0.02, 'USD',
                           m.gross - m.discounts, m.discounts, m.shipping, m.tax,
                           m.gross - m.discounts + m.shipping + m.tax,
                           m.gross - m.discounts + m.shipping + m.tax - m.refunded, m.refunded, now()
                    from (
                        select i,
                               ?::timestamptz + ((i - 1 + random()) * ? / ?) * interval '1 second' as t,
                               case when random() < 0.05 then null
                                    else ? + 1 + floor(? * power(random(), 2.5))::bigint end as customer_id,
                               random() as r_cancel, random() as r_test, random() as r_price, random() as r_discount,
                               random() as r_refund
                        from generate_series(?, ?) i) x
                    cross join lateral (
                        select g.gross, g.discounts,
                               case when g.gross - g.discounts >= 100 then 0.00 else 7.50 end as shipping,
                               round((g.gross - g.discounts) * 0.08, 2) as tax,
                               case when x.r_refund < 0.08 then round((g.gross - g.discounts) * 0.5, 2) else 0 end
                                   as refunded
                        from (select round((15 + x.r_price * 185)::numeric, 2) as gross,
                                     case when x.r_discount < 0.2 then round((15 + x.r_price * 185)::numeric * 0.1, 2)
                                          else 0 end as discounts) g) m""")) {
                int p = 1;
                statement.setLong(p++, shop);
                statement.setLong(p++, base);
                statement.setObject(p++, start.atOffset(java.time.ZoneOffset.UTC));
                statement.setLong(p++, HISTORY.toSeconds());
                statement.setLong(p++, orders);
                statement.setLong(p++, base);
                statement.setLong(p++, customers);
                statement.setInt(p++, lo);
                statement.setInt(p++, hi);
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into order_line_items (shop_id, order_id, id, list_index, product_id, title, quantity,
                            current_quantity, original_unit_price, discounted_total, total_discount)
                    select o.shop_id, o.id, o.id * 4 + k, k, ? + 1 + floor(? * power(random(), 1.5))::bigint,
                           'Product', 1 + (o.id + k) % 2, 1 + (o.id + k) % 2,
                           round(o.subtotal / (1 + o.id % 3), 2), round(o.subtotal / (1 + o.id % 3), 2), 0
                    from orders o
                    cross join lateral generate_series(0, (o.id % 3)::int) k
                    where o.shop_id = ? and o.id between ? and ?""")) {
                statement.setLong(1, base);
                statement.setInt(2, PRODUCTS);
                statement.setLong(3, shop);
                statement.setLong(4, base + lo);
                statement.setLong(5, base + hi);
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into refunds (shop_id, order_id, id, list_index, created_at, amount)
                    select o.shop_id, o.id, o.id, 0,
                           least(o.processed_at + (1 + o.id % 30) * interval '1 day', ?::timestamptz),
                           o.total_refunded
                    from orders o
                    where o.shop_id = ? and o.id between ? and ? and o.total_refunded > 0""")) {
                statement.setObject(1, END.atOffset(java.time.ZoneOffset.UTC));
                statement.setLong(2, shop);
                statement.setLong(3, base + lo);
                statement.setLong(4, base + hi);
                statement.executeUpdate();
            }
        }
        return shop;
    }

    /**
     * The cost of rollups on the write path: batches of 500 orders (with their lines and a refund
     * each), written as the store's sink writes them, with the rollup triggers on and off.
     */
    private static void ingest(DataSource pool, long shop) throws SQLException {
        SinkTables sink = new SinkTables(pool);
        long base = shop * 10_000_000_000L + 5_000_000_000L;
        int batches = 20;
        double[] with = new double[batches];
        double[] without = new double[batches];
        for (int round = 0; round < 2; round++) {
            boolean triggers = round == 0;
            if (!triggers) {
                execute(pool, "alter table shopify_ingest.orders disable trigger user;"
                        + " alter table shopify_ingest.order_line_items disable trigger user;"
                        + " alter table shopify_ingest.refunds disable trigger user");
            }
            for (int b = 0; b < batches; b++) {
                List<Order> batch = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    long id = base + round * 100_000L + b * 1000L + i;
                    Instant at = END.minus(Duration.ofMinutes(i + 7L * b));
                    BigDecimal price = new BigDecimal("40.00");
                    batch.add(new Order(id, "#B" + id, shop * 10_000_000_000L + 1 + (id % 5000), null, at, at, at, null,
                            null, false, "PAID", "FULFILLED", "USD", price, BigDecimal.ZERO, new BigDecimal("7.50"),
                            new BigDecimal("3.20"), new BigDecimal("50.70"), new BigDecimal("40.70"),
                            new BigDecimal("10.00"), null,
                            List.of(new LineItem(id * 4, shop * 10_000_000_000L + 1 + id % PRODUCTS, null, "Product",
                                    null, null, 2, 2, new BigDecimal("20.00"), price, BigDecimal.ZERO)),
                            List.of(new Refund(id, at.plusSeconds(3600), new BigDecimal("10.00"), null)), "{}"));
                }
                long t0 = System.nanoTime();
                sink.upsertOrders(shop, batch, END);
                (triggers ? with : without)[b] = (System.nanoTime() - t0) / 1e6;
            }
            if (!triggers) {
                execute(pool, "alter table shopify_ingest.orders enable trigger user;"
                        + " alter table shopify_ingest.order_line_items enable trigger user;"
                        + " alter table shopify_ingest.refunds enable trigger user");
                // The rows written without triggers are not in the rollups: take them out again.
                execute(pool, "set search_path = shopify_ingest; alter table orders disable trigger user;"
                        + " alter table order_line_items disable trigger user; alter table refunds disable trigger user;"
                        + " delete from orders where shop_id = " + shop + " and id >= " + (base + 100_000L) + ";"
                        + " alter table orders enable trigger user; alter table order_line_items enable trigger user;"
                        + " alter table refunds enable trigger user");
            }
        }
        out("write path: a sink batch of 500 new orders (+500 lines, +500 refunds) takes p50 %.0f ms with the rollup"
                + " triggers, %.0f ms without", percentile(with, 50), percentile(without, 50));
    }

    private static double[] time(int iterations, Supplier<Object> call, Object expected) {
        for (int i = 0; i < Math.min(5, iterations); i++) {
            call.get();
        }
        double[] millis = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            Object answer = call.get();
            millis[i] = (System.nanoTime() - t0) / 1e6;
            if (expected != null && !expected.equals(answer)) {
                throw new IllegalStateException("An answer changed between iterations: " + answer);
            }
        }
        return millis;
    }

    private static double percentile(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String sizes(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        select pg_size_pretty(sum(pg_total_relation_size(c.oid)) filter (where c.relname in
                                   ('orders', 'order_line_items', 'refunds', 'customers'))) as raw,
                               pg_size_pretty(sum(pg_total_relation_size(c.oid)) filter (where c.relname like 'insights\\_%'))
                                   as rollups
                        from pg_class c join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = 'shopify_ingest' and c.relkind = 'r'""")) {
            rs.next();
            return "orders, lines, refunds and customers take " + rs.getString("raw") + ", the rollups "
                    + rs.getString("rollups");
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            execute(connection, sql);
        }
    }

    private static String seconds(long since) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - since) / 1e9);
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
