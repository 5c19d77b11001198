package dev.shopifyingest.testkit.graphql;

import java.util.Objects;
import java.util.Set;

/**
 * One authenticated request to the fake Admin GraphQL endpoint.
 *
 * @param body the raw JSON request body ({@code {"query": ..., "variables": ..., "operationName": ...}})
 * @param grantedScopes the access scopes of the token that made the call, e.g. {@code read_orders}
 * @param costDebug whether the caller sent {@code Shopify-GraphQL-Cost-Debug: 1}
 */
public record GraphqlCall(String body, Set<String> grantedScopes, boolean costDebug) {

    /** Checks and copies the fields. */
    public GraphqlCall {
        Objects.requireNonNull(body, "body");
        grantedScopes = Set.copyOf(grantedScopes);
    }
}
