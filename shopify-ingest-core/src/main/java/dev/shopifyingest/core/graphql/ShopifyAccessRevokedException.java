package dev.shopifyingest.core.graphql;

/**
 * Shopify no longer accepts the access token (HTTP 401 or 403): the app was uninstalled, the
 * token was revoked or expired beyond refresh. The shop must be connected again.
 */
public final class ShopifyAccessRevokedException extends ShopifyApiException {

    private static final long serialVersionUID = 1L;
    private final int status;

    /** Shopify answered {@code status} for {@code shop}. */
    public ShopifyAccessRevokedException(String shop, int status) {
        super("Shopify refused the access token for " + shop + " (HTTP " + status
                + "): the app was uninstalled or its access revoked. Connect the shop again.");
        this.status = status;
    }

    /** The HTTP status Shopify answered. */
    public int status() {
        return status;
    }
}
