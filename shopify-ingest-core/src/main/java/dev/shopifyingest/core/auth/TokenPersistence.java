package dev.shopifyingest.core.auth;

import java.util.function.UnaryOperator;

/**
 * Where an embedder keeps a shop's expiring token, so that rotated tokens survive a crash and
 * app instances do not race each other's refresh.
 */
public interface TokenPersistence {

    /**
     * Refreshes under a lock held across every app instance: reads the token stored now (another
     * instance may have refreshed it already), passes it to {@code refresh}, and durably stores
     * and returns what {@code refresh} answers — all before the lock is released. The refresh
     * function returns its argument unchanged when that token is still fresh.
     */
    AccessToken refreshExclusively(UnaryOperator<AccessToken> refresh);
}
