package dev.shopifyingest.jdbc;

/** Where a shop's synchronisation stands, as the registry records it for dashboards and schedulers. */
public enum SyncStatus {
    /** Registered; no sync has finished yet. */
    PENDING,
    /** A sync is running. */
    SYNCING,
    /** The last sync finished; {@link Shop#lastSyncedAt()} says when. */
    IDLE,
    /** The last sync failed; {@link Shop#syncStatusDetail()} says why. */
    FAILED,
    /** The app was uninstalled: do not sync until the shop is registered again. */
    STOPPED
}
