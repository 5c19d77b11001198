package dev.shopifyingest.testkit.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One webhook delivery as the fake's delivery log records it: a topic's payload for one address,
 * with every attempt made so far. A snapshot; ask {@code WebhookDeliveries} again for news.
 *
 * @param webhookId {@code X-Shopify-Webhook-Id}: unique per delivery, the same on every retry
 * @param eventId {@code X-Shopify-Event-Id}: shared by the deliveries of one event to several subscriptions
 * @param topic the header-form topic, e.g. {@code orders/create}
 * @param uri where it is POSTed
 * @param triggeredAt {@code X-Shopify-Triggered-At}: when the event happened; the same on every retry
 * @param body the exact JSON body sent (UTF-8), the bytes the HMAC signs
 * @param headers every header sent, including the HMAC
 * @param subscriptionId the subscription it was made for, or {@code null} for compliance and custom deliveries
 * @param attempts the POSTs made, in order
 * @param state where the delivery stands
 */
public record WebhookDelivery(String webhookId, String eventId, String topic, URI uri, Instant triggeredAt,
                              String body, Map<String, String> headers, Long subscriptionId, List<Attempt> attempts,
                              State state) {

    /** Where a delivery stands. */
    public enum State {
        /** Waiting for its first attempt or a retry. */
        PENDING,
        /** Held back by an out-of-order fault until its batch is released. */
        HELD,
        /** A 2xx answer was received. */
        DELIVERED,
        /** Every attempt and retry failed. */
        FAILED;

        /** Whether the delivery has reached its end. */
        public boolean isSettled() {
            return this == DELIVERED || this == FAILED;
        }
    }

    /**
     * One POST of a delivery.
     *
     * @param number 1 for the first attempt, 2 for the first retry, and so on
     * @param at when it was sent (system time)
     * @param status the HTTP status received, or -1 when none was (refused, reset, timed out)
     * @param error what went wrong without a status, or {@code null}
     * @param duplicate whether this was an extra copy sent by a duplicate-delivery fault
     */
    public record Attempt(int number, Instant at, int status, String error, boolean duplicate) {

        /** Whether the receiver accepted it (any 2xx). */
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    /** Checks and copies the fields. */
    public WebhookDelivery {
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(state, "state");
    }

    /** The status of the last attempt, or 0 when none was made yet. */
    public int lastStatus() {
        return attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).status();
    }
}
