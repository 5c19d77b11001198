package dev.shopifyingest.core.webhook;

import dev.shopifyingest.core.internal.Json;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Money;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.model.ProductVariant;
import dev.shopifyingest.core.model.Refund;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps webhook payloads (Shopify's REST-shaped JSON) to the model. Numeric ids are read
 * exactly, as 64-bit integers, never through {@code double}; money stays decimal.
 *
 * <p>REST payloads spell statuses in lower case ({@code partially_refunded}); they are mapped to
 * the GraphQL names the model uses ({@code PARTIALLY_REFUNDED}) so that data from syncs and from
 * webhooks compare equal.
 */
public final class WebhookPayloads {

    private WebhookPayloads() {
    }

    /**
     * What {@code delivery} means for the stored data.
     *
     * @throws WebhookDeliveryException with reason {@code MALFORMED_BODY} when the body is not the
     *     JSON its topic promises
     */
    public static WebhookChange changeOf(WebhookDelivery delivery) {
        if (!(delivery.topic() instanceof WebhookTopic.Known topic)) {
            return new WebhookChange.NoEntityChange(delivery.topic());
        }
        try {
            Map<String, Object> body = object(delivery);
            Instant observed = delivery.triggeredAt() != null ? delivery.triggeredAt() : Instant.now();
            return switch (topic) {
                case CUSTOMERS_CREATE, CUSTOMERS_UPDATE -> new WebhookChange.Upsert(customer(body));
                case PRODUCTS_CREATE, PRODUCTS_UPDATE -> new WebhookChange.Upsert(product(body));
                case ORDERS_CREATE, ORDERS_UPDATED, ORDERS_CANCELLED, ORDERS_PAID, ORDERS_FULFILLED,
                     ORDERS_PARTIALLY_FULFILLED -> new WebhookChange.Upsert(order(body));
                case CUSTOMERS_DELETE -> deletion(EntityType.CUSTOMER, body, observed);
                case PRODUCTS_DELETE -> deletion(EntityType.PRODUCT, body, observed);
                case ORDERS_DELETE -> deletion(EntityType.ORDER, body, observed);
                default -> new WebhookChange.NoEntityChange(topic);
            };
        } catch (Json.MalformedJsonException | NullPointerException | IllegalArgumentException
                 | ArithmeticException | java.time.DateTimeException e) {
            throw new WebhookDeliveryException(WebhookDeliveryException.Reason.MALFORMED_BODY, null,
                    "The " + topic.wireName() + " payload of webhook " + delivery.webhookId()
                            + " is not what Shopify sends: " + e.getMessage());
        }
    }

    /**
     * The operation a {@code bulk_operations/finish} delivery reports, its
     * {@code admin_graphql_api_id} (e.g. {@code gid://shopify/BulkOperation/1}), to hand to
     * {@code SyncEngine.bulkOperationFinished}.
     *
     * @throws IllegalArgumentException when the delivery has another topic
     * @throws WebhookDeliveryException with reason {@code MALFORMED_BODY} when the body has no id
     */
    public static String bulkOperationId(WebhookDelivery delivery) {
        if (delivery.topic() != WebhookTopic.Known.BULK_OPERATIONS_FINISH) {
            throw new IllegalArgumentException("Not a bulk_operations/finish delivery: " + delivery.topic().wireName());
        }
        try {
            String id = Json.string(object(delivery), "admin_graphql_api_id");
            if (id == null || id.isBlank()) {
                throw new Json.MalformedJsonException("admin_graphql_api_id is missing");
            }
            return id;
        } catch (Json.MalformedJsonException | ClassCastException e) {
            throw new WebhookDeliveryException(WebhookDeliveryException.Reason.MALFORMED_BODY, null,
                    "The bulk_operations/finish payload of webhook " + delivery.webhookId()
                            + " is not what Shopify sends: " + e.getMessage());
        }
    }

    private static Map<String, Object> object(WebhookDelivery delivery) {
        Object parsed = Json.parse(new String(delivery.body(), StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?>)) {
            throw new Json.MalformedJsonException("the body is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) parsed;
        return body;
    }

    private static WebhookChange deletion(EntityType type, Map<String, Object> body, Instant observed) {
        return new WebhookChange.Delete(new Deletion(type, id(body, "id"), observed));
    }

    static Customer customer(Map<String, Object> body) {
        BigDecimal ordersCount = Json.decimal(body, "orders_count");
        String spent = Json.string(body, "total_spent");
        String currency = Json.string(body, "currency");
        return new Customer(id(body, "id"), Json.string(body, "first_name"), Json.string(body, "last_name"),
                Json.string(body, "email"), Json.string(body, "phone"), upper(Json.string(body, "state")),
                tags(body), ordersCount == null ? null : ordersCount.longValueExact(),
                spent == null || currency == null ? null : Money.of(spent, currency),
                instant(body, "created_at"), instant(body, "updated_at"), Json.write(body));
    }

    static Product product(Map<String, Object> body) {
        long productId = id(body, "id");
        List<ProductVariant> variants = new ArrayList<>();
        for (Map<String, Object> v : Json.objects(body, "variants")) {
            BigDecimal inventory = Json.decimal(v, "inventory_quantity");
            BigDecimal position = Json.decimal(v, "position");
            variants.add(new ProductVariant(id(v, "id"), Json.string(v, "title"), Json.string(v, "sku"),
                    Json.decimal(v, "price"), inventory == null ? null : inventory.intValueExact(),
                    position == null ? variants.size() + 1 : position.intValueExact(), instant(v, "created_at"),
                    instant(v, "updated_at")));
        }
        variants.sort(java.util.Comparator.comparingInt(ProductVariant::position));
        Map<String, Object> raw = new java.util.LinkedHashMap<>(body);
        raw.remove("variants");
        List<String> tags = tags(body);
        return new Product(productId, Json.string(body, "title"), Json.string(body, "handle"),
                Json.string(body, "vendor"), Json.string(body, "product_type"), upper(Json.string(body, "status")),
                tags == null ? List.of() : tags, variants, instant(body, "created_at"), instant(body, "updated_at"), Json.write(raw));
    }

    static Order order(Map<String, Object> body) {
        Map<String, Object> customer = Json.object(body, "customer");
        List<LineItem> lines = new ArrayList<>();
        for (Map<String, Object> line : Json.objects(body, "line_items")) {
            BigDecimal quantity = Json.decimal(line, "quantity");
            BigDecimal current = Json.decimal(line, "current_quantity");
            BigDecimal price = Json.decimal(line, "price");
            BigDecimal discount = lineDiscount(line);
            // A deleted product leaves product_exists false (GraphQL then answers product: null).
            boolean productExists = Json.bool(line, "product_exists", true);
            lines.add(new LineItem(id(line, "id"), productExists ? optionalId(line, "product_id") : null,
                    productExists ? optionalId(line, "variant_id") : null,
                    Json.string(line, "title"), variantTitle(Json.string(line, "variant_title")), Json.string(line, "sku"),
                    quantity.intValueExact(), current == null ? quantity.intValueExact() : current.intValueExact(),
                    price, price.multiply(quantity).subtract(discount), discount));
        }
        List<Refund> refunds = new ArrayList<>();
        BigDecimal refunded = BigDecimal.ZERO;
        for (Map<String, Object> refund : Json.objects(body, "refunds")) {
            BigDecimal amount = BigDecimal.ZERO;
            for (Map<String, Object> transaction : Json.objects(refund, "transactions")) {
                if ("refund".equals(Json.string(transaction, "kind"))
                        && !"failure".equals(Json.string(transaction, "status"))
                        && !"error".equals(Json.string(transaction, "status"))) {
                    amount = amount.add(orZero(Json.decimal(transaction, "amount")));
                }
            }
            refunds.add(new Refund(id(refund, "id"), instant(refund, "created_at"), amount,
                    Json.string(refund, "note")));
            refunded = refunded.add(amount);
        }
        Map<String, Object> raw = new java.util.LinkedHashMap<>(body);
        raw.remove("line_items");
        return new Order(id(body, "id"), Json.string(body, "name"), customer == null ? null : id(customer, "id"),
                Json.string(body, "email"), instant(body, "created_at"), instant(body, "processed_at"),
                instant(body, "updated_at"), instant(body, "cancelled_at"), instant(body, "closed_at"),
                Json.bool(body, "test", false), upper(Json.string(body, "financial_status")),
                fulfillment(Json.string(body, "fulfillment_status")), Json.string(body, "currency"),
                Json.decimal(body, "subtotal_price"), Json.decimal(body, "total_discounts"),
                shopAmount(body, "total_shipping_price_set"), Json.decimal(body, "total_tax"),
                Json.decimal(body, "total_price"), Json.decimal(body, "current_total_price"), refunded, null,
                lines, refunds, Json.write(raw));
    }

    // Shopify reports discounts on a line as discount_allocations (an order-level discount spread
    // over the lines, or a code for that product); the older total_discount stays "0.00" for
    // allocated order discounts, so it is only the fallback for payloads without allocations.
    private static BigDecimal lineDiscount(Map<String, Object> line) {
        if (line.get("discount_allocations") instanceof List<?>) {
            BigDecimal sum = BigDecimal.ZERO;
            for (Map<String, Object> allocation : Json.objects(line, "discount_allocations")) {
                sum = sum.add(orZero(Json.decimal(allocation, "amount")));
            }
            return sum;
        }
        return orZero(Json.decimal(line, "total_discount"));
    }

    private static String variantTitle(String title) {
        return title == null || title.isEmpty() || "Default Title".equals(title) ? null : title;
    }

    // REST reports null for unfulfilled orders and "partial" for partly fulfilled ones.
    private static String fulfillment(String rest) {
        if (rest == null) {
            return "UNFULFILLED";
        }
        return switch (rest) {
            case "partial" -> "PARTIALLY_FULFILLED";
            default -> upper(rest);
        };
    }

    private static long id(Map<String, Object> node, String key) {
        BigDecimal value = Json.decimal(node, key);
        if (value == null) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value.longValueExact();
    }

    private static Long optionalId(Map<String, Object> node, String key) {
        BigDecimal value = Json.decimal(node, key);
        return value == null ? null : value.longValueExact();
    }

    private static BigDecimal shopAmount(Map<String, Object> node, String key) {
        Map<String, Object> set = Json.object(node, key);
        Map<String, Object> shopMoney = set == null ? null : Json.object(set, "shop_money");
        return shopMoney == null ? null : Json.decimal(shopMoney, "amount");
    }

    // Absent (customer payloads since 2025-01) means "not reported", not "no tags".
    private static List<String> tags(Map<String, Object> node) {
        if (!node.containsKey("tags")) {
            return null;
        }
        String tags = Json.string(node, "tags");
        return tags == null || tags.isBlank() ? List.of()
                : Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static Instant instant(Map<String, Object> node, String key) {
        String text = Json.string(node, key);
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }
}
