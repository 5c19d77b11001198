package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.core.webhook.WebhookDeliveryException;
import dev.shopifyingest.jdbc.internal.Database;
import dev.shopifyingest.jdbc.internal.Entities;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook inbox: verified deliveries are stored first and applied later, so a webhook endpoint
 * answers Shopify quickly and nothing is lost when applying fails. Obtain it from
 * {@link PostgresStore#inbox()}.
 *
 * <pre>{@code
 * // in the webhook endpoint, after WebhookVerifier accepted the HMAC:
 * store.inbox().receive(delivery);            // STORED or DUPLICATE; answer 200 either way
 *
 * // in a background job on any number of instances:
 * WebhookProcessor processor = store.inbox().processor().dataRequests(mailer::send).build();
 * processor.processPending(100);
 * }</pre>
 *
 * <p>Deliveries are keyed by shop and webhook id: Shopify's retries of one delivery are stored once.
 */
public final class WebhookInbox {

    private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

    private static final String INSERT = """
            insert into webhook_inbox (shop_id, webhook_id, topic, event_id, triggered_at, api_version, sub_topic,
                    name, body, received_at, next_attempt_at)
            values (:shop, :webhookId, :topic, :eventId, :triggeredAt, :apiVersion, :subTopic, :name, :body, :now, :now)
            on conflict (shop_id, webhook_id) do nothing""";

    // The first of two equal webhook ids in one statement is inserted, the second skipped: ON
    // CONFLICT DO NOTHING also applies to rows inserted earlier by the same statement.
    private static final String INSERT_ALL = """
            insert into webhook_inbox (shop_id, received_at, next_attempt_at, webhook_id, topic, event_id,
                    triggered_at, api_version, sub_topic, name, body)
            select ?, r.now, r.now, d.webhook_id, d.topic, d.event_id, d.triggered_at::timestamptz, d.api_version,
                   d.sub_topic, d.name, d.body
            from (select ?::timestamptz as now) r,
                 unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[])
                     with ordinality as d(webhook_id, topic, event_id, triggered_at, api_version, sub_topic, name,
                                          body, position)
            order by d.position
            on conflict (shop_id, webhook_id) do nothing
            returning webhook_id""";

    private static final String ENTRY_COLUMNS = """
            shop_id, webhook_id, topic, event_id, triggered_at, received_at, status, attempts, last_error,
            next_attempt_at, processed_at""";

    private final Database database;
    private final Entities entities;
    private final String channel;

    WebhookInbox(Database database, Entities entities, String channel) {
        this.database = database;
        this.entities = entities;
        this.channel = channel;
    }

    /**
     * Stores a verified delivery for processing, once. Verify its HMAC with core's
     * {@code WebhookVerifier} first: the inbox trusts what it is given.
     *
     * @param delivery the verified delivery
     * @return {@link InboxReceipt#STORED}, or {@link InboxReceipt#DUPLICATE} for a delivery stored before
     * @throws WebhookDeliveryException if the topic is unknown, or the signed body names another shop
     *     than the {@code X-Shopify-Shop-Domain} header (a replay under another shop's name)
     * @throws ShopNotFoundException if the shop is not registered (for example already erased by
     *     {@code shop/redact}); answer 200 anyway, there is nothing to store
     */
    public InboxReceipt receive(WebhookDelivery delivery) {
        Objects.requireNonNull(delivery, "delivery");
        delivery.topic().requireKnown();
        delivery.checkShopAgainstBody();
        InboxReceipt receipt = database.inRegistry("storing webhook " + delivery.webhookId(), handle -> {
            long shopId = handle.createQuery("select shop_id from shops where domain = :domain")
                    .bind("domain", delivery.shopDomain().value())
                    .mapTo(Long.class)
                    .findOne()
                    .orElseThrow(() -> new ShopNotFoundException("Webhook " + delivery.webhookId() + " ("
                            + delivery.topic().wireName() + ") is for shop " + delivery.shopDomain()
                            + ", which is not registered; it was not stored."));
            database.actAs(handle, shopId);
            int inserted = handle.createUpdate(INSERT)
                    .bind("shop", shopId)
                    .bind("webhookId", delivery.webhookId())
                    .bind("topic", delivery.topic().wireName())
                    .bind("eventId", delivery.eventId())
                    .bind("triggeredAt", ShopRegistry.utc(delivery.triggeredAt()))
                    .bind("apiVersion", delivery.apiVersion())
                    .bind("subTopic", delivery.subTopic())
                    .bind("name", delivery.name())
                    .bind("body", delivery.body())
                    .bind("now", ShopRegistry.utc(database.clock().instant()))
                    .execute();
            return inserted == 1 ? InboxReceipt.STORED : InboxReceipt.DUPLICATE;
        });
        log.debug("Webhook {} ({}) for {}: {}", delivery.webhookId(), delivery.topic().wireName(),
                delivery.shopDomain(), receipt);
        return receipt;
    }

    /**
     * Stores several verified deliveries in one transaction, so that one commit (one WAL flush)
     * makes them all durable: what a webhook endpoint that groups concurrent requests uses. The
     * same rules as {@link #receive} hold for each delivery; a delivery listed twice (a retry
     * arriving with its original) is stored once, the first in the list.
     *
     * @param deliveries verified deliveries, of any shops
     * @return one receipt per delivery, in order: {@link InboxReceipt#STORED},
     *     {@link InboxReceipt#DUPLICATE}, or {@link InboxReceipt#SHOP_NOT_REGISTERED} where
     *     {@link #receive} would throw {@link ShopNotFoundException}
     * @throws WebhookDeliveryException if any topic is unknown or any signed body names another
     *     shop than its header; nothing is stored then
     */
    public List<InboxReceipt> receiveAll(List<WebhookDelivery> deliveries) {
        List<WebhookDelivery> all = List.copyOf(deliveries);
        for (WebhookDelivery delivery : all) {
            delivery.topic().requireKnown();
            delivery.checkShopAgainstBody();
        }
        if (all.isEmpty()) {
            return List.of();
        }
        InboxReceipt[] receipts = new InboxReceipt[all.size()];
        database.inRegistry("storing " + all.size() + " webhooks", handle -> {
            Connection connection = handle.getConnection();
            Map<String, Long> shopIds = new HashMap<>();
            try (PreparedStatement find = connection.prepareStatement(
                    "select domain, shop_id from shops where domain = any (?::text[])")) {
                find.setArray(1, connection.createArrayOf("text",
                        all.stream().map(d -> d.shopDomain().value()).distinct().toArray()));
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        shopIds.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            Map<Long, List<Integer>> byShop = new LinkedHashMap<>();
            for (int i = 0; i < all.size(); i++) {
                Long shopId = shopIds.get(all.get(i).shopDomain().value());
                if (shopId == null) {
                    receipts[i] = InboxReceipt.SHOP_NOT_REGISTERED;
                } else {
                    byShop.computeIfAbsent(shopId, id -> new ArrayList<>()).add(i);
                }
            }
            OffsetDateTime now = ShopRegistry.utc(database.clock().instant());
            for (Map.Entry<Long, List<Integer>> shop : byShop.entrySet()) {
                database.actAs(handle, shop.getKey());
                Set<String> inserted = insertAll(connection, shop.getKey(), shop.getValue().stream().map(all::get)
                        .toList(), now);
                for (int i : shop.getValue()) {
                    receipts[i] = inserted.remove(all.get(i).webhookId()) ? InboxReceipt.STORED : InboxReceipt.DUPLICATE;
                }
            }
            return null;
        });
        log.debug("Stored {} webhooks in one transaction", all.size());
        return List.of(receipts);
    }

    private static Set<String> insertAll(Connection connection, long shopId, List<WebhookDelivery> deliveries,
            OffsetDateTime now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ALL)) {
            insert.setLong(1, shopId);
            insert.setObject(2, now);
            insert.setArray(3, texts(connection, deliveries, WebhookDelivery::webhookId));
            insert.setArray(4, texts(connection, deliveries, d -> d.topic().wireName()));
            insert.setArray(5, texts(connection, deliveries, WebhookDelivery::eventId));
            insert.setArray(6, texts(connection, deliveries,
                    d -> d.triggeredAt() == null ? null : d.triggeredAt().toString()));
            insert.setArray(7, texts(connection, deliveries, WebhookDelivery::apiVersion));
            insert.setArray(8, texts(connection, deliveries, WebhookDelivery::subTopic));
            insert.setArray(9, texts(connection, deliveries, WebhookDelivery::name));
            insert.setArray(10, connection.createArrayOf("bytea",
                    deliveries.stream().map(WebhookDelivery::body).toArray(byte[][]::new)));
            Set<String> inserted = new HashSet<>();
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
            return inserted;
        }
    }

    private static java.sql.Array texts(Connection connection, List<WebhookDelivery> deliveries,
            Function<WebhookDelivery, String> field) throws SQLException {
        return connection.createArrayOf("text", deliveries.stream().map(field).toArray());
    }

    /**
     * Starts configuring a processor that applies pending deliveries to the store.
     *
     * @return a builder
     */
    public WebhookProcessor.Builder processor() {
        return new WebhookProcessor.Builder(database, entities, channel);
    }

    /**
     * Deliveries of every shop that are not applied yet, oldest first, failing ones included.
     *
     * @param limit at most this many
     * @return the entries
     */
    public List<InboxEntry> pending(int limit) {
        return database.inRegistry("listing pending webhooks", handle -> handle
                .createQuery("select " + ENTRY_COLUMNS + " from webhook_inbox where status = 'PENDING'"
                        + " order by received_at, shop_id, webhook_id limit :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> entry(rs))
                .list());
    }

    /**
     * Deliveries whose processing failed and that wait for a retry, oldest first.
     *
     * @param limit at most this many
     * @return the entries, with their errors and attempt counts
     */
    public List<InboxEntry> failing(int limit) {
        return database.inRegistry("listing failing webhooks", handle -> handle
                .createQuery("select " + ENTRY_COLUMNS + " from webhook_inbox where status = 'PENDING'"
                        + " and last_error is not null order by received_at, shop_id, webhook_id limit :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> entry(rs))
                .list());
    }

    /**
     * The processors' backlog across every shop, in one query served by the pending-deliveries index.
     *
     * @return the counts and the age of the oldest pending delivery
     */
    public InboxBacklog backlog() {
        return database.inRegistry("measuring the webhook backlog", handle -> handle
                .createQuery("select count(*) as pending, count(*) filter (where last_error is not null) as failing,"
                        + " min(received_at) as oldest from webhook_inbox where status = 'PENDING'")
                .map((rs, ctx) -> new InboxBacklog(rs.getLong("pending"), rs.getLong("failing"),
                        ShopRegistry.instant(rs, "oldest")))
                .one());
    }

    /**
     * One stored delivery.
     *
     * @param shopId the shop
     * @param webhookId the delivery id
     * @return the entry, if stored
     */
    public java.util.Optional<InboxEntry> find(long shopId, String webhookId) {
        return database.inTenant(shopId, "reading a webhook of shop " + shopId, handle -> handle
                .createQuery("select " + ENTRY_COLUMNS + " from webhook_inbox where shop_id = :shop"
                        + " and webhook_id = :id")
                .bind("shop", shopId)
                .bind("id", webhookId)
                .map((rs, ctx) -> entry(rs))
                .findOne());
    }

    /**
     * Deletes applied deliveries received before {@code cutoff} (their bodies are already gone;
     * this trims the deduplication record too, so keep it well beyond Shopify's 48-hour retries).
     *
     * @param cutoff the receipt time before which applied deliveries go
     * @return how many were deleted
     */
    public int purgeDone(java.time.Instant cutoff) {
        return database.inRegistry("purging applied webhooks", handle -> handle
                .createUpdate("delete from webhook_inbox where status = 'DONE' and received_at < :cutoff")
                .bind("cutoff", ShopRegistry.utc(cutoff))
                .execute());
    }

    private static InboxEntry entry(ResultSet rs) throws SQLException {
        return new InboxEntry(rs.getLong("shop_id"), rs.getString("webhook_id"), rs.getString("topic"),
                rs.getString("event_id"), ShopRegistry.instant(rs, "triggered_at"),
                ShopRegistry.instant(rs, "received_at"), "DONE".equals(rs.getString("status")),
                rs.getInt("attempts"), rs.getString("last_error"), ShopRegistry.instant(rs, "next_attempt_at"),
                ShopRegistry.instant(rs, "processed_at"));
    }

    /**
     * Names the schema.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "WebhookInbox[schema=" + database.schema() + "]";
    }
}
