package dev.shopifyingest.jdbc.examples;

import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopifyException;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.auth.ReconnectRequiredException;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.graphql.ShopUnavailableException;
import dev.shopifyingest.core.graphql.ShopifyAccessDeniedException;
import dev.shopifyingest.core.sync.SyncEngine;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.StoreException;
import dev.shopifyingest.jdbc.SyncStatus;

/**
 * The jdbc guide's "Plug the store into the sync engine", as code that compiles and runs (see
 * {@code ExamplesTest}).
 */
final class SyncIntoStoreExample {

    private SyncIntoStoreExample() {
    }

    /** Syncs a registered shop into the store, recording the sync status; {@code shops} is omitted in production. */
    static void sync(PostgresStore store, long shopId, ShopBaseUrl shops) {
        // tag::sync[]
        SyncEngine engine = SyncEngine.builder()
                .client(AdminGraphqlClient.builder()
                        .baseUrl(shops)             // omit in production
                        .build())
                .sink(store.sink())                 // batched, monotonic upserts; tombstones; children with parents
                .checkpoints(store.checkpoints())   // the same table the sink writes with each batch
                .build();

        AccessToken token = store.shops().accessToken(shopId).orElseThrow();
        store.shops().updateSyncStatus(shopId, SyncStatus.SYNCING, null);
        try {
            engine.sync(token.shop(), AccessTokenSource.of(token.accessToken()));
            store.shops().updateSyncStatus(shopId, SyncStatus.IDLE, null);
        } catch (ReconnectRequiredException | ShopifyAccessDeniedException e) {
            store.shops().updateSyncStatus(shopId, SyncStatus.RECONNECT_NEEDED, "Connect the shop again.");
        } catch (ShopUnavailableException e) {
            store.shops().updateSyncStatus(shopId, SyncStatus.UNAVAILABLE, "Shopify reports the shop " + e.reason());
        } catch (ShopifyException | StoreException e) {
            store.shops().updateSyncStatus(shopId, SyncStatus.FAILED, e.getMessage());
        }
        // end::sync[]
    }
}
