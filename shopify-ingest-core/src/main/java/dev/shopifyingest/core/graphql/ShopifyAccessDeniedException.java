package dev.shopifyingest.core.graphql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shopify denied a query or field because the app lacks an access scope ({@code ACCESS_DENIED}).
 * The message carries Shopify's explanation; {@link #requiredScope()} names the scope when
 * Shopify did. Request it and connect the shop again.
 */
public final class ShopifyAccessDeniedException extends ShopifyApiException {

    private static final long serialVersionUID = 1L;
    // Shopify writes "Required access: `read_orders` access scope."
    private static final Pattern SCOPE = Pattern.compile("`([a-z_]+)` access scope");
    private final String requiredScope;

    /** Shopify's denial message for {@code shop}, naming no scope. */
    public ShopifyAccessDeniedException(String shop, String shopifyMessage) {
        this(shop, shopifyMessage, null);
    }

    /** Shopify's denial message for {@code shop}, which needs {@code requiredScope} (or null when unknown). */
    public ShopifyAccessDeniedException(String shop, String shopifyMessage, String requiredScope) {
        super("Shopify denied access on " + shop + ": " + shopifyMessage
                + " Request the missing access scope and connect the shop again.");
        this.requiredScope = requiredScope;
    }

    /** The access scope Shopify said is required, such as {@code read_orders}, or null when it named none. */
    public String requiredScope() {
        return requiredScope;
    }

    /**
     * The scope named in Shopify's wording ("Required access: `read_orders` access scope."), if any.
     *
     * @param text a message or {@code extensions.requiredAccess}; may be null
     * @return the scope, or null
     */
    static String scopeNamedIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = SCOPE.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }
}
