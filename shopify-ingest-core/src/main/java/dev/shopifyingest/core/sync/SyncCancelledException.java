package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopifyException;

/**
 * The sync was cancelled. Everything stored before stays stored with its checkpoint, so the next
 * sync resumes where this one stopped.
 */
public final class SyncCancelledException extends ShopifyException {

    private static final long serialVersionUID = 1L;

    /** The sync of {@code shop} was cancelled. */
    public SyncCancelledException(String shop) {
        super("The sync of " + shop + " was cancelled; the next sync resumes from its last checkpoint.");
    }
}
