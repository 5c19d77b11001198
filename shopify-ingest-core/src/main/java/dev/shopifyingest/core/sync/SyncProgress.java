package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.EntityType;

/**
 * A progress report of one shop's sync.
 *
 * @param shop the shop
 * @param type the entity type being synced, or {@code null} for reports about the whole sync
 * @param stage what the sync is doing
 * @param done records of {@code type} stored so far in this pass
 * @param total records Shopify counted for this pass, or -1 when unknown
 * @param message a human-readable note (never secrets), or {@code null}
 */
public record SyncProgress(ShopDomain shop, EntityType type, Stage stage, long done, long total, String message) {

    /** What the sync is doing. */
    public enum Stage {
        /** The sync started. */
        STARTED,
        /** Records of one type are being fetched and stored. */
        RUNNING,
        /** All records of one type are stored. */
        TYPE_COMPLETED,
        /** The whole sync finished. */
        COMPLETED,
        /** The sync stopped with an error; {@link #message()} says which. */
        FAILED,
        /** The sync was cancelled. */
        CANCELLED
    }
}
