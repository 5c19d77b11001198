package dev.shopifyingest.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A {@code customers/data_request} the store kept for the merchant, who must pass the customer's
 * data on: Shopify leaves the hand-over to the app. The export itself is read with
 * {@link TenantStore#dataRequestExport(String)}.
 *
 * @param webhookId       the delivery's {@code X-Shopify-Webhook-Id}, which names the request in the store
 * @param dataRequestId   Shopify's id of the request, or null when the payload had none
 * @param customerId      the customer
 * @param ordersRequested the orders Shopify listed
 * @param receivedAt      when the delivery was applied
 */
public record StoredDataRequest(String webhookId, String dataRequestId, long customerId, List<Long> ordersRequested,
                                Instant receivedAt) {

    /** Checks the fields and copies the list. */
    public StoredDataRequest {
        Objects.requireNonNull(webhookId, "webhookId");
        ordersRequested = List.copyOf(ordersRequested);
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
