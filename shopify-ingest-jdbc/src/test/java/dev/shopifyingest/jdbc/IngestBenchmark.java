package dev.shopifyingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Money;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.model.ProductVariant;
import dev.shopifyingest.core.model.Refund;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Ingest throughput: the store's sink against a plain {@code COPY} of the same rows into the same
 * tables, in one run on one server, plus the alternative sink strategy (COPY into temporary tables,
 * then the same conflict-checked merge) for orders and line items. Not part of {@code verify}:
 *
 * <pre>
 * ./mvnw -q -B -o -pl shopify-ingest-jdbc -am verify -Dtest=IngestBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.orders=1000000
 * </pre>
 *
 * <p>Options: {@code benchmark.orders} (required), {@code benchmark.batch} (orders per sink batch,
 * default 1000). Results are printed and written to {@code target/benchmark.txt}. The database is
 * the testkit's: the embedded PostgreSQL 17 (fsync off), or the server named by
 * {@code SHOPIFY_INGEST_TEST_DATABASE_URL}.
 */
@EnabledIfSystemProperty(named = "benchmark.orders", matches = "\\d+")
class IngestBenchmark {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final int PRODUCTS = 2_000;
    private static final int COPY_CHUNK = 10_000;

    private final int orders = Integer.getInteger("benchmark.orders");
    private final int batch = Integer.getInteger("benchmark.batch", 1_000);
    private final int customers = Math.max(100, orders / 10);
    private final StringBuilder report = new StringBuilder();

    /** Rows written and seconds taken by one phase. */
    private record Timing(long rows, double seconds) {
        double rate() {
            return rows / seconds;
        }
    }

    @Test
    void sinkAgainstCopy() throws Exception {
        try (HikariDataSource pool = TestStores.pool(db.jdbcUrl(), db.user(), db.password(), 2)) {
            PostgresStore store = PostgresStore.builder().dataSource(pool)
                    .tokenCipher(TestStores.cipher("bench", 9)).build();
            store.migrate();
            long sinkShop = register(store, "bench-sink");
            long copyShop = register(store, "bench-copy");
            long mergeShop = register(store, "bench-merge");
            line("orders=%d, line items≈%d, customers=%d, products=%d (×3 variants), sink batch=%d orders",
                    orders, 3L * orders, customers, PRODUCTS, batch);

            Timing[] sink = sink(store);
            Timing[] copy = copy(pool, copyShop);
            Timing merge = copyMerge(store, mergeShop);

            Timing sinkTotal = sum(sink);
            Timing copyTotal = sum(copy);
            line("");
            line("%-46s %12s %10s %12s", "phase", "rows", "seconds", "rows/s");
            String[] names = {"customers", "products + variants", "orders + line items + refunds"};
            for (int i = 0; i < 3; i++) {
                row("sink (unnest upsert): " + names[i], sink[i]);
                row("plain COPY: " + names[i], copy[i]);
            }
            row("sink total", sinkTotal);
            row("plain COPY total", copyTotal);
            row("COPY+merge sink: orders + lines", merge);
            line("");
            line("sink / COPY (all rows):              %.2f", sinkTotal.rate() / copyTotal.rate());
            line("sink / COPY (orders phase):          %.2f", sink[2].rate() / copy[2].rate());
            line("COPY+merge / COPY (orders phase):    %.2f", merge.rate() / copy[2].rate());
            line("unnest sink / COPY+merge (orders):   %.2f", sink[2].rate() / merge.rate());

            assertSameRows(sinkShop, copyShop);
            assertSameRows(sinkShop, mergeShop);
            Path out = Path.of("target", "benchmark.txt");
            Files.writeString(out, report.toString());
            System.out.println(report);
        }
    }

    private static long register(PostgresStore store, String handle) {
        return store.shops().register(new AccessToken(new ShopDomain(handle + ".myshopify.com"), "shpat_bench",
                Set.of("read_orders"), null, null, null)).shopId();
    }

    // ------------------------------------------------------------------------------------------
    // Phase 1: the store's sink
    // ------------------------------------------------------------------------------------------

