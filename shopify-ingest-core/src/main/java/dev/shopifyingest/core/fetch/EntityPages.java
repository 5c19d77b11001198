package dev.shopifyingest.core.fetch;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.graphql.ShopifyApiException;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.graphql.GraphqlResponse;
import dev.shopifyingest.core.internal.Json;
import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.ProductVariant;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cursor pagination over customers, products and orders, sorted by {@code UPDATED_AT} and
 * optionally limited to {@code updated_at:>=T} (the incremental window). Children beyond the
 * first page of a parent (an order's many line items, a product's many variants) are fetched
 * with follow-up queries, so every page is complete.
 */
public final class EntityPages {

    /** Line items asked for with each order; more are fetched separately. */
    static final int LINE_ITEMS_FIRST = 10;
    /** Variants asked for with each product; more are fetched separately. */
    static final int VARIANTS_FIRST = 10;
    private static final int CHILD_PAGE = 100;

    private static final GraphqlOperation CUSTOMERS = GraphqlOperation.named("CustomersPage");
    private static final GraphqlOperation PRODUCTS = GraphqlOperation.named("ProductsPage");
    private static final GraphqlOperation ORDERS = GraphqlOperation.named("OrdersPage");
    private static final GraphqlOperation LINE_ITEMS = GraphqlOperation.named("OrderLineItemsPage");
    private static final GraphqlOperation VARIANTS = GraphqlOperation.named("ProductVariantsPage");
    private static final GraphqlOperation CUSTOMERS_COUNT = GraphqlOperation.named("CustomersCount");
    private static final GraphqlOperation PRODUCTS_COUNT = GraphqlOperation.named("ProductsCount");
    private static final GraphqlOperation ORDERS_COUNT = GraphqlOperation.named("OrdersCount");

    private final AdminGraphqlClient client;

    /** Pages fetched through {@code client}. */
    public EntityPages(AdminGraphqlClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Fetches one page of {@code type} for {@code shop}. */
    public Page fetch(ShopDomain shop, AccessTokenSource tokens, EntityType type, PageRequest request) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("first", request.pageSize());
        variables.put("after", request.after());
        variables.put("query", searchSince(request.updatedSince()));
        variables.put("sortKey", "UPDATED_AT");
        GraphqlOperation operation;
        String connection;
        switch (type) {
            case CUSTOMER -> {
                operation = CUSTOMERS;
                connection = "customers";
            }
            case PRODUCT -> {
                operation = PRODUCTS;
                connection = "products";
                variables.put("variantsFirst", VARIANTS_FIRST);
            }
            case ORDER -> {
                operation = ORDERS;
                connection = "orders";
                variables.put("lineItemsFirst", LINE_ITEMS_FIRST);
            }
            default -> throw new IllegalArgumentException("Unsupported type " + type);
        }
        GraphqlResponse response = client.execute(shop, tokens, operation, variables);
        Map<String, Object> page = Json.object(response.data(), connection);
        if (page == null) {
            throw new ShopifyApiException("Shopify's response lacks '" + connection + "' for " + shop);
        }
        List<Entity> entities = new ArrayList<>();
        for (Map<String, Object> node : Json.objects(page, "nodes")) {
            try {
                entities.add(switch (type) {
                    case CUSTOMER -> GraphqlNodes.customer(node);
                    case PRODUCT -> GraphqlNodes.product(node, variantsOf(shop, tokens, node));
                    case ORDER -> GraphqlNodes.order(node, lineItemsOf(shop, tokens, node));
                });
            } catch (Json.MalformedJsonException | NullPointerException | IllegalArgumentException
                     | ArithmeticException | java.time.DateTimeException e) {
                throw new ShopifyApiException("Shopify returned a " + type.gidType() + " this library cannot read ("
                        + Json.string(node, "id") + "): " + e.getMessage(), e);
            }
        }
        Map<String, Object> pageInfo = Json.object(page, "pageInfo");
        return new Page(entities, Json.string(pageInfo, "endCursor"), Json.bool(pageInfo, "hasNextPage", false),
                response.cost());
    }

    private List<LineItem> lineItemsOf(ShopDomain shop, AccessTokenSource tokens, Map<String, Object> order) {
        List<LineItem> items = new ArrayList<>();
        children(shop, tokens, order, "lineItems", LINE_ITEMS, "order", node -> items.add(GraphqlNodes.lineItem(node)));
        return items;
    }

    private List<ProductVariant> variantsOf(ShopDomain shop, AccessTokenSource tokens, Map<String, Object> product) {
        List<ProductVariant> variants = new ArrayList<>();
        children(shop, tokens, product, "variants", VARIANTS, "product", node -> variants.add(GraphqlNodes.variant(node)));
        return variants;
    }

    // Reads the first page of a child connection from the parent node, then follows its cursor.
    private void children(ShopDomain shop, AccessTokenSource tokens, Map<String, Object> parent, String connection,
                          GraphqlOperation followUp, String root, java.util.function.Consumer<Map<String, Object>> sink) {
        Map<String, Object> page = Json.object(parent, connection);
        while (page != null) {
            Json.objects(page, "nodes").forEach(sink);
            Map<String, Object> info = Json.object(page, "pageInfo");
            if (info == null || !Json.bool(info, "hasNextPage", false)) {
                return;
            }
            Map<String, Object> variables = new HashMap<>();
            variables.put("id", Json.string(parent, "id"));
            variables.put("first", CHILD_PAGE);
            variables.put("after", Json.string(info, "endCursor"));
            Map<String, Object> owner = Json.object(client.execute(shop, tokens, followUp, variables).data(), root);
            page = owner == null ? null : Json.object(owner, connection);
        }
    }

    /**
     * How many entities of {@code type} were updated since {@code updatedSince} ({@code null}: all),
     * or -1 when Shopify could only say "at least" that many.
     */
    public long count(ShopDomain shop, AccessTokenSource tokens, EntityType type, Instant updatedSince) {
        String field = switch (type) {
            case CUSTOMER -> "customersCount";
            case PRODUCT -> "productsCount";
            case ORDER -> "ordersCount";
        };
        Map<String, Object> variables = new HashMap<>();
        variables.put("query", searchSince(updatedSince));
        GraphqlOperation operation = switch (type) {
            case CUSTOMER -> CUSTOMERS_COUNT;
            case PRODUCT -> PRODUCTS_COUNT;
            case ORDER -> ORDERS_COUNT;
        };
        Map<String, Object> count = Json.object(client.execute(shop, tokens, operation, variables).data(), field);
        if (count == null) {
            return -1;
        }
        return "EXACT".equals(Json.string(count, "precision")) ? Json.decimal(count, "count").longValueExact() : -1;
    }

    private static String searchSince(Instant updatedSince) {
        return updatedSince == null ? null
                : "updated_at:>='" + DateTimeFormatter.ISO_INSTANT.format(updatedSince) + "'";
    }

    /** The newest {@code updatedAt} among {@code entities}, or {@code fallback} when there are none. */
    public static Instant newestUpdate(List<Entity> entities, Instant fallback) {
        Instant newest = fallback;
        for (Entity entity : entities) {
            if (newest == null || entity.updatedAt().isAfter(newest)) {
                newest = entity.updatedAt();
            }
        }
        return newest;
    }
}
