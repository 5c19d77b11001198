package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.webhook.WebhookDelivery;

/**
 * Handles deliveries whose topic changes no stored entity and that the store does not act on
 * itself, such as {@code bulk_operations/finish}, {@code refunds/create}, {@code orders/edited}
 * or {@code shop/update} (e.g. to start an incremental sync). Called by the
 * {@link WebhookProcessor} inside the delivery's transaction; if it throws, the delivery is retried.
 */
@FunctionalInterface
public interface TopicHandler {

    /**
     * Acts on the delivery.
     *
     * @param shopId the shop
     * @param delivery the delivery as stored (its HMAC is not kept: it was verified on receipt)
     */
    void handle(long shopId, WebhookDelivery delivery);
}
