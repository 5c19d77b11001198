package dev.shopifyingest.jdbc.examples;

import dev.shopifyingest.jdbc.ChangeEvent;
import dev.shopifyingest.jdbc.ChangeListener;
import dev.shopifyingest.jdbc.ChangeSubscription;
import dev.shopifyingest.jdbc.PostgresStore;
import java.time.Duration;

/**
 * The jdbc guide's "Subscribe to changes", as code that compiles and runs (see {@code ExamplesTest}).
 */
final class ChangesExample {

    /** A browser's server-sent-event stream, as the app's web framework offers it. */
    interface EventStream {

        /** Sends one event to the browser. */
        void send(String data);

        /** Returns once the browser went away. */
        void awaitClosed() throws InterruptedException;
    }

    private ChangesExample() {
    }

    /** Forwards the shop's committed changes to the browser for as long as it listens. */
    static void streamChanges(PostgresStore store, long shopId, EventStream sse) throws InterruptedException {
        // tag::subscribe[]
        try (ChangeSubscription subscription = store.changes().subscribe(shopId, new ChangeListener() {
            @Override public void onChange(ChangeEvent event) {
                sse.send(event.kind() + " " + event.type() + " " + event.count());   // quick; hand off heavy work
            }
            @Override public void onMissedChanges() {
                sse.send("reload");    // the connection was lost and is back
            }
        })) {
            subscription.awaitListening(Duration.ofSeconds(5));
            sse.awaitClosed();         // while the browser listens; closing the subscription frees its connection
        }
        // end::subscribe[]
    }
}
