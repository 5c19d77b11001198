package dev.shopifyingest.testkit.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * How the fake delivers webhooks: Shopify's retry schedule and timeouts, or a compressed schedule
 * for tests. Derive variants with the {@code with…} methods.
 *
 * @param retries retries after a failed first attempt (Shopify: 8, over about 4 hours)
 * @param firstRetryDelay the wait before the first retry; each later retry waits twice as long
 *        as the one before (Shopify-like default: 1 min, so the 8th retry comes about 4¼ h after the event)
 * @param connectTimeout how long a connection may take (Shopify: 1 s)
 * @param requestTimeout how long the whole request may take (Shopify: 5 s)
 * @param removeSubscriptionWhenRetriesRunOut whether a subscription is deleted when a delivery to it
 *        has failed every retry, as Shopify deletes subscriptions made with the Admin API
 * @param keptDeliveries how many deliveries {@link WebhookDeliveries#deliveries()} keeps for
 *        inspection (the oldest settled ones are dropped beyond it; default 10,000)
 */
public record WebhookSettings(int retries, Duration firstRetryDelay, Duration connectTimeout, Duration requestTimeout,
                              boolean removeSubscriptionWhenRetriesRunOut, int keptDeliveries) {

    /** Deliveries kept for inspection unless {@link #withKeptDeliveries} says otherwise. */
    public static final int DEFAULT_KEPT_DELIVERIES = 10_000;

    /** Checks the fields. */
    public WebhookSettings {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, got " + retries);
        }
        Objects.requireNonNull(firstRetryDelay, "firstRetryDelay");
        if (firstRetryDelay.isNegative()) {
            throw new IllegalArgumentException("firstRetryDelay must not be negative, got " + firstRetryDelay);
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (keptDeliveries < 1) {
            throw new IllegalArgumentException("keptDeliveries must be positive, got " + keptDeliveries);
        }
    }

    /** Shopify's behaviour: 8 retries with exponential backoff from 1 minute, 1 s / 5 s timeouts. */
    public static WebhookSettings shopify() {
        return new WebhookSettings(8, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(5), true,
                DEFAULT_KEPT_DELIVERIES);
    }

    /**
     * Shopify's semantics on a test's time scale: 8 retries starting 10 ms after the first
     * failure (all retries done within about 2.6 s), Shopify's timeouts.
     */
    public static WebhookSettings compressed() {
        return shopify().withRetries(8, Duration.ofMillis(10));
    }

    /** These settings with another retry count and first retry delay. */
    public WebhookSettings withRetries(int count, Duration firstDelay) {
        return new WebhookSettings(count, firstDelay, connectTimeout, requestTimeout,
                removeSubscriptionWhenRetriesRunOut, keptDeliveries);
    }

    /** These settings with other timeouts. */
    public WebhookSettings withTimeouts(Duration connect, Duration request) {
        return new WebhookSettings(retries, firstRetryDelay, connect, request, removeSubscriptionWhenRetriesRunOut,
                keptDeliveries);
    }

    /** These settings with or without removing subscriptions whose deliveries ran out of retries. */
    public WebhookSettings withSubscriptionRemoval(boolean remove) {
        return new WebhookSettings(retries, firstRetryDelay, connectTimeout, requestTimeout, remove, keptDeliveries);
    }

    /** These settings keeping another number of deliveries for inspection (a storm of 20,000 wants them all). */
    public WebhookSettings withKeptDeliveries(int count) {
        return new WebhookSettings(retries, firstRetryDelay, connectTimeout, requestTimeout,
                removeSubscriptionWhenRetriesRunOut, count);
    }

    /** The wait before retry {@code n} (1-based): {@code firstRetryDelay × 2^(n-1)}. */
    public Duration delayBeforeRetry(int n) {
        return firstRetryDelay.multipliedBy(1L << Math.min(n - 1, 30));
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
