package dev.shopifyingest.insights;

import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.model.Refund;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Writes the store's tables exactly as shopify-ingest-jdbc's sink does (same statements, one
 * statement per batch, same time rule, children replaced with their order in one transaction,
 * deletions as tombstones), as the application role inside the tenant's transaction. The only
 * test-support door to the data: after the jdbc branch is merged, its methods can delegate to the
 * real sink ({@code PostgresStore}'s {@code IngestSink}) unchanged for the tests.
 */
final class SinkTables {

    private static final String UPSERT_ORDERS = """
            insert into orders as t (shop_id, id, name, customer_id, email, created_at, processed_at, updated_at,
                    cancelled_at, closed_at, test, financial_status, fulfillment_status, currency_code, subtotal,
                    total_discounts, total_shipping, total_tax, total_price, current_total_price, total_refunded,
                    net_payment, last_seen_at, raw)
            select ?, u.id, u.name, u.customer_id, u.email, u.created_at, u.processed_at, u.updated_at,
                   u.cancelled_at, u.closed_at, u.test, u.financial_status, u.fulfillment_status, u.currency_code,
                   u.subtotal, u.total_discounts, u.total_shipping, u.total_tax, u.total_price,
                   u.current_total_price, u.total_refunded, u.net_payment, ?, '{}'::jsonb
            from unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::timestamptz[], ?::timestamptz[],
                        ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::boolean[], ?::text[], ?::text[],
                        ?::text[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[],
                        ?::numeric[], ?::numeric[], ?::numeric[])
                 as u(id, name, customer_id, email, created_at, processed_at, updated_at, cancelled_at, closed_at,
                      test, financial_status, fulfillment_status, currency_code, subtotal, total_discounts,
                      total_shipping, total_tax, total_price, current_total_price, total_refunded, net_payment)
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
            where excluded.updated_at >= coalesce(t.updated_at, '-infinity'::timestamptz)
              and (t.deleted_at is null or excluded.updated_at > t.deleted_at)
            returning t.id, (t.xmax = 0) as inserted
            """;

    private static final String INSERT_LINE_ITEMS = """
            insert into order_line_items (shop_id, order_id, id, list_index, product_id, variant_id, title,
                    variant_title, sku, quantity, current_quantity, original_unit_price, discounted_total,
                    total_discount)
            select ?, u.order_id, u.id, u.list_index, u.product_id, u.variant_id, u.title, u.variant_title, u.sku,
                   u.quantity, u.current_quantity, u.original_unit_price, u.discounted_total, u.total_discount
            from unnest(?::bigint[], ?::bigint[], ?::int[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                        ?::int[], ?::int[], ?::numeric[], ?::numeric[], ?::numeric[])
                 as u(order_id, id, list_index, product_id, variant_id, title, variant_title, sku, quantity,
                      current_quantity, original_unit_price, discounted_total, total_discount)
            on conflict (shop_id, order_id, id) do nothing
            """;

    private static final String INSERT_REFUNDS = """
            insert into refunds (shop_id, order_id, id, list_index, created_at, amount, note)
            select ?, u.order_id, u.id, u.list_index, u.created_at, u.amount, u.note
            from unnest(?::bigint[], ?::bigint[], ?::int[], ?::timestamptz[], ?::numeric[], ?::text[])
                 as u(order_id, id, list_index, created_at, amount, note)
            on conflict (shop_id, order_id, id) do nothing
            """;

    private static final String TOMBSTONES = """
            insert into %1$s as t (shop_id, id, deleted_at, last_seen_at)
            select ?, d.id, d.deleted_at, ?
            from unnest(?::bigint[], ?::timestamptz[]) as d(id, deleted_at)
            on conflict (shop_id, id) do update
                set deleted_at = greatest(t.deleted_at, excluded.deleted_at), %2$s
                where t.deleted_at is not null or t.updated_at is null or t.updated_at <= excluded.deleted_at
            returning t.id
            """;

    private static final String UPSERT_CUSTOMERS = """
            insert into customers as t (shop_id, id, first_name, last_name, email, phone, state, created_at,
                    updated_at, last_seen_at, raw)
            select ?, u.id, u.first_name, u.last_name, u.email, u.phone, u.state, u.created_at, u.updated_at, ?,
                   '{}'::jsonb
            from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                        ?::timestamptz[])
                 as u(id, first_name, last_name, email, phone, state, created_at, updated_at)
            on conflict (shop_id, id) do update set
                first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email,
                phone = excluded.phone, state = excluded.state, created_at = excluded.created_at,
                updated_at = excluded.updated_at, deleted_at = null, last_seen_at = excluded.last_seen_at
            where excluded.updated_at >= coalesce(t.updated_at, '-infinity'::timestamptz)
              and (t.deleted_at is null or excluded.updated_at > t.deleted_at)
            returning t.id
            """;

    private static final String UPSERT_PRODUCTS = """
            insert into products as t (shop_id, id, title, handle, vendor, product_type, status, created_at,
                    updated_at, last_seen_at, raw)
            select ?, u.id, u.title, u.handle, u.vendor, u.product_type, u.status, u.created_at, u.updated_at, ?,
                   '{}'::jsonb
            from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                        ?::timestamptz[])
                 as u(id, title, handle, vendor, product_type, status, created_at, updated_at)
            on conflict (shop_id, id) do update set
                title = excluded.title, handle = excluded.handle, vendor = excluded.vendor,
                product_type = excluded.product_type, status = excluded.status, created_at = excluded.created_at,
                updated_at = excluded.updated_at, deleted_at = null, last_seen_at = excluded.last_seen_at
            where excluded.updated_at >= coalesce(t.updated_at, '-infinity'::timestamptz)
              and (t.deleted_at is null or excluded.updated_at > t.deleted_at)
            returning t.id
            """;

    private final DataSource dataSource;
    private final String schema;
    private final String applicationRole;

    SinkTables(DataSource dataSource) {
        this(dataSource, "shopify_ingest", "shopify_ingest_app");
    }

    SinkTables(DataSource dataSource, String schema, String applicationRole) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.applicationRole = applicationRole;
    }

    /** Registers a shop (as the store's registry does) and returns its id. */
    long registerShop(String domain, String timeZone, String currency) {
        return inRegistry(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into shops (domain, name, currency_code, time_zone, installed_at, created_at, updated_at)
                    values (?, ?, ?, ?, now(), now(), now())
                    returning shop_id""")) {
                statement.setString(1, domain);
                statement.setString(2, domain);
                statement.setString(3, currency);
                statement.setString(4, timeZone);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Records a shop's new time zone, as the registry's {@code updateDetails} does. */
    void setTimeZone(long shopId, String timeZone) {
        inRegistry(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "update shops set time_zone = ?, updated_at = now() where shop_id = ?")) {
                statement.setString(1, timeZone);
                statement.setLong(2, shopId);
                statement.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Upserts one batch of orders with the sink's time rule; the children of every version stored
     * are replaced; versions that lose are only touched. Returns the ids stored.
     */
    Set<Long> upsertOrders(long shopId, List<Order> batch, Instant now) {
        List<Order> versions = new ArrayList<>(batch);
        versions.sort(Comparator.comparingLong(Order::id));
        return inTenant(shopId, connection -> {
            Set<Long> stored = new HashSet<>();
            List<Long> replaced = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(UPSERT_ORDERS)) {
                int i = 1;
                statement.setLong(i++, shopId);
                statement.setTimestamp(i++, Timestamp.from(now));
                statement.setArray(i++, array(connection, "bigint", versions, Order::id));
                statement.setArray(i++, array(connection, "text", versions, Order::name));
                statement.setArray(i++, array(connection, "bigint", versions, Order::customerId));
                statement.setArray(i++, array(connection, "text", versions, Order::email));
                statement.setArray(i++, times(connection, versions, Order::createdAt));
                statement.setArray(i++, times(connection, versions, Order::processedAt));
                statement.setArray(i++, times(connection, versions, Order::updatedAt));
                statement.setArray(i++, times(connection, versions, Order::cancelledAt));
                statement.setArray(i++, times(connection, versions, Order::closedAt));
                statement.setArray(i++, array(connection, "boolean", versions, Order::test));
                statement.setArray(i++, array(connection, "text", versions, Order::financialStatus));
                statement.setArray(i++, array(connection, "text", versions, Order::fulfillmentStatus));
                statement.setArray(i++, array(connection, "text", versions, Order::currencyCode));
                statement.setArray(i++, array(connection, "numeric", versions, Order::subtotal));
                statement.setArray(i++, array(connection, "numeric", versions, Order::totalDiscounts));
                statement.setArray(i++, array(connection, "numeric", versions, Order::totalShipping));
                statement.setArray(i++, array(connection, "numeric", versions, Order::totalTax));
                statement.setArray(i++, array(connection, "numeric", versions, Order::totalPrice));
                statement.setArray(i++, array(connection, "numeric", versions, Order::currentTotalPrice));
                statement.setArray(i++, array(connection, "numeric", versions, Order::totalRefunded));
                statement.setArray(i++, array(connection, "numeric", versions, Order::netPayment));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getLong(1));
                        if (!rs.getBoolean(2)) {
                            replaced.add(rs.getLong(1));
                        }
                    }
                }
            }
            deleteChildren(connection, shopId, replaced);
            List<Order> winners = versions.stream().filter(o -> stored.contains(o.id())).toList();
            insertChildren(connection, shopId, winners);
            List<Long> losers = versions.stream().map(Order::id).filter(id -> !stored.contains(id)).toList();
            if (!losers.isEmpty()) {
                try (PreparedStatement statement = connection.prepareStatement("""
                        update orders set last_seen_at = ?
                        where shop_id = ? and id = any(?::bigint[]) and last_seen_at < ?""")) {
                    statement.setTimestamp(1, Timestamp.from(now));
                    statement.setLong(2, shopId);
                    statement.setArray(3, connection.createArrayOf("bigint", losers.toArray()));
                    statement.setTimestamp(4, Timestamp.from(now));
                    statement.executeUpdate();
                }
            }
            return stored;
        });
    }

    /** Records deletions of orders as tombstones and removes the deleted orders' children. */
    Set<Long> deleteOrders(long shopId, Map<Long, Instant> deletions, Instant now) {
        return inTenant(shopId, connection -> {
            Set<Long> deleted = tombstones(connection, "orders", "email = null, raw = null", shopId, deletions, now);
            deleteChildren(connection, shopId, new ArrayList<>(deleted));
            return deleted;
        });
    }

    /** Upserts one batch of customers with the sink's time rule. */
    void upsertCustomers(long shopId, List<Customer> batch, Instant now) {
        List<Customer> versions = new ArrayList<>(batch);
        versions.sort(Comparator.comparingLong(Customer::id));
        inTenant(shopId, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(UPSERT_CUSTOMERS)) {
                int i = 1;
                statement.setLong(i++, shopId);
                statement.setTimestamp(i++, Timestamp.from(now));
                statement.setArray(i++, array(connection, "bigint", versions, Customer::id));
                statement.setArray(i++, array(connection, "text", versions, Customer::firstName));
                statement.setArray(i++, array(connection, "text", versions, Customer::lastName));
                statement.setArray(i++, array(connection, "text", versions, Customer::email));
                statement.setArray(i++, array(connection, "text", versions, Customer::phone));
                statement.setArray(i++, array(connection, "text", versions, Customer::state));
                statement.setArray(i++, times(connection, versions, Customer::createdAt));
                statement.setArray(i++, times(connection, versions, Customer::updatedAt));
                statement.executeQuery().close();
            }
            return null;
        });
    }

    /** Records deletions of customers as tombstones. */
    Set<Long> deleteCustomers(long shopId, Map<Long, Instant> deletions, Instant now) {
        return inTenant(shopId, connection -> tombstones(connection, "customers",
                "first_name = null, last_name = null, email = null, phone = null, raw = null", shopId, deletions, now));
    }

    /** Upserts one batch of products (their variants are not needed by insights). */
    void upsertProducts(long shopId, List<Product> batch, Instant now) {
        List<Product> versions = new ArrayList<>(batch);
        versions.sort(Comparator.comparingLong(Product::id));
        inTenant(shopId, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(UPSERT_PRODUCTS)) {
                int i = 1;
                statement.setLong(i++, shopId);
                statement.setTimestamp(i++, Timestamp.from(now));
                statement.setArray(i++, array(connection, "bigint", versions, Product::id));
                statement.setArray(i++, array(connection, "text", versions, Product::title));
                statement.setArray(i++, array(connection, "text", versions, Product::handle));
                statement.setArray(i++, array(connection, "text", versions, Product::vendor));
                statement.setArray(i++, array(connection, "text", versions, Product::productType));
                statement.setArray(i++, array(connection, "text", versions, Product::status));
                statement.setArray(i++, times(connection, versions, Product::createdAt));
                statement.setArray(i++, times(connection, versions, Product::updatedAt));
                statement.executeQuery().close();
            }
            return null;
        });
    }

    private Set<Long> tombstones(Connection connection, String table, String clear, long shopId,
            Map<Long, Instant> deletions, Instant now) throws SQLException {
        List<Map.Entry<Long, Instant>> sorted = new ArrayList<>(deletions.entrySet());
        sorted.sort(Map.Entry.comparingByKey());
        Set<Long> deleted = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(TOMBSTONES.formatted(table, clear))) {
            statement.setLong(1, shopId);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setArray(3, array(connection, "bigint", sorted, Map.Entry::getKey));
            statement.setArray(4, times(connection, sorted, Map.Entry::getValue));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    deleted.add(rs.getLong(1));
                }
            }
        }
        return deleted;
    }

    private static void deleteChildren(Connection connection, long shopId, List<Long> orderIds) throws SQLException {
        if (orderIds.isEmpty()) {
            return;
        }
        for (String child : List.of("order_line_items", "refunds")) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "delete from " + child + " where shop_id = ? and order_id = any(?::bigint[])")) {
                statement.setLong(1, shopId);
                statement.setArray(2, connection.createArrayOf("bigint", orderIds.toArray()));
                statement.executeUpdate();
            }
        }
    }

    private record LineRow(long orderId, int index, LineItem line) {
    }

    private record RefundRow(long orderId, int index, Refund refund) {
    }

    private static void insertChildren(Connection connection, long shopId, List<Order> orders) throws SQLException {
        List<LineRow> lines = new ArrayList<>();
        List<RefundRow> refunds = new ArrayList<>();
        for (Order order : orders) {
            for (int i = 0; i < order.lineItems().size(); i++) {
                lines.add(new LineRow(order.id(), i, order.lineItems().get(i)));
            }
            for (int i = 0; i < order.refunds().size(); i++) {
                refunds.add(new RefundRow(order.id(), i, order.refunds().get(i)));
            }
        }
        if (!lines.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_LINE_ITEMS)) {
                int i = 1;
                statement.setLong(i++, shopId);
                statement.setArray(i++, array(connection, "bigint", lines, LineRow::orderId));
                statement.setArray(i++, array(connection, "bigint", lines, r -> r.line().id()));
                statement.setArray(i++, array(connection, "int", lines, LineRow::index));
                statement.setArray(i++, array(connection, "bigint", lines, r -> r.line().productId()));
                statement.setArray(i++, array(connection, "bigint", lines, r -> r.line().variantId()));
                statement.setArray(i++, array(connection, "text", lines, r -> r.line().title()));
                statement.setArray(i++, array(connection, "text", lines, r -> r.line().variantTitle()));
                statement.setArray(i++, array(connection, "text", lines, r -> r.line().sku()));
                statement.setArray(i++, array(connection, "int", lines, r -> r.line().quantity()));
                statement.setArray(i++, array(connection, "int", lines, r -> r.line().currentQuantity()));
                statement.setArray(i++, array(connection, "numeric", lines, r -> r.line().originalUnitPrice()));
                statement.setArray(i++, array(connection, "numeric", lines, r -> r.line().discountedTotal()));
                statement.setArray(i++, array(connection, "numeric", lines, r -> r.line().totalDiscount()));
                statement.executeUpdate();
            }
        }
        if (!refunds.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_REFUNDS)) {
                int i = 1;
                statement.setLong(i++, shopId);
                statement.setArray(i++, array(connection, "bigint", refunds, RefundRow::orderId));
                statement.setArray(i++, array(connection, "bigint", refunds, r -> r.refund().id()));
                statement.setArray(i++, array(connection, "int", refunds, RefundRow::index));
                statement.setArray(i++, times(connection, refunds, r -> r.refund().createdAt()));
                statement.setArray(i++, array(connection, "numeric", refunds, r -> r.refund().amount()));
                statement.setArray(i++, array(connection, "text", refunds, r -> r.refund().note()));
                statement.executeUpdate();
            }
        }
    }

    private static <T> Array array(Connection connection, String type, List<T> rows, Function<T, Object> column)
            throws SQLException {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = column.apply(rows.get(i));
            values[i] = value instanceof BigDecimal decimal ? decimal.toPlainString() : value;
        }
        return connection.createArrayOf(type, values);
    }

    private static <T> Array times(Connection connection, List<T> rows, Function<T, Instant> column)
            throws SQLException {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            Instant value = column.apply(rows.get(i));
            values[i] = value == null ? null : value.toString();
        }
        return connection.createArrayOf("timestamptz", values);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTenant(long shopId, Work<T> work) {
        return inTransaction("set local role " + applicationRole + "; set local search_path = " + schema
                + "; set local shopify_ingest.scope = ''; set local shopify_ingest.shop_id = '" + shopId + "'", work);
    }

    private <T> T inRegistry(Work<T> work) {
        return inTransaction("set local role " + applicationRole + "; set local search_path = " + schema
                + "; set local shopify_ingest.scope = 'registry'", work);
    }

    private <T> T inTransaction(String prelude, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(prelude);
                }
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Writing the store's tables failed: " + e.getMessage(), e);
        }
    }
}
