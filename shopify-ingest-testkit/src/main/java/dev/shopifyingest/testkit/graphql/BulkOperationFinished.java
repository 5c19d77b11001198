package dev.shopifyingest.testkit.graphql;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A bulk operation reached a final state (completed, failed or canceled): what Shopify's
 * {@code bulk_operations/finish} webhook reports (PROTOCOL §4). Register for it with
 * {@link AdminGraphql#onBulkOperationFinished(java.util.function.Consumer)}.
 *
 * @param id the operation's GID, {@code gid://shopify/BulkOperation/{n}}
 * @param status the final {@code BulkOperationStatus}: {@code COMPLETED}, {@code FAILED} or {@code CANCELED}
 * @param errorCode the {@code BulkOperationErrorCode} of a failed operation, or null
 * @param createdAt when the operation was created
 * @param completedAt when it finished
 * @param type {@code QUERY}
 */
public record BulkOperationFinished(String id, String status, String errorCode, Instant createdAt,
                                    Instant completedAt, String type) {

    /**
     * The webhook body Shopify sends for this event: {@code admin_graphql_api_id}, times, and
     * {@code status}, {@code error_code} and {@code type} in lower case, as the webhook spells them.
     */
    public Map<String, Object> webhookPayload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("admin_graphql_api_id", id);
        payload.put("completed_at", completedAt == null ? null : ShopifyScalars.formatDateTime(completedAt));
        payload.put("created_at", ShopifyScalars.formatDateTime(createdAt));
        payload.put("error_code", errorCode == null ? null : errorCode.toLowerCase(Locale.ROOT));
        payload.put("status", status.toLowerCase(Locale.ROOT));
        payload.put("type", type.toLowerCase(Locale.ROOT));
        return payload;
    }
}
