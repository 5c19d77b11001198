package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopifyException;

/** A sync of the shop is already running in this process; only one runs per shop at a time. */
public final class SyncAlreadyRunningException extends ShopifyException {

    private static final long serialVersionUID = 1L;

    /** A sync of {@code shop} is running. */
    public SyncAlreadyRunningException(String shop) {
        super("A sync of " + shop + " is already running; wait for it to finish or cancel it.");
    }
}
