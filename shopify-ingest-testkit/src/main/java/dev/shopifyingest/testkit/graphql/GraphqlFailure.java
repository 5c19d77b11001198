package dev.shopifyingest.testkit.graphql;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A field that fails with a GraphQL error in Shopify's shape ({@code message} plus
 * {@code extensions.code} and friends). Thrown by data fetchers; the execution turns it into an
 * entry of {@code errors[]} with the field's location and path.
 */
final class GraphqlFailure extends RuntimeException {

    /** Code of errors that mark a part of Shopify the fake does not implement. */
    static final String NOT_IMPLEMENTED = "NOT_IMPLEMENTED";
    static final String BAD_REQUEST = "BAD_REQUEST";
    private static final String SCOPES_DOCUMENTATION = "https://shopify.dev/api/usage/access-scopes";

    private final transient Map<String, Object> extensions;

    private GraphqlFailure(String message, Map<String, Object> extensions) {
        super(message, null, false, false);
        this.extensions = extensions;
    }

    /** An error with {@code extensions.code} and any further extension entries. */
    static GraphqlFailure of(String code, String message, Object... moreExtensions) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code);
        for (int i = 0; i + 1 < moreExtensions.length; i += 2) {
            extensions.put((String) moreExtensions[i], moreExtensions[i + 1]);
        }
        return new GraphqlFailure(message, extensions);
    }

    /** "FakeShopify does not implement ..." — a real Shopify feature the fake lacks. */
    static GraphqlFailure notImplemented(String what) {
        return of(NOT_IMPLEMENTED, "FakeShopify does not implement " + what
                + ". Extend dev.shopifyingest.testkit.graphql if a test needs it.");
    }

    /** A bad argument, in the shape Shopify uses for pagination and search problems. */
    static GraphqlFailure badRequest(String message) {
        return of(BAD_REQUEST, message);
    }

    /** Shopify's ACCESS_DENIED for a field that needs a scope the token lacks. */
    static GraphqlFailure accessDenied(String field, String scope) {
        String required = "`" + scope + "` access scope.";
        return of("ACCESS_DENIED", "Access denied for " + field + " field. Required access: " + required,
                "documentation", SCOPES_DOCUMENTATION, "requiredAccess", required);
    }

    /** Shopify's answer to a malformed global id. */
    static GraphqlFailure invalidGlobalId(String id) {
        return of("argumentLiteralsIncompatible", "Invalid global id '" + id + "'", "typeName", "CoercionError");
    }

    Map<String, Object> extensions() {
        return extensions;
    }
}
