package dev.shopifyingest.jdbc.internal;

import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Refund;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Orders: {@code orders} with {@code order_line_items} and {@code refunds}. */
final class OrderRows extends EntityRows<Order> {

    /** The buyer's e-mail and the raw node of a redacted order stay erased whatever version arrives. */
    private static final String UPSERT = """
            insert into orders as t (shop_id, id, name, customer_id, email, created_at, processed_at, updated_at,
                    cancelled_at, closed_at, test, financial_status, fulfillment_status, currency_code, subtotal,
                    total_discounts, total_shipping, total_tax, total_price, current_total_price, total_refunded,
                    net_payment, last_seen_at, raw)
            select ?, u.id, u.name, u.customer_id, u.email, u.created_at::timestamptz, u.processed_at::timestamptz,
                   u.updated_at::timestamptz, u.cancelled_at::timestamptz, u.closed_at::timestamptz, u.test,
                   u.financial_status, u.fulfillment_status, u.currency_code, u.subtotal::numeric,
                   u.total_discounts::numeric, u.total_shipping::numeric, u.total_tax::numeric, u.total_price::numeric,
                   u.current_total_price::numeric, u.total_refunded::numeric, u.net_payment::numeric, ?, u.raw::jsonb
            from unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 as u(id, name, customer_id, email, created_at, processed_at, updated_at, cancelled_at, closed_at,
                      test, financial_status, fulfillment_status, currency_code, subtotal, total_discounts,
                      total_shipping, total_tax, total_price, current_total_price, total_refunded, net_payment, raw)
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
            returning t.id, (t.xmax = 0) as inserted
            """;

    private static final String INSERT_LINE_ITEMS = """
            insert into order_line_items (shop_id, order_id, id, list_index, product_id, variant_id, title,
                    variant_title, sku, quantity, current_quantity, original_unit_price, discounted_total,
                    total_discount)
            select ?, u.order_id, u.id, u.list_index, u.product_id, u.variant_id, u.title, u.variant_title, u.sku,
                   u.quantity, u.current_quantity, u.original_unit_price::numeric, u.discounted_total::numeric,
                   u.total_discount::numeric
            from unnest(?::bigint[], ?::bigint[], ?::int[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                        ?::int[], ?::int[], ?::text[], ?::text[], ?::text[])
                 as u(order_id, id, list_index, product_id, variant_id, title, variant_title, sku, quantity,
                      current_quantity, original_unit_price, discounted_total, total_discount)
            on conflict (shop_id, order_id, id) do nothing
            """;

    private static final String INSERT_REFUNDS = """
            insert into refunds (shop_id, order_id, id, list_index, created_at, amount, note)
            select ?, u.order_id, u.id, u.list_index, u.created_at::timestamptz, u.amount::numeric, u.note
            from unnest(?::bigint[], ?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[])
                 as u(order_id, id, list_index, created_at, amount, note)
            on conflict (shop_id, order_id, id) do nothing
            """;

    private static final String SELECT_LINE_ITEMS = """
            select l.order_id, l.id, l.product_id, l.variant_id, l.title, l.variant_title, l.sku, l.quantity,
                   l.current_quantity, l.original_unit_price, l.discounted_total, l.total_discount
            from order_line_items l
            where l.shop_id = ? and l.order_id = any(?::bigint[])
            order by l.order_id, l.list_index""";

    private static final String SELECT_REFUNDS = """
            select r.order_id, r.id, r.created_at, r.amount, r.note
            from refunds r
            where r.shop_id = ? and r.order_id = any(?::bigint[])
            order by r.order_id, r.list_index""";

    static final String COLUMNS = """
            t.id, t.name, t.customer_id, t.email, t.created_at, t.processed_at, t.updated_at, t.cancelled_at,
            t.closed_at, t.test, t.financial_status, t.fulfillment_status, t.currency_code, t.subtotal,
            t.total_discounts, t.total_shipping, t.total_tax, t.total_price, t.current_total_price, t.total_refunded,
            t.net_payment, t.raw::text as raw""";

