package dev.shopifyingest.core.fetch;

import dev.shopifyingest.core.internal.Json;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Money;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.model.ProductVariant;
import dev.shopifyingest.core.model.Refund;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Maps Admin GraphQL nodes, as selected by the project's {@code .graphql} documents (page queries
 * and bulk exports select the same fields), to the model. Ids are read from
 * {@code legacyResourceId} (an exact decimal string) or from the tail of the GID.
 */
final class GraphqlNodes {

    /** The title Shopify gives the only variant of a product that has no options. */
    static final String DEFAULT_VARIANT_TITLE = "Default Title";

    private GraphqlNodes() {
    }

    static Customer customer(Map<String, Object> node) {
        Map<String, Object> email = Json.object(node, "defaultEmailAddress");
        Map<String, Object> phone = Json.object(node, "defaultPhoneNumber");
        Map<String, Object> spent = Json.object(node, "amountSpent");
        return new Customer(id(node), Json.string(node, "firstName"), Json.string(node, "lastName"),
                email == null ? null : Json.string(email, "emailAddress"),
                phone == null ? null : Json.string(phone, "phoneNumber"),
                Json.string(node, "state"),
                Json.array(node, "tags").stream().map(String::valueOf).toList(),
                longOf(node, "numberOfOrders"),
                spent == null ? null : new Money(Json.decimal(spent, "amount"), Json.string(spent, "currencyCode")),
                instant(node, "createdAt"), instant(node, "updatedAt"), Json.write(node));
    }

    static Product product(Map<String, Object> node, List<ProductVariant> variants) {
        return new Product(id(node), Json.string(node, "title"), Json.string(node, "handle"),
                Json.string(node, "vendor"), Json.string(node, "productType"), Json.string(node, "status"),
                Json.array(node, "tags").stream().map(String::valueOf).toList(), variants,
                instant(node, "createdAt"), instant(node, "updatedAt"), Json.write(withoutConnections(node)));
    }

    static ProductVariant variant(Map<String, Object> node) {
        BigDecimal inventory = Json.decimal(node, "inventoryQuantity");
        BigDecimal position = Json.decimal(node, "position");
        return new ProductVariant(id(node), Json.string(node, "title"), Json.string(node, "sku"),
                Json.decimal(node, "price"), inventory == null ? null : inventory.intValueExact(),
                position == null ? 1 : position.intValueExact(), instant(node, "createdAt"),
                instant(node, "updatedAt"));
    }

    static Order order(Map<String, Object> node, List<LineItem> lineItems) {
        Map<String, Object> customer = Json.object(node, "customer");
        List<Refund> refunds = Json.objects(node, "refunds").stream()
                .map(r -> new Refund(id(r), instant(r, "createdAt"), shopAmount(r, "totalRefundedSet"),
                        Json.string(r, "note")))
                .toList();
        return new Order(id(node), Json.string(node, "name"), customer == null ? null : id(customer),
                Json.string(node, "email"), instant(node, "createdAt"), instant(node, "processedAt"),
                instant(node, "updatedAt"), instant(node, "cancelledAt"), instant(node, "closedAt"),
                Json.bool(node, "test", false), Json.string(node, "displayFinancialStatus"),
                Json.string(node, "displayFulfillmentStatus"), Json.string(node, "currencyCode"),
                shopAmount(node, "subtotalPriceSet"), shopAmount(node, "totalDiscountsSet"),
                shopAmount(node, "totalShippingPriceSet"), shopAmount(node, "totalTaxSet"),
                shopAmount(node, "totalPriceSet"), shopAmount(node, "currentTotalPriceSet"),
                shopAmount(node, "totalRefundedSet"), shopAmount(node, "netPaymentSet"),
                lineItems, refunds, Json.write(withoutConnections(node)));
    }

    static LineItem lineItem(Map<String, Object> node) {
        Map<String, Object> product = Json.object(node, "product");
        Map<String, Object> variant = Json.object(node, "variant");
        BigDecimal quantity = Json.decimal(node, "quantity");
        BigDecimal current = Json.decimal(node, "currentQuantity");
        return new LineItem(id(node), product == null ? null : id(product), variant == null ? null : id(variant),
                Json.string(node, "title"), variantTitle(Json.string(node, "variantTitle")), Json.string(node, "sku"),
                quantity.intValueExact(), current == null ? quantity.intValueExact() : current.intValueExact(),
                shopAmount(node, "originalUnitPriceSet"), shopAmount(node, "discountedTotalSet"),
                orZero(shopAmount(node, "totalDiscountSet")));
    }

    /**
     * A line's variant title, with Shopify's placeholder for a product without options read as
     * none: webhook payloads send {@code null} where GraphQL may send {@code Default Title}, and
     * both must map to the same line.
     */
    static String variantTitle(String title) {
        return DEFAULT_VARIANT_TITLE.equals(title) ? null : title;
    }

    /** The numeric id of a node: its {@code legacyResourceId}, else the last segment of its GID. */
    static long id(Map<String, Object> node) {
        String legacy = Json.string(node, "legacyResourceId");
        if (legacy != null) {
            return Long.parseUnsignedLong(legacy);
        }
        return idOfGid(Json.string(node, "id"));
    }

    /** The numeric id at the end of a GID such as {@code gid://shopify/Order/123}. */
    static long idOfGid(String gid) {
        if (gid == null || !gid.startsWith("gid://shopify/")) {
            throw new Json.MalformedJsonException("Expected a Shopify GID, got " + gid);
        }
        String tail = gid.substring(gid.lastIndexOf('/') + 1);
        int query = tail.indexOf('?');
        return Long.parseUnsignedLong(query < 0 ? tail : tail.substring(0, query));
    }

    private static Long longOf(Map<String, Object> node, String key) {
        BigDecimal value = Json.decimal(node, key);
        return value == null ? null : value.longValueExact();
    }

    private static BigDecimal shopAmount(Map<String, Object> node, String key) {
        Map<String, Object> bag = Json.object(node, key);
        if (bag == null) {
            return null;
        }
        Map<String, Object> shopMoney = Json.object(bag, "shopMoney");
        return shopMoney == null ? null : Json.decimal(shopMoney, "amount");
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    static Instant instant(Map<String, Object> node, String key) {
        String text = Json.string(node, key);
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }

    // Raw JSON keeps the node's own fields; children are stored as rows of their own.
    private static Map<String, Object> withoutConnections(Map<String, Object> node) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(node);
        copy.remove("lineItems");
        copy.remove("variants");
        copy.remove("__parentId");
        return copy;
    }
}
