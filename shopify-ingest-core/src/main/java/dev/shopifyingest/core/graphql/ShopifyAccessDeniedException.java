package dev.shopifyingest.core.graphql;

/**
 * Shopify denied a query or field because the app lacks an access scope ({@code ACCESS_DENIED}).
 * The message carries Shopify's explanation, which names the scope; request it and reconnect.
 */
public final class ShopifyAccessDeniedException extends ShopifyApiException {

    private static final long serialVersionUID = 1L;

    /** Shopify's denial message for {@code shop}. */
    public ShopifyAccessDeniedException(String shop, String shopifyMessage) {
        super("Shopify denied access on " + shop + ": " + shopifyMessage
                + " Request the missing access scope and connect the shop again.");
    }
}
