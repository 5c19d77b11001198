package dev.shopifyingest.testkit.webhook;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fake shop's webhook subscriptions: written by the GraphQL subscription mutations and by
 * tests, read by webhook delivery. Thread-safe.
 */
public final class WebhookSubscriptions {

    private final Clock clock;
    private final AtomicLong nextId = new AtomicLong(1_000_001L);
    private final ConcurrentSkipListMap<Long, WebhookSubscription> byId = new ConcurrentSkipListMap<>();

    /** An empty registry whose subscriptions are stamped by {@code clock}. */
    public WebhookSubscriptions(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Subscribes {@code uri} to {@code topic} (a {@code WebhookSubscriptionTopic} name). Like
     * Shopify, the same topic and address may be subscribed only once.
     *
     * @throws IllegalArgumentException when that topic and address are already subscribed
     */
    public WebhookSubscription add(String topic, String uri, String format) {
        synchronized (byId) {
            boolean taken = byId.values().stream().anyMatch(s -> s.topic().equals(topic) && s.uri().equals(uri));
            if (taken) {
                throw new IllegalArgumentException("Address for this topic has already been taken");
            }
            WebhookSubscription subscription = new WebhookSubscription(nextId.getAndIncrement(), topic, uri, format,
                    clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            byId.put(subscription.id(), subscription);
            return subscription;
        }
    }

    /** Removes a subscription; returns it, or empty when there was none with that id. */
    public Optional<WebhookSubscription> remove(long id) {
        return Optional.ofNullable(byId.remove(id));
    }

    /** Every subscription, in creation order. */
    public List<WebhookSubscription> list() {
        return List.copyOf(byId.values());
    }

    /** The subscriptions for a header-form topic such as {@code orders/create}. */
    public List<WebhookSubscription> forWireTopic(String wireTopic) {
        return byId.values().stream().filter(s -> s.wireTopic().equals(wireTopic)).toList();
    }
}
