package dev.shopifyingest.core.graphql;

/** Shopify kept throttling the app (THROTTLED or HTTP 429) after every allowed retry. */
public final class ShopifyThrottledException extends ShopifyApiException {

    private static final long serialVersionUID = 1L;

    /** Throttled on {@code shop} after {@code attempts} attempts. */
    public ShopifyThrottledException(String shop, int attempts) {
        super("Shopify throttled every one of " + attempts + " attempts on " + shop
                + "; lower the concurrency of calls to this shop or raise the retry limit.");
    }
}
