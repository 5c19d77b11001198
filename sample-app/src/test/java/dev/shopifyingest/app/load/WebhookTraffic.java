package dev.shopifyingest.app.load;

import dev.shopifyingest.app.RawHttp;
import dev.shopifyingest.app.webhooks.Webhooks;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Signed {@code orders/create} deliveries for one shop, as Shopify sends them, with a share of
 * retries (the same {@code X-Shopify-Webhook-Id} and the same bytes as an earlier delivery), and
 * the bookkeeping to prove afterwards that nothing was lost or doubled.
 *
 * <p>Delivery {@code k} carries webhook id {@code {run}:{k}} and a new order with id
 * {@code firstOrderId + k}; a retry re-sends a delivery already started (it may still be in
 * flight, as a retry after a timeout can be). The answer to every delivery must be 200
 * {@code stored} or {@code duplicate}, and each accepted delivery must be answered
 * {@code stored} exactly once.
 */
final class WebhookTraffic implements LoadDriver.Traffic {

    private final URI server;
    private final String shopDomain;
    private final String secret;
    private final String run;
    private final long firstOrderId;
    private final double retryShare;
    private final List<Long> customerIds;
    private final Instant processedAt;
    private final AtomicLong fresh = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong duplicateAnswers = new AtomicLong();
    private final AtomicLong extraStoredAnswers = new AtomicLong();
    private final Set<Long> stored = ConcurrentHashMap.newKeySet();
    private final Set<Long> accepted = ConcurrentHashMap.newKeySet();
    private final SplittableRandom seeds;

    /**
     * Traffic for one shop.
     *
     * @param server       the app's base URL
     * @param shopDomain   the shop's {@code *.myshopify.com} domain
     * @param secret       the app's client secret, which signs deliveries
     * @param run          a prefix making this traffic's webhook ids unique in the database
     * @param firstOrderId the id of the first order created; this traffic uses the ids above it
     * @param retryShare   the share of requests that re-send an earlier delivery (0.1 for 10 %)
     * @param customerIds  the customers the orders belong to (existing ones make the dashboards move)
     * @param processedAt  when the orders were placed
     */
    WebhookTraffic(URI server, String shopDomain, String secret, String run, long firstOrderId, double retryShare,
            List<Long> customerIds, Instant processedAt) {
        this.server = server;
        this.shopDomain = shopDomain;
        this.secret = secret;
        this.run = run;
        this.firstOrderId = firstOrderId;
        this.retryShare = retryShare;
        this.customerIds = List.copyOf(customerIds);
        this.processedAt = processedAt;
        this.seeds = new SplittableRandom(run.hashCode());
    }

    @Override
    public LoadDriver.Call next() {
        double draw;
        synchronized (seeds) {
            draw = seeds.nextDouble();
        }
        long started = fresh.get();
        long k;
        if (started > 0 && draw < retryShare) {
            k = (long) (draw / retryShare * started);
            retries.incrementAndGet();
        } else {
            k = fresh.getAndIncrement();
        }
        return call(k);
    }

    /** The request of delivery {@code k} and the bookkeeping of its answer. */
    LoadDriver.Call call(long k) {
        byte[] body = body(k);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Shopify-Topic", "orders/create");
        headers.put("X-Shopify-Shop-Domain", shopDomain);
        headers.put("X-Shopify-Webhook-Id", webhookId(k));
        headers.put("X-Shopify-Event-Id", "event-" + webhookId(k));
        headers.put("X-Shopify-Triggered-At", processedAt.toString());
        headers.put("X-Shopify-API-Version", "2026-10");
        headers.put("X-Shopify-Hmac-Sha256", Webhooks.sign(body, secret));
        return new LoadDriver.Call(RawHttp.request("POST", server, "/webhooks/shopify", headers, body),
                response -> judge(k, response));
    }

    private boolean judge(long k, RawHttp.Response response) {
        if (response.status() != 200) {
            return false;
        }
        if (response.body().contains("\"stored\"")) {
            accepted.add(k);
            if (!stored.add(k)) {
                extraStoredAnswers.incrementAndGet();
            }
            return true;
        }
        if (response.body().contains("\"duplicate\"")) {
            accepted.add(k);
            duplicateAnswers.incrementAndGet();
            return true;
        }
        return false;
    }

    /** The webhook id of delivery {@code k}. */
    String webhookId(long k) {
        return run + ":" + k;
    }

    /** The order id delivery {@code k} creates. */
    long orderId(long k) {
        return firstOrderId + k;
    }

    /** How many distinct deliveries were started. */
    long distinct() {
        return fresh.get();
    }

