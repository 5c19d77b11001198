package dev.shopifyingest.core.graphql;

import dev.shopifyingest.core.internal.Json;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A successful Admin GraphQL response: its {@code data} as a lossless JSON tree (objects as maps,
 * numbers as {@code BigDecimal}) and the cost Shopify charged.
 *
 * @param data the {@code data} object
 * @param cost the cost extension, or {@code null} when Shopify sent none
 */
public record GraphqlResponse(Map<String, Object> data, QueryCost cost) {

    /** Checks the data. */
    public GraphqlResponse {
        Objects.requireNonNull(data, "data");
    }

    /**
     * The payload of a mutation, after checking it reported no {@code userErrors}.
     *
     * @throws ShopifyUserErrorsException when Shopify rejected the input
     */
    public Map<String, Object> mutationPayload(String mutationName) {
        Map<String, Object> payload = Json.object(data, mutationName);
        if (payload == null) {
            throw new ShopifyGraphqlException("Shopify returned no payload for " + mutationName, List.of());
        }
        List<Map<String, Object>> userErrors = Json.objects(payload, "userErrors");
        if (!userErrors.isEmpty()) {
            throw new ShopifyUserErrorsException(mutationName, userErrors.stream()
                    .map(e -> new ShopifyUserErrorsException.UserError(
                            Json.array(e, "field").stream().map(String::valueOf).toList(),
                            Json.string(e, "message"), Json.string(e, "code")))
                    .toList());
        }
        return payload;
    }
}
