package dev.shopifyingest.jdbc.examples;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.core.webhook.WebhookDeliveryException;
import dev.shopifyingest.core.webhook.WebhookVerifier;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.ShopNotFoundException;
import dev.shopifyingest.jdbc.WebhookProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The jdbc guide's "Process webhooks through the inbox", as code that compiles and runs (see
 * {@code ExamplesTest}). The app's own reactions, {@link #notifyMerchant} and
 * {@link #scheduleIncrementalSync}, only record what they were asked to do.
 */
final class WebhookInboxExample {

    private final List<String> merchantNotices = new CopyOnWriteArrayList<>();
    private final List<Long> syncsScheduled = new CopyOnWriteArrayList<>();

    /** The body of a webhook endpoint, framework aside: returns the HTTP status to answer. */
    // tag::receive[]
    static int receive(Map<String, String> headers, byte[] rawBody, WebhookVerifier verifier, PostgresStore store) {
        try {
            WebhookDelivery delivery = WebhookDelivery.parse(headers, rawBody);
            if (!verifier.verify(delivery)) {
                return 401;
            }
            store.inbox().receive(delivery);   // STORED, or DUPLICATE for a Shopify retry: 200 in both cases
        } catch (WebhookDeliveryException e) {
            return 400;                        // malformed, an unknown topic, or a body naming another shop
        } catch (ShopNotFoundException e) {
            // not registered (any more, e.g. after shop/redact): nothing to store, answer 200
        }
        return 200;
    }
    // end::receive[]

    /** Starts applying stored deliveries every second on the scheduler; returns the processor. */
    WebhookProcessor startProcessing(PostgresStore store, ScheduledExecutorService scheduler) {
        // tag::process[]
        WebhookProcessor processor = store.inbox().processor()
                .dataRequests(request -> notifyMerchant(request.shop(), request.customerId()))  // optional
                .otherTopics((shopId, d) -> scheduleIncrementalSync(shopId))            // refunds/create, bulk finish, ...
                .retryBackoff(Duration.ofSeconds(10), Duration.ofHours(1))
                .build();

        scheduler.scheduleWithFixedDelay(() -> processor.processPending(500), 0, 1, TimeUnit.SECONDS);
        // end::process[]
        return processor;
    }

    /** Tells the merchant a customer's data is ready to hand over (here: only recorded). */
    void notifyMerchant(ShopDomain shop, long customerId) {
        merchantNotices.add(shop.value() + " customer " + customerId);
    }

    /** Asks for an incremental sync of the shop soon (here: only recorded). */
    void scheduleIncrementalSync(long shopId) {
        syncsScheduled.add(shopId);
    }

    List<String> merchantNotices() {
        return List.copyOf(merchantNotices);
    }

    List<Long> syncsScheduled() {
        return List.copyOf(syncsScheduled);
    }
}
