package dev.shopifyingest.core.webhook;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The topic of a webhook delivery, from its {@code X-Shopify-Topic} header.
 *
 * <p>Either one of the {@link Known} topics this library understands, or an {@link Unknown} one
 * carried verbatim so the caller can decide (usually: log and reject it with
 * {@link #requireKnown()}). Switch over it exhaustively:
 *
 * <pre>{@code
 * switch (delivery.topic()) {
 *   case WebhookTopic.Known known -> handle(known);
 *   case WebhookTopic.Unknown unknown -> reject(unknown.wireName());
 * }
 * }</pre>
 */
public sealed interface WebhookTopic permits WebhookTopic.Known, WebhookTopic.Unknown {

    /**
     * The topic as Shopify writes it in headers and payloads, for example {@code orders/create}.
     *
     * @return the wire name
     */
    String wireName();

    /**
     * Whether this is one of the mandatory privacy-compliance topics ({@code customers/data_request},
     * {@code customers/redact}, {@code shop/redact}). These are configured in the app's TOML or
     * dashboard, not through the GraphQL API, and must be acted on within 30 days.
     *
     * @return true for a compliance topic
     */
    boolean isCompliance();

    /**
     * Returns this topic as a known one, or fails with a clear error.
     *
     * @return the known topic
     * @throws WebhookDeliveryException with reason {@code UNKNOWN_TOPIC} if the topic is unknown
     */
    default Known requireKnown() {
        if (this instanceof Known known) {
            return known;
        }
        throw new WebhookDeliveryException(
                WebhookDeliveryException.Reason.UNKNOWN_TOPIC,
                WebhookDelivery.HEADER_TOPIC,
                "Webhook topic '" + WebhookDelivery.printable(wireName()) + "' is not handled by this application;"
                        + " remove its subscription or add support for it.");
    }

    /**
     * Looks up a topic by its wire name.
     *
     * @param wireName the {@code X-Shopify-Topic} value, for example {@code orders/create}
     * @return the known topic with that exact wire name, otherwise an {@link Unknown} carrying it
     */
    static WebhookTopic of(String wireName) {
        Objects.requireNonNull(wireName, "wireName");
        Known known = Known.BY_WIRE_NAME.get(wireName);
        return known != null ? known : new Unknown(wireName);
    }

    /**
     * The topics this library understands. Constant names match GraphQL's
     * {@code WebhookSubscriptionTopic} values (for the non-compliance topics).
     */
    enum Known implements WebhookTopic {
        /** {@code customers/create}. */
        CUSTOMERS_CREATE("customers/create", false),
        /** {@code customers/update}. */
        CUSTOMERS_UPDATE("customers/update", false),
        /** {@code customers/delete}. */
        CUSTOMERS_DELETE("customers/delete", false),
        /** {@code products/create}. */
        PRODUCTS_CREATE("products/create", false),
        /** {@code products/update}. */
        PRODUCTS_UPDATE("products/update", false),
        /** {@code products/delete}. */
        PRODUCTS_DELETE("products/delete", false),
        /** {@code orders/create}. */
        ORDERS_CREATE("orders/create", false),
        /** {@code orders/updated} (past tense, unlike {@code products/update}). */
        ORDERS_UPDATED("orders/updated", false),
        /** {@code orders/delete}. */
        ORDERS_DELETE("orders/delete", false),
        /** {@code orders/cancelled}. */
        ORDERS_CANCELLED("orders/cancelled", false),
        /** {@code orders/paid}. */
        ORDERS_PAID("orders/paid", false),
        /** {@code orders/fulfilled}. */
        ORDERS_FULFILLED("orders/fulfilled", false),
        /** {@code orders/partially_fulfilled}. */
        ORDERS_PARTIALLY_FULFILLED("orders/partially_fulfilled", false),
        /** {@code orders/edited}. */
        ORDERS_EDITED("orders/edited", false),
        /** {@code refunds/create}. */
        REFUNDS_CREATE("refunds/create", false),
        /** {@code app/uninstalled}: the payload is the shop resource, with {@code myshopify_domain}. */
        APP_UNINSTALLED("app/uninstalled", false),
        /** {@code app/scopes_update}. */
        APP_SCOPES_UPDATE("app/scopes_update", false),
        /** {@code shop/update}: the payload is the shop resource, with {@code myshopify_domain}. */
        SHOP_UPDATE("shop/update", false),
        /** {@code bulk_operations/finish}: carries the operation id, never the result URL. */
        BULK_OPERATIONS_FINISH("bulk_operations/finish", false),
        /** {@code customers/data_request}: compliance; the payload has {@code shop_domain}. */
        CUSTOMERS_DATA_REQUEST("customers/data_request", true),
        /** {@code customers/redact}: compliance; the payload has {@code shop_domain}. */
        CUSTOMERS_REDACT("customers/redact", true),
        /** {@code shop/redact}: compliance, sent about 48 hours after uninstall; the payload has {@code shop_domain}. */
        SHOP_REDACT("shop/redact", true);

        private static final Map<String, Known> BY_WIRE_NAME = new HashMap<>();

        static {
            for (Known topic : values()) {
                BY_WIRE_NAME.put(topic.wireName, topic);
            }
        }

        private final String wireName;
        private final boolean compliance;

        Known(String wireName, boolean compliance) {
            this.wireName = wireName;
            this.compliance = compliance;
        }

        /**
         * The topic as Shopify writes it.
         *
         * @return the wire name, for example {@code orders/create}
         */
        @Override
        public String wireName() {
            return wireName;
        }

        /**
         * Whether this is a mandatory compliance topic.
         *
         * @return true for {@code customers/data_request}, {@code customers/redact} and {@code shop/redact}
         */
        @Override
        public boolean isCompliance() {
            return compliance;
        }
    }

    /**
     * A topic this library does not know, carried as received.
     *
     * @param wireName the {@code X-Shopify-Topic} value as received
     */
    record Unknown(String wireName) implements WebhookTopic {

        /**
         * Validates that the wire name is present.
         *
         * @param wireName the topic as received
         */
        public Unknown {
            Objects.requireNonNull(wireName, "wireName");
        }

        /**
         * Unknown topics are never treated as compliance topics.
         *
         * @return false
         */
        @Override
        public boolean isCompliance() {
            return false;
        }
    }
}
