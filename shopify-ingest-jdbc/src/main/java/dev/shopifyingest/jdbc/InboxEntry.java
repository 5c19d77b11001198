package dev.shopifyingest.jdbc;

import java.time.Instant;

/**
 * One stored webhook delivery as the inbox sees it, without its body (which carries personal data).
 *
 * @param shopId the shop
 * @param webhookId Shopify's delivery id
 * @param topic the topic, e.g. {@code orders/updated}
 * @param eventId the event id, or null
 * @param triggeredAt when Shopify says the event happened, or null
 * @param receivedAt when the inbox stored it
 * @param done whether it was applied
 * @param attempts how many times processing was tried
 * @param lastError why the last attempt failed, or null
 * @param nextAttemptAt when a processor may try it next (while not done)
 * @param processedAt when it was applied, or null
 */
public record InboxEntry(long shopId, String webhookId, String topic, String eventId, Instant triggeredAt,
                         Instant receivedAt, boolean done, int attempts, String lastError, Instant nextAttemptAt,
                         Instant processedAt) {

    /**
     * Whether processing was tried and failed, and it waits for a retry.
     *
     * @return true for a pending delivery with a recorded error
     */
    public boolean failing() {
        return !done && lastError != null;
    }
}
