package dev.shopifyingest.jdbc.examples;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.auth.RefreshingTokenSource;
import dev.shopifyingest.core.auth.ShopifyOAuth;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.Shop;
import dev.shopifyingest.jdbc.ShopDetails;
import dev.shopifyingest.jdbc.ShopStateCount;
import dev.shopifyingest.jdbc.SyncStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The jdbc guide's "Store a shop", as code that compiles and runs (see {@code ExamplesTest}).
 */
final class ShopsExample {

    /** What the registry answered before the shop was uninstalled and erased. */
    record Lookups(Optional<Shop> byDomain, Optional<Shop> byId, List<Shop> all, Optional<AccessToken> token) {
    }

    private ShopsExample() {
    }

    /** Registers a shop after the OAuth exchange; returns its tenant id. */
    static long register(PostgresStore store, AccessToken accessToken) {
        // tag::register[]
        Shop shop = store.shops().register(accessToken,
                new ShopDetails("My Store", "EUR", ZoneId.of("Europe/Berlin")));
        long shopId = shop.shopId();    // the tenant id; keep it, every row of the shop carries it
        // end::register[]
        return shopId;
    }

    /** Every other registry operation, in the order of a shop's life: {@code my-store} ends erased. */
    static Lookups registryOperations(PostgresStore store, long shopId) {
        // tag::registry[]
        Optional<Shop> byDomain = store.shops().find(ShopDomain.parse("my-store"));
        Optional<Shop> byId = store.shops().find(shopId);
        List<Shop> all = store.shops().list();
        List<ShopStateCount> byState = store.shops().countByState();   // one grouped query, for gauges
        Optional<AccessToken> token = store.shops().accessToken(shopId);   // decrypted; empty once revoked
        store.shops().updateSyncStatus(shopId, SyncStatus.SYNCING, null);
        store.shops().updateSyncStatus(shopId, SyncStatus.IDLE, null);     // also stamps lastSyncedAt
        store.shops().recordApiDeprecation(ShopDomain.parse("my-store"), "2026-10", "Order.totalPrice is deprecated");
        store.shops().markUninstalled(shopId);   // erases tokens, stops syncing, keeps the data
        store.shops().erase(shopId);             // deletes the shop and every row of it
        store.shops().reencryptTokens();         // after rotating keys: moves every token to the current key
        // end::registry[]
        return new Lookups(byDomain, byId, all, token);
    }

    /** A token source that refreshes the shop's expiring token and stores each rotation. */
    static AccessTokenSource tokens(PostgresStore store, ShopifyOAuth oauth, long shopId) {
        // tag::token-source[]
        AccessToken stored = store.shops().accessToken(shopId).orElseThrow();
        AccessTokenSource tokens = new RefreshingTokenSource(oauth, stored,
                store.shops().tokenPersistence(shopId), Clock.systemUTC(), Duration.ofMinutes(5));
        // end::token-source[]
        return tokens;
    }
}
