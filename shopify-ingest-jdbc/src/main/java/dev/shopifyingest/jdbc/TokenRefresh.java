package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.auth.AccessToken;

/**
 * Refreshes a shop's expiring access token while {@link ShopRegistry#refreshLock} holds the shop's
 * lock, so that of several app instances wanting a fresh token at once, only one asks Shopify.
 */
@FunctionalInterface
public interface TokenRefresh {

    /**
     * Returns the token to use from now on.
     *
     * @param current the stored token, as another instance may just have refreshed it
     * @return {@code current} itself when it is still fresh enough, otherwise a new token from
     *     Shopify, which the store saves before releasing the lock
     */
    AccessToken refresh(AccessToken current);
}
