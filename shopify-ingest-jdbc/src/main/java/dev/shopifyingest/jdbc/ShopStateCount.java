package dev.shopifyingest.jdbc;

import java.util.Objects;

/**
 * How many registered shops are in one state, as {@link ShopRegistry#countByState()} reports it:
 * what a dashboard or a metric needs to sum shops by status without reading each one.
 *
 * @param installed      whether the app is installed ({@link Shop#isInstalled()})
 * @param hasAccessToken whether a token is stored ({@link Shop#hasAccessToken()})
 * @param syncStatus     the sync status ({@link Shop#syncStatus()})
 * @param shops          how many shops are in this state, at least 1
 */
public record ShopStateCount(boolean installed, boolean hasAccessToken, SyncStatus syncStatus, long shops) {

    /** Checks the components. */
    public ShopStateCount {
        Objects.requireNonNull(syncStatus, "syncStatus");
        if (shops < 1) {
            throw new IllegalArgumentException("A state is counted only when at least one shop is in it, got " + shops);
        }
    }
}
