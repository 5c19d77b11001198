package dev.shopifyingest.core.graphql;

/**
 * The shop cannot be served at all: frozen for an unpaid bill (HTTP 402), locked (HTTP 423) or
 * inactive ({@code SHOP_INACTIVE}). Retrying soon does not help; the merchant must act.
 */
public final class ShopUnavailableException extends ShopifyApiException {

    private static final long serialVersionUID = 1L;

    /** Why the shop is unavailable. */
    public enum Reason {
        /** HTTP 402: the shop is frozen until its balance is paid. */
        FROZEN,
        /** HTTP 423: the shop is locked. */
        LOCKED,
        /** {@code SHOP_INACTIVE}: the shop is not active. */
        INACTIVE
    }

    private final Reason reason;

    /** The shop {@code shop} is unavailable for {@code reason}. */
    public ShopUnavailableException(String shop, Reason reason) {
        super(switch (reason) {
            case FROZEN -> "The shop " + shop + " is frozen (HTTP 402): its owner must pay the outstanding balance.";
            case LOCKED -> "The shop " + shop + " is locked (HTTP 423); Shopify serves no data until it is unlocked.";
            case INACTIVE -> "The shop " + shop + " is inactive (SHOP_INACTIVE); Shopify serves no data for it.";
        });
        this.reason = reason;
    }

    /** Why the shop is unavailable. */
    public Reason reason() {
        return reason;
    }
}