    /**
     * The body of delivery {@code k}: an {@code orders/create} payload of about 2 KB, the same
     * bytes every time it is sent.
     */
    byte[] body(long k) {
        long id = orderId(k);
        long customer = customerIds.get((int) (k % customerIds.size()));
        int lines = 1 + (int) (k % 3);
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            items.append(i > 1 ? "," : "").append("""
                    {"id":%d,"admin_graphql_api_id":"gid://shopify/LineItem/%d","product_id":null,"variant_id":null,\
                    "title":"Load test item %d","name":"Load test item %d","sku":"LOAD-%d","vendor":"Benchmark",\
                    "quantity":%d,"price":"19.90","price_set":{"shop_money":{"amount":"19.90","currency_code":"USD"},\
                    "presentment_money":{"amount":"19.90","currency_code":"USD"}},"total_discount":"0.00",\
                    "requires_shipping":true,"taxable":true,"fulfillable_quantity":%d,"gift_card":false}"""
                    .formatted(id * 10 + i, id * 10 + i, i, i, i, i, i));
        }
        String total = String.format(java.util.Locale.ROOT, "%.2f", 19.90 * lines * (lines + 1) / 2);
        String at = processedAt.toString();
        return """
                {"id":%d,"admin_graphql_api_id":"gid://shopify/Order/%d","name":"#L%d","order_number":%d,\
                "email":"load-%d@example.com","created_at":"%s","processed_at":"%s","updated_at":"%s",\
                "currency":"USD","presentment_currency":"USD","subtotal_price":"%s","total_discounts":"0.00",\
                "total_tax":"0.00","total_price":"%s","current_total_price":"%s","financial_status":"paid",\
                "fulfillment_status":null,"confirmed":true,"test":false,"cancelled_at":null,"cancel_reason":null,\
                "tags":"","note":null,"source_name":"web","customer":{"id":%d,"email":"load-%d@example.com"},\
                "billing_address":{"first_name":"Load","last_name":"Test","address1":"1 Bench St","city":"Ottawa",\
                "province":"Ontario","country":"Canada","zip":"K1A 0B1","country_code":"CA","province_code":"ON"},\
                "shipping_address":{"first_name":"Load","last_name":"Test","address1":"1 Bench St","city":"Ottawa",\
                "province":"Ontario","country":"Canada","zip":"K1A 0B1","country_code":"CA","province_code":"ON"},\
                "line_items":[%s],"refunds":[],"shipping_lines":[],"discount_codes":[]}"""
                .formatted(id, id, k, k, customer, at, at, at, total, total, total, customer, customer, items)
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What the database holds of this traffic, compared with what the server answered.
     *
     * @param distinct         distinct deliveries started
     * @param retries          requests that re-sent an earlier delivery
     * @param accepted         distinct deliveries answered 200 stored or duplicate
     * @param storedAnswers    distinct deliveries answered {@code stored}
     * @param extraStored      answers {@code stored} beyond the first for one delivery (must be 0)
     * @param duplicateAnswers answers {@code duplicate}
     * @param inboxRows        inbox rows of this traffic
     * @param applied          inbox rows applied ({@code DONE})
     * @param orders           orders of this traffic in the store
     * @param missing          the first few accepted webhook ids without an inbox row or order
     */
    record Bookkeeping(long distinct, long retries, long accepted, long storedAnswers, long extraStored,
                       long duplicateAnswers, long inboxRows, long applied, long orders, List<String> missing) {

        /** Zero loss and nothing doubled: every accepted delivery is one inbox row, applied to one order. */
        boolean holds() {
            return extraStored == 0 && storedAnswers == accepted && inboxRows == accepted && applied == accepted
                    && orders == accepted && missing.isEmpty();
        }

        /** One line for the report. */
        String line() {
            return String.format(java.util.Locale.ROOT, "deliveries %,d distinct + %,d retries; accepted %,d;"
                    + " answered stored %,d (extra %d), duplicate %,d; inbox rows %,d, applied %,d; orders %,d%s",
                    distinct, retries, accepted, storedAnswers, extraStored, duplicateAnswers, inboxRows, applied,
                    orders, missing.isEmpty() ? "" : "; missing " + missing);
        }
    }

    /**
     * Waits until every inbox row of this traffic is applied (or the deadline passes), then
     * compares the database with the answers. Reads as the owner of the schema (no row-level
     * security).
     *
     * @param dataSource the app's database, as its owner
     * @param shopId     the shop
     * @param deadline   how long the webhook worker may take to apply the backlog
     * @return the comparison
     */
    Bookkeeping check(DataSource dataSource, long shopId, Duration deadline) throws SQLException, InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        long[] inbox = inboxCounts(dataSource, shopId);
        while (inbox[1] < inbox[0] && System.nanoTime() < until) {
            Thread.sleep(200); // polling the database with a deadline: the worker signals nobody outside the app
            inbox = inboxCounts(dataSource, shopId);
        }
        long orders;
        List<String> missing = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement count = connection.prepareStatement(
                    "select count(*) from shopify_ingest.orders where shop_id = ? and id >= ? and id < ?")) {
                count.setLong(1, shopId);
                count.setLong(2, firstOrderId);
                count.setLong(3, firstOrderId + fresh.get());
                orders = single(count);
            }
            List<Long> keys = List.copyOf(accepted);
            try (PreparedStatement find = connection.prepareStatement("""
                    select w.id from unnest(?::text[], ?::bigint[]) as w(id, order_id)
                    where not exists (select 1 from shopify_ingest.webhook_inbox i
                                      where i.shop_id = ? and i.webhook_id = w.id)
                       or not exists (select 1 from shopify_ingest.orders o where o.shop_id = ? and o.id = w.order_id)
                    limit 5""")) {
                find.setArray(1, connection.createArrayOf("text", keys.stream().map(this::webhookId).toArray()));
                find.setArray(2, connection.createArrayOf("bigint", keys.stream().map(this::orderId).toArray()));
                find.setLong(3, shopId);
                find.setLong(4, shopId);
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        missing.add(rs.getString(1));
                    }
                }
            }
        }
        return new Bookkeeping(fresh.get(), retries.get(), accepted.size(), stored.size(), extraStoredAnswers.get(),
                duplicateAnswers.get(), inbox[0], inbox[1], orders, List.copyOf(missing));
    }

    /** Inbox rows of this traffic, and how many of them are applied. */
    private long[] inboxCounts(DataSource dataSource, long shopId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("""
                     select count(*), count(*) filter (where status = 'DONE') from shopify_ingest.webhook_inbox
                     where shop_id = ? and webhook_id like ?""")) {
            count.setLong(1, shopId);
            count.setString(2, run + ":%");
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static long single(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
