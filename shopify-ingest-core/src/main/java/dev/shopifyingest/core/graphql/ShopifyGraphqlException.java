package dev.shopifyingest.core.graphql;

import java.util.List;

/**
 * Shopify rejected a GraphQL request with {@code errors} (a malformed query, an unknown field, a
 * bad argument). The message repeats Shopify's messages; {@link #codes()} their codes.
 */
public final class ShopifyGraphqlException extends ShopifyApiException {

    private static final long serialVersionUID = 1L;
    private final List<String> codes;

    /** Shopify's messages, joined, and their {@code extensions.code} values. */
    public ShopifyGraphqlException(String message, List<String> codes) {
        super(message);
        this.codes = List.copyOf(codes);
    }

    /** The {@code extensions.code} of each error, where Shopify gave one. */
    public List<String> codes() {
        return codes;
    }
}
