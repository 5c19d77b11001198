package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.webhook.WebhookChange;
import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.core.webhook.WebhookPayloads;
import dev.shopifyingest.core.webhook.WebhookTopic;
import dev.shopifyingest.jdbc.internal.ChangeSet;
import dev.shopifyingest.jdbc.internal.Database;
import dev.shopifyingest.jdbc.internal.Entities;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies pending inbox deliveries to the store. Safe to run on any number of threads and
 * instances at once: deliveries are claimed with {@code FOR UPDATE SKIP LOCKED}, an equal share
 * for every shop that has some due (oldest first within a shop, so one shop's flood of webhooks
 * does not hold back another's), applied and
 * marked done in the transaction that claimed them (up to {@value #GROUP} per transaction), so
 * each is applied exactly once. Consecutive entity deliveries of a group are written together
 * (a few statements per shop, not per delivery); when that fails, and for every other topic,
 * each delivery is applied behind its own savepoint, so one failing delivery does not undo the
 * others. A delivery that fails is kept
 * with its error and attempt count and retried after an exponential backoff; none is dropped.
 *
 * <p>What each topic does:
 * <ul>
 *   <li>create, update and delete topics of customers, products and orders: stored with the
 *       store's monotonic rules (an older version never overwrites a newer one);
 *   <li>{@code customers/redact}: {@link TenantStore#redactCustomer};
 *   <li>{@code customers/data_request}: {@link TenantStore#customerData}, handed to the
 *       {@link DataRequestHandler} (without one, the delivery fails and waits, so the obligation is
 *       not lost);
 *   <li>{@code shop/redact}: {@link ShopRegistry#erase} (everything of the shop, the delivery too);
 *   <li>{@code app/uninstalled}: {@link ShopRegistry#markUninstalled};
 *   <li>other topics: handed to the {@link TopicHandler} if one is set, otherwise marked done.
 * </ul>
 *
 * <p>Applied deliveries lose their body (the data now lives in the tables, where
 * {@code customers/redact} can reach it); the row stays for deduplication until
 * {@link WebhookInbox#purgeDone}.
 */
public final class WebhookProcessor {

    private static final Logger log = LoggerFactory.getLogger(WebhookProcessor.class);
    private static final int MAX_ERROR_LENGTH = 2_000;
    /**
     * Deliveries applied in one transaction: one commit (one WAL flush) for many small webhooks,
     * while a crash redoes at most this many idempotent applications.
     */
    static final int GROUP = 200;

    /**
     * Shops with due deliveries, in id order after {@code :after} up to {@code :until}, found by
     * skipping from one shop to the next in the due-deliveries index.
     */
    private static final String DUE_SHOPS = """
            with recursive due(shop_id) as (
                (select shop_id from webhook_inbox
                 where status = 'PENDING' and next_attempt_at <= :now and shop_id > :after and shop_id <= :until
                 order by shop_id limit 1)
                union all
                select (select i.shop_id from webhook_inbox i
                        where i.status = 'PENDING' and i.next_attempt_at <= :now and i.shop_id > due.shop_id
                          and i.shop_id <= :until
                        order by i.shop_id limit 1)
                from due where due.shop_id is not null
            )
            select shop_id from due where shop_id is not null limit :shops""";

    /** Each shop's share of due deliveries, oldest first within the shop, locked for this transaction. */
    private static final String CLAIM = """
            select i.shop_id, s.domain, i.webhook_id, i.topic, i.event_id, i.triggered_at, i.api_version,
                   i.sub_topic, i.name, i.body, i.attempts
            from unnest(:shops::bigint[], :quotas::int[]) as d(shop_id, quota)
            cross join lateral (
                select w.* from webhook_inbox w
                where w.shop_id = d.shop_id and w.status = 'PENDING' and w.next_attempt_at <= :now
                order by w.next_attempt_at, w.received_at
                limit d.quota
                for update skip locked) as i
            join shops s on s.shop_id = i.shop_id
            order by i.next_attempt_at, i.received_at""";

    private static final String DONE = """
            update webhook_inbox set status = 'DONE', attempts = attempts + 1, processed_at = :now, body = null,
                   last_error = null
            where shop_id = :shop and webhook_id = any(:ids)""";

    private static final String FAILED = """
            update webhook_inbox set attempts = attempts + 1, last_error = :error, next_attempt_at = :next
            where shop_id = :shop and webhook_id = :id""";

    /** The customer and order ids of a compliance payload, read by PostgreSQL's JSON functions. */
    private static final String COMPLIANCE_IDS = """
            select (b -> 'customer' ->> 'id')::bigint as customer_id,
                   array(select e::bigint
                         from jsonb_array_elements_text(coalesce(b -> 'orders_to_redact', b -> 'orders_requested',
                                                                 '[]'::jsonb)) as e) as orders,
                   b -> 'data_request' ->> 'id' as request_id
            from (select convert_from(:body, 'UTF8')::jsonb as b) as payload""";

    private enum Outcome { APPLIED, IGNORED, FAILED }

    private record Claimed(long shopId, WebhookDelivery delivery, int attempts) {
    }

    /** A claimed delivery whose payload is an entity upsert or deletion. */
    private record EntityDelivery(Claimed claimed, WebhookChange change) {
    }

    private final Database database;
    private final Entities entities;
    private final String channel;
    private final DataRequestHandler dataRequests;
    private final TopicHandler otherTopics;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    /** The last shop served when the previous claim had more shops than room; 0 to start at the first. */
    private final AtomicLong rotation = new AtomicLong();

    private WebhookProcessor(Builder builder) {
        this.database = builder.database;
        this.entities = builder.entities;
        this.channel = builder.channel;
        this.dataRequests = builder.dataRequests;
        this.otherTopics = builder.otherTopics;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
    }

    /**
     * Applies due deliveries, up to {@value #GROUP} per transaction, until none is due or
     * {@code maxDeliveries} were taken up.
     *
     * @param maxDeliveries at most this many (at least 1)
     * @return what was done
     */
    public ProcessingResult processPending(int maxDeliveries) {
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("maxDeliveries must be at least 1");
        }
        int[] counts = new int[Outcome.values().length];
        int taken = 0;
        while (taken < maxDeliveries) {
            Group group = processGroup(Math.min(GROUP, maxDeliveries - taken));
            for (Outcome outcome : group.outcomes()) {
                counts[outcome.ordinal()]++;
            }
            taken += group.outcomes().size();
            if (!group.moreDue()) {
                break;
            }
        }
        return new ProcessingResult(counts[Outcome.APPLIED.ordinal()], counts[Outcome.IGNORED.ordinal()],
                counts[Outcome.FAILED.ordinal()]);
    }

    /** What a group did, and whether its claim suggests more deliveries are due. */
    private record Group(List<Outcome> outcomes, boolean moreDue) {
    }

    /** The deliveries a claim locked, and whether some shop had more than its share. */
    private record Claim(List<Claimed> deliveries, boolean moreDue) {
    }

    private Group processGroup(int limit) {
        return database.inRegistry("processing the webhook inbox", handle -> {
            Instant now = database.clock().instant();
            Claim claim = claim(handle, now, limit);
            List<Claimed> group = claim.deliveries();
            // The shops' write locks first, in ascending order: the group then never waits for a
            // sync batch while holding entity rows that batch needs.
            group.stream().mapToLong(Claimed::shopId).distinct().sorted()
                    .forEach(shopId -> database.lockShopWrites(handle, shopId));
            List<Outcome> outcomes = new ArrayList<>(group.size());
            List<EntityDelivery> run = new ArrayList<>();
            for (Claimed claimed : group) {
                WebhookChange change = entityChangeOf(claimed.delivery());
                if (change != null) {
                    run.add(new EntityDelivery(claimed, change));
                    continue;
                }
                // Anything else (compliance, uninstall, other topics, unreadable bodies) is applied
                // alone, after the entity changes that arrived before it.
                outcomes.addAll(applyRun(handle, run, now));
                run.clear();
                outcomes.add(processClaimed(handle, claimed, now));
            }
            outcomes.addAll(applyRun(handle, run, now));
            return new Group(outcomes, claim.moreDue());
        });
    }

    /**
     * Claims up to {@code limit} due deliveries, shared between the shops that have some (an
     * equal share each, oldest first within a shop), so one shop's flood of webhooks does not hold
     * back another shop's. When more shops have due deliveries than fit in one group, the next
     * claim starts after the last shop served.
     */
    private Claim claim(Handle handle, Instant now, int limit) {
        long after = rotation.get();
        List<Long> shops = dueShops(handle, now, after, Long.MAX_VALUE, limit);
        if (shops.size() < limit && after > 0) {
            shops.addAll(dueShops(handle, now, 0, after, limit - shops.size()));
        }
        rotation.set(shops.size() < limit ? 0 : shops.getLast());
        if (shops.isEmpty()) {
            return new Claim(List.of(), false);
        }
        int[] quotas = shares(shops.size(), limit);
        List<Claimed> claimed = handle.createQuery(CLAIM)
                .bindArray("shops", Long.class, shops)
                .bindArray("quotas", Integer.class, java.util.Arrays.stream(quotas).boxed().toList())
                .bind("now", ShopRegistry.utc(now))
                .map((rs, ctx) -> claimed(rs))
                .list();
        Map<Long, Integer> taken = new HashMap<>();
        claimed.forEach(c -> taken.merge(c.shopId(), 1, Integer::sum));
        boolean moreDue = false;
        for (int i = 0; i < shops.size() && !moreDue; i++) {
            moreDue = taken.getOrDefault(shops.get(i), 0) == quotas[i];
        }
        return new Claim(claimed, moreDue || shops.size() == limit);
    }

    private static List<Long> dueShops(Handle handle, Instant now, long after, long until, int shops) {
        return new ArrayList<>(handle.createQuery(DUE_SHOPS)
                .bind("now", ShopRegistry.utc(now))
                .bind("after", after)
                .bind("until", until)
                .bind("shops", shops)
                .mapTo(Long.class)
                .list());
    }

    /**
     * Splits {@code limit} into {@code shops} equal shares, the first ones one larger when it does
     * not divide evenly.
     *
     * @param shops how many shops (1 to {@code limit})
     * @param limit the group's size
     * @return each shop's share; they add up to {@code limit}
     */
    static int[] shares(int shops, int limit) {
        int[] shares = new int[shops];
        for (int i = 0; i < shops; i++) {
            shares[i] = limit / shops + (i < limit % shops ? 1 : 0);
        }
        return shares;
    }

    /**
     * The entity upsert or deletion a delivery carries, or null when it must be applied on its
     * own: a topic with its own handling, no entity change, or a body that cannot be read (whose
     * failure {@link #processClaimed} records).
     */
    private static WebhookChange entityChangeOf(WebhookDelivery delivery) {
        if (!(delivery.topic() instanceof WebhookTopic.Known topic)) {
            return null;
        }
        switch (topic) {
            case CUSTOMERS_REDACT, CUSTOMERS_DATA_REQUEST, SHOP_REDACT, APP_UNINSTALLED -> {
                return null;
            }
            default -> {
                try {
                    WebhookChange change = WebhookPayloads.changeOf(delivery);
                    return change instanceof WebhookChange.NoEntityChange ? null : change;
                } catch (RuntimeException unreadable) {
                    return null;
                }
            }
        }
    }

    /**
     * Applies consecutive entity deliveries together: per shop, one {@link Entities#write} of all
     * their versions and deletions (the store's time rule makes the result the same as applying
     * them one by one in any order) and one update marking them done, so a burst of webhooks
     * costs a few statements per group instead of a few per delivery. If that fails, they are
     * applied one by one, so only the delivery at fault is kept as failed.
     */
    private List<Outcome> applyRun(Handle handle, List<EntityDelivery> run, Instant now) throws SQLException {
        if (run.isEmpty()) {
            return List.of();
        }
        if (run.size() > 1) {
            Connection connection = handle.getConnection();
            Savepoint savepoint = connection.setSavepoint();
            try {
                ChangeSet changes = new ChangeSet();
                Map<Long, List<EntityDelivery>> byShop = new TreeMap<>();
                run.forEach(entry -> byShop.computeIfAbsent(entry.claimed().shopId(), id -> new ArrayList<>()).add(entry));
                for (var shop : byShop.entrySet()) {
                    writeAll(handle, shop.getKey(), shop.getValue(), now, changes);
                }
                changes.notify(connection, channel);
                connection.releaseSavepoint(savepoint);
                return Collections.nCopies(run.size(), Outcome.APPLIED);
            } catch (RuntimeException | SQLException e) {
                connection.rollback(savepoint);
                log.debug("{} webhook deliveries could not be applied together ({}); applying them one by one",
                        run.size(), e.getClass().getSimpleName());
            }
        }
        List<Outcome> outcomes = new ArrayList<>(run.size());
        for (EntityDelivery entry : run) {
            outcomes.add(processClaimed(handle, entry.claimed(), now));
        }
        return outcomes;
    }

    private void writeAll(Handle handle, long shopId, List<EntityDelivery> deliveries, Instant now,
            ChangeSet changes) throws SQLException {
        database.actAs(handle, shopId);
        List<Entity> upserts = new ArrayList<>();
        List<Deletion> deletions = new ArrayList<>();
        for (EntityDelivery entry : deliveries) {
            switch (entry.change()) {
                case WebhookChange.Upsert upsert -> upserts.add(upsert.entity());
                case WebhookChange.Delete delete -> deletions.add(delete.deletion());
                case WebhookChange.NoEntityChange none -> throw new IllegalStateException("not an entity change");
            }
        }
        entities.write(handle.getConnection(), shopId, upserts, deletions, now, changes);
        markDone(handle, shopId, deliveries.stream().map(e -> e.claimed().delivery().webhookId()).toList(), now);
    }

    /** Marks applied deliveries of one shop done, dropping their bodies. */
    private static void markDone(Handle handle, long shopId, List<String> webhookIds, Instant now) {
        handle.createUpdate(DONE)
                .bind("now", ShopRegistry.utc(now))
                .bind("shop", shopId)
                .bindArray("ids", String.class, webhookIds)
                .execute();
    }

    private Outcome processClaimed(Handle handle, Claimed claimed, Instant now) throws SQLException {
        long shopId = claimed.shopId();
        WebhookDelivery delivery = claimed.delivery();
        database.actAs(handle, shopId);
        Connection connection = handle.getConnection();
        Savepoint savepoint = connection.setSavepoint();
        try {
            ChangeSet changes = new ChangeSet();
            Outcome outcome = apply(handle, shopId, delivery, now, changes);
            markDone(handle, shopId, List.of(delivery.webhookId()), now);
            changes.notify(connection, channel);
            connection.releaseSavepoint(savepoint);
            return outcome;
        } catch (RuntimeException | SQLException e) {
            connection.rollback(savepoint);
            int attempt = claimed.attempts() + 1;
            Instant next = now.plus(backoff(attempt));
            handle.createUpdate(FAILED)
                    .bind("error", describe(e))
                    .bind("next", ShopRegistry.utc(next))
                    .bind("shop", shopId)
                    .bind("id", delivery.webhookId())
                    .execute();
            log.warn("Webhook {} ({}) for {} failed on attempt {} ({}); retrying after {}", delivery.webhookId(),
                    delivery.topic().wireName(), delivery.shopDomain(), attempt, e.getClass().getSimpleName(),
                    next);
            return Outcome.FAILED;
        }
    }

    private Outcome apply(Handle handle, long shopId, WebhookDelivery delivery, Instant now, ChangeSet changes)
            throws SQLException {
        WebhookTopic.Known topic = delivery.topic().requireKnown();
        switch (topic) {
            case CUSTOMERS_REDACT -> {
                Map<String, Object> ids = complianceIds(handle, delivery);
                CustomerRedaction redaction = Compliance.redact(handle, shopId, (Long) ids.get("customer"),
                        longs(ids.get("orders")), now, changes);
                log.info("Redacted customer {} of {} ({} orders)", redaction.customerId(), delivery.shopDomain(),
                        redaction.ordersRedacted());
                return Outcome.APPLIED;
            }
            case CUSTOMERS_DATA_REQUEST -> {
                Map<String, Object> ids = complianceIds(handle, delivery);
                long customerId = (Long) ids.get("customer");
                List<Long> orders = longs(ids.get("orders"));
                String json = Compliance.customerData(handle, shopId, customerId, orders);
                CustomerDataRequest request = new CustomerDataRequest(shopId, delivery.shopDomain(), customerId,
                        orders, (String) ids.get("request"), json);
                Compliance.keepDataRequest(handle, delivery.webhookId(), request, now);
                if (dataRequests != null) {
                    dataRequests.handle(request);
                }
                log.info("Kept the data request {} for customer {} of {} ({} orders requested)",
                        request.dataRequestId(), customerId, delivery.shopDomain(), orders.size());
                return Outcome.APPLIED;
            }
            case SHOP_REDACT -> {
                ShopRegistry.eraseShop(handle, shopId);
                changes.shop(shopId, ChangeEvent.Kind.SHOP_ERASED);
                log.info("Erased shop {} (tenant {}) on shop/redact", delivery.shopDomain(), shopId);
                return Outcome.APPLIED;
            }
            case APP_UNINSTALLED -> {
                ShopRegistry.uninstall(handle, shopId, now);
                changes.shop(shopId, ChangeEvent.Kind.SHOP_UPDATED);
                log.info("Shop {} uninstalled the app; tokens erased", delivery.shopDomain());
                return Outcome.APPLIED;
            }
            default -> {
                WebhookChange change = WebhookPayloads.changeOf(delivery);
                switch (change) {
                    case WebhookChange.Upsert upsert -> entities.write(handle.getConnection(), shopId,
                            List.of(upsert.entity()), List.of(), now, changes);
                    case WebhookChange.Delete delete -> entities.write(handle.getConnection(), shopId, List.of(),
                            List.<Deletion>of(delete.deletion()), now, changes);
                    case WebhookChange.NoEntityChange none -> {
                        if (otherTopics == null) {
                            log.debug("Webhook {} ({}) for {} needs nothing from the store", delivery.webhookId(),
                                    topic.wireName(), delivery.shopDomain());
                            return Outcome.IGNORED;
                        }
                        otherTopics.handle(shopId, delivery);
                    }
                }
                return Outcome.APPLIED;
            }
        }
    }

    private static Map<String, Object> complianceIds(Handle handle, WebhookDelivery delivery) {
        return handle.createQuery(COMPLIANCE_IDS)
                .bind("body", delivery.body())
                .map((rs, ctx) -> {
                    Map<String, Object> ids = new HashMap<>();
                    long customer = rs.getLong("customer_id");
                    if (rs.wasNull()) {
                        throw new IllegalArgumentException("The " + delivery.topic().wireName() + " payload of webhook "
                                + delivery.webhookId() + " has no customer.id");
                    }
                    ids.put("customer", customer);
                    ids.put("orders", List.of((Long[]) rs.getArray("orders").getArray()));
                    ids.put("request", rs.getString("request_id"));
                    return ids;
                })
                .one();
    }

    @SuppressWarnings("unchecked")
    private static List<Long> longs(Object value) {
        return (List<Long>) value;
    }

    private Duration backoff(int attempt) {
        Duration delay = initialBackoff;
        for (int i = 1; i < attempt && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    private static String describe(Exception e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }

    private static Claimed claimed(ResultSet rs) throws SQLException {
        WebhookDelivery delivery = new WebhookDelivery(WebhookTopic.of(rs.getString("topic")),
                new ShopDomain(rs.getString("domain")), rs.getString("webhook_id"), rs.getString("event_id"),
                ShopRegistry.instant(rs, "triggered_at"), rs.getString("api_version"), rs.getString("sub_topic"),
                rs.getString("name"), "", rs.getBytes("body"));
        return new Claimed(rs.getLong("shop_id"), delivery, rs.getInt("attempts"));
    }

    /**
     * Describes the configuration.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "WebhookProcessor[dataRequests=" + (dataRequests != null) + ", otherTopics=" + (otherTopics != null)
                + ", backoff=" + initialBackoff + ".." + maxBackoff + "]";
    }

    /** Configures a {@link WebhookProcessor}; obtain it from {@link WebhookInbox#processor()}. */
    public static final class Builder {
        private final Database database;
        private final Entities entities;
        private final String channel;
        private DataRequestHandler dataRequests;
        private TopicHandler otherTopics;
        private Duration initialBackoff = Duration.ofSeconds(10);
        private Duration maxBackoff = Duration.ofHours(1);

        Builder(Database database, Entities entities, String channel) {
            this.database = database;
            this.entities = entities;
            this.channel = channel;
        }

        /**
         * Who hands {@code customers/data_request} data to the merchant, besides the store keeping
         * it ({@link TenantStore#dataRequests()}). Without one the export is only kept. If the
         * handler throws, nothing is kept and the delivery is retried later.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder dataRequests(DataRequestHandler handler) {
            this.dataRequests = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Who acts on topics that change no stored entity (e.g. start a sync on
         * {@code bulk_operations/finish}). Without one, they are marked done.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder otherTopics(TopicHandler handler) {
            this.otherTopics = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * How long a failed delivery waits before its next attempt: {@code initial}, doubling with
         * each further failure, never more than {@code max}.
         *
         * @param initial the first wait; default 10 seconds
         * @param max the longest wait; default 1 hour
         * @return this builder
         */
        public Builder retryBackoff(Duration initial, Duration max) {
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("The backoff needs 0 <= initial <= max");
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Builds the processor.
         *
         * @return the processor
         */
        public WebhookProcessor build() {
            return new WebhookProcessor(this);
        }
    }
}
