package dev.shopifyingest.core.auth;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.ShopifyException;

/**
 * A shop's access can no longer be renewed: its refresh token expired or was revoked. Only the
 * merchant can restore access, by connecting (installing) the app again.
 */
public final class ReconnectRequiredException extends ShopifyException {

    private static final long serialVersionUID = 1L;
    private final transient ShopDomain shop;

    /** Access to {@code shop} cannot be renewed, for {@code why} (never a secret). */
    public ReconnectRequiredException(ShopDomain shop, String why) {
        super("The access of " + shop + " cannot be renewed: " + why + ". Connect the shop again.");
        this.shop = shop;
    }

    /** The shop that must be reconnected. */
    public ShopDomain shop() {
        return shop;
    }
}