    private record LineRow(long orderId, int index, LineItem line) {
    }

    private record RefundRow(long orderId, int index, Refund refund) {
    }

    OrderRows() {
        super(EntityType.ORDER, "orders", List.of("order_line_items", "refunds"), "email = null, raw = null");
    }

    @Override
    String parentColumn() {
        return "order_id";
    }

    @Override
    String upsertSql() {
        return UPSERT;
    }

    @Override
    void bindUpsert(Params params, long shopId, List<Order> rows, Instant now) throws SQLException {
        params.bigint(shopId).instant(now)
                .bigints(rows, Order::id)
                .texts(rows, Order::name)
                .nullableBigints(rows, Order::customerId)
                .texts(rows, Order::email)
                .instants(rows, Order::createdAt)
                .instants(rows, Order::processedAt)
                .instants(rows, Order::updatedAt)
                .instants(rows, Order::cancelledAt)
                .instants(rows, Order::closedAt)
                .booleans(rows, Order::test)
                .texts(rows, Order::financialStatus)
                .texts(rows, Order::fulfillmentStatus)
                .texts(rows, Order::currencyCode)
                .decimals(rows, Order::subtotal)
                .decimals(rows, Order::totalDiscounts)
                .decimals(rows, Order::totalShipping)
                .decimals(rows, Order::totalTax)
                .decimals(rows, Order::totalPrice)
                .decimals(rows, Order::currentTotalPrice)
                .decimals(rows, Order::totalRefunded)
                .decimals(rows, Order::netPayment)
                .texts(rows, Order::rawJson);
    }

