package dev.shopifyingest.jdbc;

/**
 * Where a shop's synchronisation stands, as the registry records it for dashboards and schedulers.
 * {@link Shop#syncStatusDetail()} explains the statuses that need explaining, in a sentence a
 * merchant understands.
 */
public enum SyncStatus {
    /** Registered; no sync has finished yet. */
    PENDING,
    /** A sync is running. */
    SYNCING,
    /** The last sync finished; {@link Shop#lastSyncedAt()} says when. */
    IDLE,
    /** The last sync failed for a reason worth retrying later (Shopify kept failing, a bug, a timeout). */
    FAILED,
    /** The app was uninstalled: do not sync until the shop is registered again. */
    STOPPED,
    /**
     * Shopify no longer accepts the shop's access: the token was revoked, its refresh token expired,
     * or a scope the sync needs was not granted. Syncing again cannot help; only connecting the shop
     * again (a new OAuth grant, {@link ShopRegistry#register}) restores it, and registering resets
     * the status to {@link #PENDING}.
     */
    RECONNECT_NEEDED,
    /**
     * Shopify refuses to serve the shop: frozen for an unpaid bill (HTTP 402), locked (HTTP 423) or
     * inactive ({@code SHOP_INACTIVE}). Only the shop's owner can change that; a later sync finds
     * out whether they have.
     */
    UNAVAILABLE;

    /**
     * Whether the merchant must act before syncing can succeed.
     *
     * @return true for {@link #RECONNECT_NEEDED} and {@link #UNAVAILABLE}
     */
    public boolean needsMerchant() {
        return this == RECONNECT_NEEDED || this == UNAVAILABLE;
    }
}
