package dev.shopifyingest.jdbc;

/**
 * Receives committed changes from a {@link ChangeFeed}. Called on the feed's own thread, one event
 * at a time; return quickly (hand work to another thread) so later events are not delayed. An
 * exception thrown here is logged and the feed goes on.
 */
@FunctionalInterface
public interface ChangeListener {

    /**
     * A transaction committed this change.
     *
     * @param event the change
     */
    void onChange(ChangeEvent event);

    /**
     * The feed's connection was lost and is back: changes committed meanwhile were not announced,
     * so reload whatever is shown. Does nothing unless overridden.
     */
    default void onMissedChanges() {
    }
}