    @Override
    void insertChildren(Connection connection, long shopId, List<Order> parents) throws SQLException {
        List<LineRow> lines = new ArrayList<>();
        List<RefundRow> refunds = new ArrayList<>();
        for (Order order : parents) {
            for (int i = 0; i < order.lineItems().size(); i++) {
                lines.add(new LineRow(order.id(), i, order.lineItems().get(i)));
            }
            for (int i = 0; i < order.refunds().size(); i++) {
                refunds.add(new RefundRow(order.id(), i, order.refunds().get(i)));
            }
        }
        if (!lines.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_LINE_ITEMS)) {
                new Params(connection, statement).bigint(shopId)
                        .bigints(lines, LineRow::orderId)
                        .bigints(lines, r -> r.line().id())
                        .ints(lines, LineRow::index)
                        .nullableBigints(lines, r -> r.line().productId())
                        .nullableBigints(lines, r -> r.line().variantId())
                        .texts(lines, r -> r.line().title())
                        .texts(lines, r -> r.line().variantTitle())
                        .texts(lines, r -> r.line().sku())
                        .ints(lines, r -> r.line().quantity())
                        .ints(lines, r -> r.line().currentQuantity())
                        .decimals(lines, r -> r.line().originalUnitPrice())
                        .decimals(lines, r -> r.line().discountedTotal())
                        .decimals(lines, r -> r.line().totalDiscount());
                statement.executeUpdate();
            }
        }
        if (!refunds.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_REFUNDS)) {
                new Params(connection, statement).bigint(shopId)
                        .bigints(refunds, RefundRow::orderId)
                        .bigints(refunds, r -> r.refund().id())
                        .ints(refunds, RefundRow::index)
                        .instants(refunds, r -> r.refund().createdAt())
                        .decimals(refunds, r -> r.refund().amount())
                        .texts(refunds, r -> r.refund().note());
                statement.executeUpdate();
            }
        }
    }

    @Override
    List<Order> select(Connection connection, long shopId, String condition, long argument, int limit)
            throws SQLException {
        String sql = "select " + COLUMNS + " from orders t where t.shop_id = ? and t.deleted_at is null and "
                + condition + " order by t.id limit ?";
        List<Order> parents = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, shopId);
            statement.setLong(2, argument);
            statement.setInt(3, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    parents.add(map(rs, List.of(), List.of()));
                }
            }
        }
        return withChildren(connection, shopId, parents);
    }

    /** Orders of one customer, by id (for data requests and redaction). */
    List<Order> byCustomer(Connection connection, long shopId, long customerId) throws SQLException {
        String sql = "select " + COLUMNS + " from orders t where t.shop_id = ? and t.deleted_at is null"
                + " and t.customer_id = ? order by t.id";
        List<Order> parents = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, shopId);
            statement.setLong(2, customerId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    parents.add(map(rs, List.of(), List.of()));
                }
            }
        }
        return withChildren(connection, shopId, parents);
    }

    private List<Order> withChildren(Connection connection, long shopId, List<Order> parents) throws SQLException {
        if (parents.isEmpty()) {
            return parents;
        }
        long[] ids = parents.stream().mapToLong(Order::id).toArray();
        Map<Long, List<LineItem>> lines = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(SELECT_LINE_ITEMS)) {
            new Params(connection, statement).bigint(shopId).bigints(ids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    lines.computeIfAbsent(rs.getLong("order_id"), k -> new ArrayList<>()).add(new LineItem(
                            rs.getLong("id"), Params.nullableLong(rs, "product_id"),
                            Params.nullableLong(rs, "variant_id"), rs.getString("title"),
                            rs.getString("variant_title"), rs.getString("sku"), rs.getInt("quantity"),
                            rs.getInt("current_quantity"), rs.getBigDecimal("original_unit_price"),
                            rs.getBigDecimal("discounted_total"), rs.getBigDecimal("total_discount")));
                }
            }
        }
        Map<Long, List<Refund>> refunds = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(SELECT_REFUNDS)) {
            new Params(connection, statement).bigint(shopId).bigints(ids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    refunds.computeIfAbsent(rs.getLong("order_id"), k -> new ArrayList<>()).add(new Refund(
                            rs.getLong("id"), Params.instant(rs, "created_at"), rs.getBigDecimal("amount"),
                            rs.getString("note")));
                }
            }
        }
        List<Order> out = new ArrayList<>(parents.size());
        for (Order o : parents) {
            out.add(new Order(o.id(), o.name(), o.customerId(), o.email(), o.createdAt(), o.processedAt(),
                    o.updatedAt(), o.cancelledAt(), o.closedAt(), o.test(), o.financialStatus(),
                    o.fulfillmentStatus(), o.currencyCode(), o.subtotal(), o.totalDiscounts(), o.totalShipping(),
                    o.totalTax(), o.totalPrice(), o.currentTotalPrice(), o.totalRefunded(), o.netPayment(),
                    lines.getOrDefault(o.id(), List.of()), refunds.getOrDefault(o.id(), List.of()), o.rawJson()));
        }
        return out;
    }

    private static Order map(ResultSet rs, List<LineItem> lines, List<Refund> refunds) throws SQLException {
        return new Order(rs.getLong("id"), rs.getString("name"), Params.nullableLong(rs, "customer_id"),
                rs.getString("email"), Params.instant(rs, "created_at"), Params.instant(rs, "processed_at"),
                Params.instant(rs, "updated_at"), Params.instant(rs, "cancelled_at"),
                Params.instant(rs, "closed_at"), rs.getBoolean("test"), rs.getString("financial_status"),
                rs.getString("fulfillment_status"), rs.getString("currency_code"), decimal(rs, "subtotal"),
                decimal(rs, "total_discounts"), decimal(rs, "total_shipping"), decimal(rs, "total_tax"),
                decimal(rs, "total_price"), decimal(rs, "current_total_price"), decimal(rs, "total_refunded"),
                decimal(rs, "net_payment"), lines, refunds, CustomerRows.rawOrEmpty(rs));
    }

    private static BigDecimal decimal(ResultSet rs, String column) throws SQLException {
        return rs.getBigDecimal(column);
    }
}
