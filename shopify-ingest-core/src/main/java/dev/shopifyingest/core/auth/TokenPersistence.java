package dev.shopifyingest.core.auth;

import java.util.Objects;
import java.util.function.Consumer;
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

    /**
     * Persistence for one process: keeps the latest token in memory and hands every rotated token
     * to {@code onRotated} (which stores it) before it is used.
     *
     * @param initial the token as last stored
     * @param onRotated receives each new token; if it throws, the new token is not used
     * @return the persistence
     */
    static TokenPersistence inProcess(AccessToken initial, Consumer<AccessToken> onRotated) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(onRotated, "onRotated");
        return new TokenPersistence() {
            private AccessToken latest = initial;

            @Override
            public synchronized AccessToken refreshExclusively(UnaryOperator<AccessToken> refresh) {
                AccessToken fresh = refresh.apply(latest);
                if (fresh != latest) {
                    onRotated.accept(fresh);
                    latest = fresh;
                }
                return fresh;
            }
        };
    }
}
