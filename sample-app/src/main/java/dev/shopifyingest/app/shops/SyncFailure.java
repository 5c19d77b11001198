package dev.shopifyingest.app.shops;

import dev.shopifyingest.core.auth.ReconnectRequiredException;
import dev.shopifyingest.core.graphql.ShopUnavailableException;
import dev.shopifyingest.core.graphql.ShopifyAccessDeniedException;
import dev.shopifyingest.core.graphql.ShopifyAccessRevokedException;
import dev.shopifyingest.core.graphql.ShopifyQueryCostException;
import dev.shopifyingest.core.graphql.ShopifyServerException;
import dev.shopifyingest.core.graphql.ShopifyThrottledException;
import dev.shopifyingest.jdbc.SyncStatus;

/**
 * What a failed sync leaves in the shop registry: the status, and a sentence a merchant
 * understands saying what happened and what resumes syncing. Sentences never carry secrets:
 * only Shopify's scope names and request ids, and the library's redacted messages.
 *
 * @param status the registry status
 * @param detail the sentence shown as the shop's {@code statusDetail}
 */
record SyncFailure(SyncStatus status, String detail) {

    /**
     * The status a sync failing with {@code failure} leaves.
     *
     * @param failure what the sync engine threw
     * @return the status and its sentence
     */
    static SyncFailure of(RuntimeException failure) {
        return switch (failure) {
            case ReconnectRequiredException e -> new SyncFailure(SyncStatus.RECONNECT_NEEDED,
                    "Shopify no longer renews the app's access to this shop (its refresh token expired or was"
                            + " revoked). Connect the shop again to resume syncing.");
            case ShopifyAccessRevokedException e -> new SyncFailure(SyncStatus.STOPPED,
                    "Shopify revoked the app's access to this shop (HTTP " + e.status() + "): the app was uninstalled"
                            + " or its access withdrawn. Connect the shop again to resume syncing.");
            case ShopifyAccessDeniedException e -> new SyncFailure(SyncStatus.RECONNECT_NEEDED,
                    e.requiredScope() == null
                            ? "Shopify denied the app access to some of this shop's data: a permission it needs was"
                                    + " not granted. Connect the shop again and approve the requested access."
                            : "Shopify denied the app access to this shop's data: the " + e.requiredScope()
                                    + " permission was not granted. Connect the shop again and approve it.");
            case ShopUnavailableException e -> new SyncFailure(SyncStatus.UNAVAILABLE, switch (e.reason()) {
                case FROZEN -> "Shopify reports this shop is frozen (unpaid bill): syncing resumes when the shop"
                        + " is active again.";
                case LOCKED -> "Shopify reports this shop is locked: syncing resumes when Shopify unlocks it.";
                case INACTIVE -> "Shopify reports this shop is inactive: syncing resumes when the shop is active"
                        + " again.";
            });
            case ShopifyServerException e -> new SyncFailure(SyncStatus.FAILED,
                    "Shopify kept failing on its side" + (e.requestId() == null ? ""
                            : " (request id " + e.requestId() + ")") + ". The next sync tries again; if this"
                            + " persists, quote the request id to Shopify support.");
            case ShopifyThrottledException e -> new SyncFailure(SyncStatus.FAILED,
                    "Shopify kept asking the app to slow down (rate limit) until it gave up. The next sync"
                            + " tries again where this one stopped.");
            case ShopifyQueryCostException e -> new SyncFailure(SyncStatus.FAILED,
                    "Shopify refused one of the app's queries as too costly (MAX_COST_EXCEEDED). The next sync"
                            + " tries again where this one stopped.");
            default -> new SyncFailure(SyncStatus.FAILED, "The last sync failed: " + failure.getMessage());
        };
    }
}
