/**
 * Connecting a Java service to Shopify stores.
 *
 * <p>This package holds the types every feature shares: {@link dev.shopifyingest.core.ShopDomain}
 * (the canonical name of a store), {@link dev.shopifyingest.core.ShopBaseUrl} (where a store's
 * Admin endpoints live, so tests can point them at a fake) and the library's single unchecked
 * exception root {@link dev.shopifyingest.core.ShopifyException}. Features live in their own
 * packages: {@code auth} (OAuth install flow), {@code webhook} (verifying and reading deliveries).
 */
package dev.shopifyingest.core;