    private Timing[] sink(PostgresStore store) {
        ShopDomain shop = new ShopDomain("bench-sink.myshopify.com");
        Timing customerTiming = timed(customers, batch, this::customers, list -> store.sink().accept(
                new IngestBatch(shop, list, List.of(), null)), list -> (long) list.size());
        Timing productTiming = timed(PRODUCTS, 250, this::products, list -> store.sink().accept(
                new IngestBatch(shop, list, List.of(), null)), list -> list.size() * 4L);
        Timing orderTiming = timed(orders, batch, this::orders, list -> store.sink().accept(
                new IngestBatch(shop, list, List.of(), null)), IngestBenchmark::orderRows);
        return new Timing[] {customerTiming, productTiming, orderTiming};
    }

    // ------------------------------------------------------------------------------------------
    // Phase 2: plain COPY, as the owner, of the same rows into the same tables (another shop id)
    // ------------------------------------------------------------------------------------------

    private Timing[] copy(HikariDataSource pool, long shopId) throws Exception {
        try (Connection connection = pool.getConnection()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            connection.setAutoCommit(false);
            Timing customerTiming = timed(customers, COPY_CHUNK, this::customers, list -> {
                copy.copyIn("copy shopify_ingest.customers (shop_id, id, first_name, last_name, email, phone, state,"
                        + " tags, number_of_orders, amount_spent, amount_spent_currency, created_at, updated_at,"
                        + " last_seen_at, raw) from stdin", new StringReader(customerCopy(shopId, list)));
                connection.commit();
            }, list -> (long) list.size());
            Timing productTiming = timed(PRODUCTS, COPY_CHUNK, this::products, list -> {
                copy.copyIn("copy shopify_ingest.products (shop_id, id, title, handle, vendor, product_type, status,"
                        + " tags, created_at, updated_at, last_seen_at, raw) from stdin",
                        new StringReader(productCopy(shopId, list)));
                copy.copyIn("copy shopify_ingest.product_variants (shop_id, product_id, id, list_index, title, sku,"
                        + " price, inventory_quantity, position, created_at, updated_at) from stdin",
                        new StringReader(variantCopy(shopId, list)));
                connection.commit();
            }, list -> list.size() * 4L);
            Timing orderTiming = timed(orders, COPY_CHUNK, this::orders, list -> {
                copyOrders(copy, "shopify_ingest.orders", "shopify_ingest.order_line_items", "shopify_ingest.refunds",
                        shopId, list);
                connection.commit();
            }, IngestBenchmark::orderRows);
            return new Timing[] {customerTiming, productTiming, orderTiming};
        }
    }

    private static void copyOrders(CopyManager copy, String orders, String lines, String refunds, long shopId,
                                   List<Order> list) throws Exception {
        copy.copyIn("copy " + orders + " (shop_id, id, name, customer_id, email, created_at, processed_at,"
                + " updated_at, cancelled_at, closed_at, test, financial_status, fulfillment_status, currency_code,"
                + " subtotal, total_discounts, total_shipping, total_tax, total_price, current_total_price,"
                + " total_refunded, net_payment, last_seen_at, raw) from stdin", new StringReader(orderCopy(shopId, list)));
        copy.copyIn("copy " + lines + " (shop_id, order_id, id, list_index, product_id, variant_id, title,"
                + " variant_title, sku, quantity, current_quantity, original_unit_price, discounted_total,"
                + " total_discount) from stdin", new StringReader(lineCopy(shopId, list)));
        copy.copyIn("copy " + refunds + " (shop_id, order_id, id, list_index, created_at, amount, note) from stdin",
                new StringReader(refundCopy(shopId, list)));
    }

    // ------------------------------------------------------------------------------------------
    // Phase 3: the alternative sink strategy, COPY into temporary tables and merge with the same
    // time rule, in a tenant transaction as the application role (orders, line items, refunds)
    // ------------------------------------------------------------------------------------------

