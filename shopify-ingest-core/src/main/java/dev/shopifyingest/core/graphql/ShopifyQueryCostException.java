package dev.shopifyingest.core.graphql;

/** A query asked for more than Shopify's single-query cost limit ({@code MAX_COST_EXCEEDED}). */
public final class ShopifyQueryCostException extends ShopifyApiException {

    private static final long serialVersionUID = 1L;

    /** Shopify's message for the rejected operation. */
    public ShopifyQueryCostException(String operation, String shopifyMessage) {
        super("The query " + operation + " costs more than Shopify allows in one request: " + shopifyMessage
                + " Ask for fewer items per page.");
    }
}
