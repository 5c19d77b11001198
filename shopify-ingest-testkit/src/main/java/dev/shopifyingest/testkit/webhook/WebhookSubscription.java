package dev.shopifyingest.testkit.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * A webhook subscription held by the fake shop, as {@code webhookSubscriptionCreate} makes it.
 *
 * @param id numeric id; the GID is {@code gid://shopify/WebhookSubscription/{id}}
 * @param topic the {@code WebhookSubscriptionTopic} enum name, e.g. {@code ORDERS_CREATE}
 * @param uri where deliveries are POSTed (an HTTP(S) URL)
 * @param format {@code JSON} or {@code XML}
 * @param createdAt when the subscription was made
 */
public record WebhookSubscription(long id, String topic, String uri, String format, Instant createdAt) {

    /** Checks the fields. */
    public WebhookSubscription {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Shopify's global id of this subscription. */
    public String gid() {
        return "gid://shopify/WebhookSubscription/" + id;
    }

    /** The topic as webhook headers spell it: {@code ORDERS_CREATE} becomes {@code orders/create}. */
    public String wireTopic() {
        return wireTopic(topic);
    }

    /**
     * Converts a {@code WebhookSubscriptionTopic} name to its header form: the underscore after
     * the resource separates it from the event ({@code APP_UNINSTALLED} → {@code app/uninstalled},
     * {@code ORDERS_PARTIALLY_FULFILLED} → {@code orders/partially_fulfilled}); resources whose
     * name has an underscore of its own are known by name ({@code BULK_OPERATIONS_FINISH} →
     * {@code bulk_operations/finish}).
     */
    public static String wireTopic(String enumName) {
        String lower = enumName.toLowerCase(java.util.Locale.ROOT);
        for (String resource : MULTI_WORD_RESOURCES) {
            if (lower.startsWith(resource + "_") && lower.length() > resource.length() + 1) {
                return resource + "/" + lower.substring(resource.length() + 1);
            }
        }
        int split = lower.indexOf('_');
        return split < 0 ? lower : lower.substring(0, split) + "/" + lower.substring(split + 1);
    }

    // Resources of Shopify's topics whose names hold an underscore (header form), longest first.
    private static final java.util.List<String> MULTI_WORD_RESOURCES = java.util.List.of(
            "customers_email_marketing_consent", "customers_marketing_consent", "subscription_billing_attempts",
            "subscription_contracts", "selling_plan_groups", "collection_listings", "product_listings",
            "fulfillment_orders", "fulfillment_events", "order_transactions", "inventory_levels", "inventory_items",
            "app_subscriptions", "bulk_operations", "customer_groups", "draft_orders");
}
