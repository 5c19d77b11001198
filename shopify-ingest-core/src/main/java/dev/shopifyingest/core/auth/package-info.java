/**
 * Installing an app on a store with Shopify's OAuth authorization-code grant.
 *
 * <p>The flow, in calls on {@link dev.shopifyingest.core.auth.ShopifyOAuth}:
 *
 * <ol>
 *   <li>{@code authorize(shop, session)} issues a single-use state bound to the caller's session and
 *       to the shop, and returns the URL to redirect the merchant to;
 *   <li>{@code verifyCallback(query, session)} checks Shopify's redirect back: HMAC first, then
 *       the shop, the timestamp and the state;
 *   <li>{@code exchangeCode(callback)} trades the authorization code for an offline access token
 *       and checks that every requested scope was granted.
 * </ol>
 *
 * <p>States live in a {@link dev.shopifyingest.core.auth.StateStore}; the in-memory one suits a
 * single instance, a shared one (for example in PostgreSQL) is needed behind a load balancer.
 */
package dev.shopifyingest.core.auth;