    private static final String MERGE_ORDERS = """
            insert into orders as t select * from bench_orders
            on conflict (shop_id, id) do update set
                name = excluded.name, customer_id = excluded.customer_id,
                email = case when t.redacted_at is null then excluded.email end,
                created_at = excluded.created_at, processed_at = excluded.processed_at,
                updated_at = excluded.updated_at, cancelled_at = excluded.cancelled_at,
                closed_at = excluded.closed_at, test = excluded.test, financial_status = excluded.financial_status,
                fulfillment_status = excluded.fulfillment_status, currency_code = excluded.currency_code,
                subtotal = excluded.subtotal, total_discounts = excluded.total_discounts,
                total_shipping = excluded.total_shipping, total_tax = excluded.total_tax,
                total_price = excluded.total_price, current_total_price = excluded.current_total_price,
                total_refunded = excluded.total_refunded, net_payment = excluded.net_payment,
                raw = case when t.redacted_at is null then excluded.raw end,
                deleted_at = null, last_seen_at = excluded.last_seen_at
            where case when t.deleted_at is null then excluded.updated_at >= coalesce(t.updated_at, '-infinity')
                       else excluded.updated_at > t.deleted_at end
            returning t.id, (t.xmax = 0) as inserted""";

    private Timing copyMerge(PostgresStore store, long shopId) {
        TenantStore tenant = store.forShop(shopId);
        return timed(orders, batch, this::orders, list -> tenant.inTransaction(handle -> {
            Connection connection = handle.getConnection();
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        create temp table if not exists bench_orders (like orders including defaults) on commit delete rows;
                        create temp table if not exists bench_lines (like order_line_items) on commit delete rows;
                        create temp table if not exists bench_refunds (like refunds) on commit delete rows""");
            }
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copyOrders(copy, "bench_orders", "bench_lines", "bench_refunds", shopId, list);
            List<Long> won = new ArrayList<>();
            List<Long> replaced = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(MERGE_ORDERS)) {
                while (rs.next()) {
                    won.add(rs.getLong(1));
                    if (!rs.getBoolean(2)) {
                        replaced.add(rs.getLong(1));
                    }
                }
            }
            if (!replaced.isEmpty()) {
                handle.createUpdate("delete from order_line_items where shop_id = :shop and order_id = any(:ids)")
                        .bind("shop", shopId).bindArray("ids", Long.class, replaced).execute();
                handle.createUpdate("delete from refunds where shop_id = :shop and order_id = any(:ids)")
                        .bind("shop", shopId).bindArray("ids", Long.class, replaced).execute();
            }
            handle.createUpdate("insert into order_line_items select * from bench_lines where order_id = any(:ids)"
                    + " on conflict do nothing").bindArray("ids", Long.class, won).execute();
            handle.createUpdate("insert into refunds select * from bench_refunds where order_id = any(:ids)"
                    + " on conflict do nothing").bindArray("ids", Long.class, won).execute();
            return null;
        }), IngestBenchmark::orderRows);
    }

    // ------------------------------------------------------------------------------------------
    // Data, generated deterministically per index so every phase writes the same rows
    // ------------------------------------------------------------------------------------------

    private List<Customer> customers(int from, int to) {
        List<Customer> list = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            long id = 1_000_000_000L + i;
            Instant updated = T0.plusSeconds(i);
            list.add(new Customer(id, "First" + i, "Last" + (i % 977), "customer" + i + "@example.com",
                    "+4930" + (1_000_000 + i), "ENABLED", List.of("vip", "t" + (i % 13)), (long) (i % 40),
                    Money.of((i % 5_000) + ".50", "EUR"), T0, updated,
                    "{\"id\": " + id + ", \"note\": \"customer " + i + "\", \"accepts_marketing\": true}"));
        }
        return list;
    }

    private List<Product> products(int from, int to) {
        List<Product> list = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            long id = 2_000_000_000L + i;
            List<ProductVariant> variants = new ArrayList<>(3);
            for (int v = 1; v <= 3; v++) {
                variants.add(new ProductVariant(id * 10 + v, "Size " + v, "SKU-" + i + "-" + v,
                        new BigDecimal((10 + i % 90) + "." + v + "0"), 100 + v, v, T0, T0.plusSeconds(i)));
            }
            list.add(new Product(id, "Product " + i, "product-" + i, "Vendor " + (i % 20), "Type " + (i % 7), "ACTIVE",
                    List.of("tag" + (i % 11)), variants, T0, T0.plusSeconds(i), "{\"id\": " + id + "}"));
        }
        return list;
    }

    private List<Order> orders(int from, int to) {
        List<Order> list = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            Random random = new Random(i);
            long id = 5_000_000_000L + i;
            int lineCount = 1 + random.nextInt(5);
            List<LineItem> lines = new ArrayList<>(lineCount);
            BigDecimal subtotal = BigDecimal.ZERO;
            for (int l = 0; l < lineCount; l++) {
                int product = random.nextInt(PRODUCTS);
                int quantity = 1 + random.nextInt(3);
                BigDecimal price = new BigDecimal((10 + product % 90) + ".10");
                BigDecimal total = price.multiply(BigDecimal.valueOf(quantity));
                subtotal = subtotal.add(total);
                lines.add(new LineItem(id * 10 + l, 2_000_000_000L + product, (2_000_000_000L + product) * 10 + 1,
                        "Product " + product, "Size 1", "SKU-" + product + "-1", quantity, quantity, price, total,
                        BigDecimal.ZERO));
            }
            List<Refund> refunds = random.nextInt(10) == 0
                    ? List.of(new Refund(id * 10 + 9, T0.plusSeconds(i + 3_600), new BigDecimal("5.00"), "damaged"))
                    : List.of();
            BigDecimal refunded = refunds.isEmpty() ? BigDecimal.ZERO : new BigDecimal("5.00");
            BigDecimal total = subtotal.add(new BigDecimal("4.90"));
            Instant processed = T0.plusSeconds(i * 30L);
            list.add(new Order(id, "#" + (1000 + i), 1_000_000_000L + random.nextInt(customers),
                    "customer" + i + "@example.com", processed, processed, processed.plusSeconds(60), null, null, false,
                    "PAID", "FULFILLED", "EUR", subtotal, BigDecimal.ZERO, new BigDecimal("4.90"), BigDecimal.ZERO,
                    total, total.subtract(refunded), refunded, total.subtract(refunded), lines, refunds,
                    "{\"id\": " + id + ", \"name\": \"#" + (1000 + i) + "\", \"source_name\": \"web\"}"));
        }
        return list;
    }

    private static long orderRows(List<Order> list) {
        long rows = list.size();
        for (Order order : list) {
            rows += order.lineItems().size() + order.refunds().size();
        }
        return rows;
    }

    // ------------------------------------------------------------------------------------------
    // COPY text format
    // ------------------------------------------------------------------------------------------

    private static final String NOW = "2026-01-01T00:00:00Z";

    private static String customerCopy(long shopId, List<Customer> list) {
        StringBuilder out = new StringBuilder(list.size() * 200);
        for (Customer c : list) {
            fields(out, shopId, c.id(), c.firstName(), c.lastName(), c.email(), c.phone(), c.state(), array(c.tags()),
                    c.numberOfOrders(), c.amountSpent().amount(), c.amountSpent().currencyCode(), c.createdAt(),
                    c.updatedAt(), NOW, c.rawJson());
        }
        return out.toString();
    }

    private static String productCopy(long shopId, List<Product> list) {
        StringBuilder out = new StringBuilder();
        for (Product p : list) {
            fields(out, shopId, p.id(), p.title(), p.handle(), p.vendor(), p.productType(), p.status(), array(p.tags()),
                    p.createdAt(), p.updatedAt(), NOW, p.rawJson());
        }
        return out.toString();
    }

    private static String variantCopy(long shopId, List<Product> list) {
        StringBuilder out = new StringBuilder();
        for (Product p : list) {
            for (int i = 0; i < p.variants().size(); i++) {
                ProductVariant v = p.variants().get(i);
                fields(out, shopId, p.id(), v.id(), i, v.title(), v.sku(), v.price(), v.inventoryQuantity(),
                        v.position(), v.createdAt(), v.updatedAt());
            }
        }
        return out.toString();
    }

    private static String orderCopy(long shopId, List<Order> list) {
        StringBuilder out = new StringBuilder(list.size() * 300);
        for (Order o : list) {
            fields(out, shopId, o.id(), o.name(), o.customerId(), o.email(), o.createdAt(), o.processedAt(),
                    o.updatedAt(), o.cancelledAt(), o.closedAt(), o.test(), o.financialStatus(), o.fulfillmentStatus(),
                    o.currencyCode(), o.subtotal(), o.totalDiscounts(), o.totalShipping(), o.totalTax(),
                    o.totalPrice(), o.currentTotalPrice(), o.totalRefunded(), o.netPayment(), NOW, o.rawJson());
        }
        return out.toString();
    }

    private static String lineCopy(long shopId, List<Order> list) {
        StringBuilder out = new StringBuilder(list.size() * 500);
        for (Order o : list) {
            for (int i = 0; i < o.lineItems().size(); i++) {
                LineItem l = o.lineItems().get(i);
                fields(out, shopId, o.id(), l.id(), i, l.productId(), l.variantId(), l.title(), l.variantTitle(),
                        l.sku(), l.quantity(), l.currentQuantity(), l.originalUnitPrice(), l.discountedTotal(),
                        l.totalDiscount());
            }
        }
        return out.toString();
    }

    private static String refundCopy(long shopId, List<Order> list) {
        StringBuilder out = new StringBuilder();
        for (Order o : list) {
            for (int i = 0; i < o.refunds().size(); i++) {
                Refund r = o.refunds().get(i);
                fields(out, shopId, o.id(), r.id(), i, r.createdAt(), r.amount(), r.note());
            }
        }
        return out.toString();
    }

    private static void fields(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            Object value = values[i];
            if (value == null) {
                out.append("\\N");
            } else if (value instanceof BigDecimal decimal) {
                out.append(decimal.toPlainString());
            } else {
                String text = value.toString();
                for (int c = 0; c < text.length(); c++) {
                    char ch = text.charAt(c);
                    switch (ch) {
                        case '\\' -> out.append("\\\\");
                        case '\t' -> out.append("\\t");
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        default -> out.append(ch);
                    }
                }
            }
        }
        out.append('\n');
    }

    private static String array(List<String> values) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            out.append(i > 0 ? "," : "").append('"')
                    .append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
    }

    // ------------------------------------------------------------------------------------------
    // Timing and checks
    // ------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Write<T> {
        void write(List<T> list) throws Exception;
    }

    @FunctionalInterface
    private interface Generate<T> {
        List<T> generate(int from, int to);
    }

    /** Generates {@code total} items in chunks (untimed) and times only the writes. */
    private static <T> Timing timed(int total, int chunk, Generate<T> generate, Write<T> write,
                                    java.util.function.ToLongFunction<List<T>> rows) {
        long nanos = 0;
        long count = 0;
        for (int from = 0; from < total; from += chunk) {
            List<T> list = generate.generate(from, Math.min(total, from + chunk));
            count += rows.applyAsLong(list);
            long start = System.nanoTime();
            try {
                write.write(list);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            nanos += System.nanoTime() - start;
        }
        return new Timing(count, nanos / 1e9);
    }

    private static Timing sum(Timing[] timings) {
        long rows = 0;
        double seconds = 0;
        for (Timing t : timings) {
            rows += t.rows();
            seconds += t.seconds();
        }
        return new Timing(rows, seconds);
    }

    private void assertSameRows(long a, long b) throws Exception {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String table : List.of("orders", "order_line_items", "refunds")) {
                try (ResultSet rs = statement.executeQuery("select count(*) filter (where shop_id = " + a
                        + "), count(*) filter (where shop_id = " + b + ") from shopify_ingest." + table)) {
                    rs.next();
                    assertThat(rs.getLong(2)).as(table).isEqualTo(rs.getLong(1));
                }
            }
        }
    }

    private void row(String name, Timing timing) {
        line("%-46s %12d %10.1f %12.0f", name, timing.rows(), timing.seconds(), timing.rate());
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
