package dev.shopifyingest.core.auth;

import java.util.Optional;

/**
 * Keeps issued OAuth states between the authorize redirect and the callback.
 *
 * <p>A store only remembers and hands back; {@link ShopifyOAuth} generates the nonces and does
 * every check (expiry, session, shop), so each store gets them right by construction. What a
 * store must guarantee is single use: {@link #consume(String)} returns a given state at most once,
 * even when two callbacks race, and removes it.
 *
 * <p>{@link InMemoryStateStore} suits a single application instance. Instances behind a load
 * balancer need a shared store (for example a table with {@code DELETE ... RETURNING}). Stores
 * should also drop states some time after {@link OAuthState#expiresAt()}; keeping them a little
 * longer only changes the error a late callback gets from "unknown" to "expired".
 */
public interface StateStore {

    /**
     * Remembers a newly issued state.
     *
     * @param state the state; its nonce is unique
     */
    void save(OAuthState state);

    /**
     * Removes the state with this nonce and returns it, atomically.
     *
     * @param nonce the {@code state} parameter of a callback
     * @return the state if it was saved and not yet consumed (even if expired), otherwise empty
     */
    Optional<OAuthState> consume(String nonce);
}
