package dev.shopifyingest.app.reliability;

import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeLineItem;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeRefund;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.FakeVariant;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A shop's data reduced to comparable lines, one per row of each {@code shopify_ingest} table
 * (customers, products, product variants, orders, order line items, refunds), in key order:
 * computed either from a FakeShopify store (what Shopify holds) or from the database (what the app
 * stored). Two digests are equal when every table has the same rows with the same key fields
 * (ids, {@code updated_at}, names, amounts, statuses): per-table counts equal, no duplicate, no
 * missing or extra row, no stale version. {@link #checksum()} is a SHA-256 over all lines, for
 * reports.
 *
 * @param lines each table's lines, in key order
 */
record StoreDigest(Map<String, List<String>> lines) {

    /** The tables compared, in report order. */
    static final List<String> TABLES = List.of("customers", "products", "product_variants", "orders",
            "order_line_items", "refunds");

    /**
     * What Shopify holds: the fake store's current entities (deleted ones are absent).
     *
     * @param store the fake's live store
     * @return its digest
     */
    static StoreDigest of(FakeStore store) {
        Map<String, List<String>> lines = emptyTables();
        try (Stream<FakeCustomer> customers = store.customers().all()) {
            customers.forEach(c -> lines.get("customers").add(line(c.id(), time(c.updatedAt()), c.email(),
                    c.firstName(), c.lastName())));
        }
        try (Stream<FakeProduct> products = store.products().all()) {
            products.forEach(p -> {
                lines.get("products").add(line(p.id(), time(p.updatedAt()), p.title(), lower(p.status())));
                p.variants().stream().sorted(Comparator.comparingLong(FakeVariant::id)).forEach(v ->
                        lines.get("product_variants").add(line(p.id(), v.id(), amount(v.price()), v.sku())));
            });
        }
        try (Stream<FakeOrder> orders = store.orders().all()) {
            orders.forEach(o -> {
                lines.get("orders").add(line(o.id(), time(o.updatedAt()), o.name(), o.customerId(),
                        amount(o.totalPrice()), amount(o.currentTotalPrice()), lower(o.financialStatus()),
                        time(o.cancelledAt())));
                o.lineItems().stream().sorted(Comparator.comparingLong(FakeLineItem::id)).forEach(l ->
                        lines.get("order_line_items").add(line(o.id(), l.id(), l.quantity(), amount(l.unitPrice()))));
                o.refunds().stream().sorted(Comparator.comparingLong(FakeRefund::id)).forEach(r ->
                        lines.get("refunds").add(line(o.id(), r.id(), amount(r.amount()))));
            });
        }
        return new StoreDigest(lines);
    }

    /**
     * What the app stored for the shop: rows not marked deleted, and their children.
     *
     * @param dataSource the database, as a role that sees every tenant (the test's superuser)
     * @param shopId     the shop
     * @return its digest
     */
    static StoreDigest of(DataSource dataSource, long shopId) {
        Map<String, List<String>> lines = emptyTables();
        try (Connection connection = dataSource.getConnection()) {
            read(connection, shopId, lines.get("customers"), """
                    select id, updated_at, email, first_name, last_name from shopify_ingest.customers
                    where shop_id = ? and deleted_at is null order by id""");
            read(connection, shopId, lines.get("products"), """
                    select id, updated_at, title, lower(status) from shopify_ingest.products
                    where shop_id = ? and deleted_at is null order by id""");
            read(connection, shopId, lines.get("product_variants"), """
                    select v.product_id, v.id, v.price, v.sku from shopify_ingest.product_variants v
                    join shopify_ingest.products p on p.shop_id = v.shop_id and p.id = v.product_id
                    where v.shop_id = ? and p.deleted_at is null order by v.product_id, v.id""");
            read(connection, shopId, lines.get("orders"), """
                    select id, updated_at, name, customer_id, total_price, current_total_price,
                           lower(financial_status), cancelled_at
                    from shopify_ingest.orders where shop_id = ? and deleted_at is null order by id""");
            read(connection, shopId, lines.get("order_line_items"), """
                    select l.order_id, l.id, l.quantity, l.original_unit_price from shopify_ingest.order_line_items l
                    join shopify_ingest.orders o on o.shop_id = l.shop_id and o.id = l.order_id
                    where l.shop_id = ? and o.deleted_at is null order by l.order_id, l.id""");
            read(connection, shopId, lines.get("refunds"), """
                    select r.order_id, r.id, r.amount from shopify_ingest.refunds r
                    join shopify_ingest.orders o on o.shop_id = r.shop_id and o.id = r.order_id
                    where r.shop_id = ? and o.deleted_at is null order by r.order_id, r.id""");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the stored shop: " + e.getMessage(), e);
        }
        return new StoreDigest(lines);
    }

    /** Each table's row count, in {@link #TABLES} order. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        lines.forEach((table, rows) -> counts.put(table, rows.size()));
        return counts;
    }

    /** The total number of rows over every table. */
    long rows() {
        return lines.values().stream().mapToLong(List::size).sum();
    }

    /** SHA-256 (hex) over every table's name and lines, in order. */
    String checksum() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            lines.forEach((table, rows) -> {
                sha.update((table + "\n").getBytes(StandardCharsets.UTF_8));
                rows.forEach(row -> sha.update((row + "\n").getBytes(StandardCharsets.UTF_8)));
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where this digest (the stored data) differs from the expected one: per table, the count and
     * the first few lines missing or unexpected. Empty when equal.
     *
     * @param expected what should be stored
     * @return a readable account of the differences
     */
    String differencesFrom(StoreDigest expected) {
        StringBuilder out = new StringBuilder();
        for (String table : TABLES) {
            List<String> actualRows = lines.get(table);
            List<String> expectedRows = expected.lines.get(table);
            if (actualRows.equals(expectedRows)) {
                continue;
            }
            List<String> missing = new ArrayList<>(expectedRows);
            missing.removeAll(new HashSet<>(actualRows));
            List<String> unexpected = new ArrayList<>(actualRows);
            unexpected.removeAll(new HashSet<>(expectedRows));
            out.append(table).append(": ").append(actualRows.size()).append(" rows stored, ")
                    .append(expectedRows.size()).append(" expected; missing or different ")
                    .append(missing.subList(0, Math.min(3, missing.size())))
                    .append(", unexpected ").append(unexpected.subList(0, Math.min(3, unexpected.size())))
                    .append('\n');
        }
        return out.toString();
    }

    private static void read(Connection connection, long shopId, List<String> into, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(5_000);
            statement.setLong(1, shopId);
            try (ResultSet rows = statement.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    Object[] values = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        Object value = rows.getObject(i + 1);
                        values[i] = switch (value) {
                            case Timestamp timestamp -> time(timestamp.toInstant());
                            case OffsetDateTime offset -> time(offset.toInstant());
                            case BigDecimal decimal -> amount(decimal);
                            case null, default -> value;
                        };
                    }
                    into.add(line(values));
                }
            }
        }
    }

    private static Map<String, List<String>> emptyTables() {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        TABLES.forEach(table -> lines.put(table, new ArrayList<>()));
        return lines;
    }

    private static String line(Object... values) {
        StringJoiner joiner = new StringJoiner("|");
        for (Object value : values) {
            joiner.add(String.valueOf(value));
        }
        return joiner.toString();
    }

    // Shopify's API times have whole seconds; the fake's generated ones may carry more.
    private static String time(Instant instant) {
        return instant == null ? "null" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String amount(BigDecimal amount) {
        return amount == null ? "null" : amount.stripTrailingZeros().toPlainString();
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }
}
