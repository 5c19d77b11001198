package dev.shopifyingest.testkit.graphql;

import java.util.Map;
import java.util.Objects;

/**
 * What the fake Admin GraphQL endpoint answers.
 *
 * @param status HTTP status (200 for GraphQL errors too, as Shopify does)
 * @param body the JSON response body
 * @param headers extra response headers
 */
public record GraphqlReply(int status, String body, Map<String, String> headers) {

    /** Checks and copies the fields. */
    public GraphqlReply {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /**
     * Shopify's error entry for a query over the single-query cost limit ({@code MAX_COST_EXCEEDED}),
     * the same the engine answers when a query really costs too much; fault injection reuses it.
     *
     * @param cost    what the query cost
     * @param maxCost the limit
     * @return one entry of the {@code errors} array
     */
    public static Map<String, Object> maxCostExceededError(int cost, int maxCost) {
        return ShopifyErrors.maxCostExceeded(cost, maxCost);
    }
}
