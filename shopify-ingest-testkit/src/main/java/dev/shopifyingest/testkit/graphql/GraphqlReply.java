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
}
