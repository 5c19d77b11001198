package dev.shopifyingest.jdbc;

import dev.shopifyingest.jdbc.internal.ChangeSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The privacy-compliance operations, inside a tenant transaction: erasing a customer's personal
 * data ({@code customers/redact}) and exporting everything stored about a customer
 * ({@code customers/data_request}).
 */
final class Compliance {

    private Compliance() {
    }

    /**
     * Erases the customer's name, e-mail, phone, tags and raw node, and the e-mail, raw node and
     * refund notes of their orders, keeping the anonymised amounts so analytics stay right. The rows
     * are marked redacted: a version that arrives later (a sync, a delayed webhook) updates them but
     * never brings the personal data back. A customer not stored yet gets a redacted tombstone for
     * the same reason.
     */
    static CustomerRedaction redact(Handle handle, long shopId, long customerId, Collection<Long> orderIds,
                                    Instant now, ChangeSet changes) throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        int customers = handle.createUpdate("""
                        insert into customers as t (shop_id, id, deleted_at, last_seen_at, redacted_at)
                        values (:shop, :customer, :now, :now, :now)
                        on conflict (shop_id, id) do update set
                            first_name = null, last_name = null, email = null, phone = null, tags = '{}', raw = null,
                            redacted_at = excluded.redacted_at""")
                .bind("shop", shopId)
                .bind("customer", customerId)
                .bind("now", at)
                .execute();
        List<Long> orders = handle.createQuery("""
                        update orders set email = null, raw = null, redacted_at = :now
                        where shop_id = :shop and (customer_id = :customer or id = any(:orders))
                        returning id""")
                .bind("shop", shopId)
                .bind("customer", customerId)
                .bindArray("orders", Long.class, List.copyOf(orderIds))
                .bind("now", at)
                .mapTo(Long.class)
                .list();
        int refunds = handle.createUpdate("""
                        update refunds set note = null
                        where shop_id = :shop and order_id = any(:orders) and note is not null""")
                .bind("shop", shopId)
                .bindArray("orders", Long.class, orders)
                .execute();
        handle.createUpdate("delete from customer_data_requests where shop_id = :shop and customer_id = :customer")
                .bind("shop", shopId)
                .bind("customer", customerId)
                .execute();
        changes.add(shopId, dev.shopifyingest.core.model.EntityType.CUSTOMER, ChangeEvent.Kind.REDACTED,
                new long[] {customerId});
        changes.add(shopId, dev.shopifyingest.core.model.EntityType.ORDER, ChangeEvent.Kind.REDACTED,
                orders.stream().mapToLong(Long::longValue).toArray());
        return new CustomerRedaction(customerId, customers > 0, orders.size(), refunds);
    }

    /**
     * Everything stored about a customer as one JSON document: the customer row (also when deleted
     * or redacted), and their orders (those with their customer id and those listed) with line items
     * and refunds, each with every stored column.
     */
    static String customerData(Handle handle, long shopId, long customerId, Collection<Long> orderIds) {
        return handle.createQuery("""
                        select jsonb_build_object(
                            'shop', (select s.domain from shops s where s.shop_id = :shop),
                            'customer_id', :customer,
                            'customer', (select to_jsonb(c) - 'shop_id' from customers c
                                         where c.shop_id = :shop and c.id = :customer),
                            'orders', coalesce((
                                select jsonb_agg(to_jsonb(o) - 'shop_id'
                                        || jsonb_build_object(
                                            'line_items', coalesce((
                                                select jsonb_agg(to_jsonb(l) - 'shop_id' - 'order_id' order by l.list_index)
                                                from order_line_items l
                                                where l.shop_id = o.shop_id and l.order_id = o.id), '[]'::jsonb),
                                            'refunds', coalesce((
                                                select jsonb_agg(to_jsonb(r) - 'shop_id' - 'order_id' order by r.list_index)
                                                from refunds r
                                                where r.shop_id = o.shop_id and r.order_id = o.id), '[]'::jsonb))
                                        order by o.id)
                                from orders o
                                where o.shop_id = :shop and (o.customer_id = :customer or o.id = any(:orders))),
                                '[]'::jsonb)
                        )::text""")
                .bind("shop", shopId)
                .bind("customer", customerId)
                .bindArray("orders", Long.class, List.copyOf(orderIds))
                .mapTo(String.class)
                .one();
    }

    /**
     * Keeps a data request's export for the merchant; a redelivery of the same delivery keeps the
     * first.
     */
    static void keepDataRequest(Handle handle, String webhookId, CustomerDataRequest request, Instant now) {
        handle.createUpdate("""
                        insert into customer_data_requests
                            (shop_id, webhook_id, data_request_id, customer_id, orders_requested, export, received_at)
                        values (:shop, :webhook, :request, :customer, :orders, cast(:export as jsonb), :now)
                        on conflict (shop_id, webhook_id) do nothing""")
                .bind("shop", request.shopId())
                .bind("webhook", webhookId)
                .bind("request", request.dataRequestId())
                .bind("customer", request.customerId())
                .bindArray("orders", Long.class, request.ordersRequested())
                .bind("export", request.json())
                .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .execute();
    }

    /** The shop's kept data requests, newest first. */
    static List<StoredDataRequest> dataRequests(Handle handle, long shopId) {
        return handle.createQuery("""
                        select webhook_id, data_request_id, customer_id, orders_requested, received_at
                        from customer_data_requests where shop_id = :shop
                        order by received_at desc, webhook_id""")
                .bind("shop", shopId)
                .map((rs, ctx) -> new StoredDataRequest(rs.getString("webhook_id"), rs.getString("data_request_id"),
                        rs.getLong("customer_id"), List.of((Long[]) rs.getArray("orders_requested").getArray()),
                        rs.getObject("received_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** The export of one kept data request, as stored. */
    static Optional<String> dataRequestExport(Handle handle, long shopId, String webhookId) {
        return handle.createQuery("""
                        select export::text from customer_data_requests
                        where shop_id = :shop and webhook_id = :webhook""")
                .bind("shop", shopId)
                .bind("webhook", webhookId)
                .mapTo(String.class)
                .findOne();
    }
}
