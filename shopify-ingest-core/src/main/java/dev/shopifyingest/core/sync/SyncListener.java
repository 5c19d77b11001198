package dev.shopifyingest.core.sync;

/** Receives a sync's progress, e.g. to drive a progress bar. Called on the syncing thread; keep it quick. */
@FunctionalInterface
public interface SyncListener {

    /** One progress report. */
    void onProgress(SyncProgress progress);

    /** A listener that ignores every report. */
    SyncListener NONE = progress -> { };
}
