package dev.shopifyingest.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@link ChangeFeed} subscription: a daemon thread holding one connection that
 * {@code LISTEN}s on the feed's channel, reconnecting with exponential backoff when the connection
 * is lost. Close it to stop; closing is idempotent.
 */
public final class ChangeSubscription implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeSubscription.class);
    private static final int POLL_MILLIS = 250;
    private static final AtomicLong THREADS = new AtomicLong();

    private final DataSource dataSource;
    private final String channel;
    private final ChangeListener listener;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Object state = new Object();
    private final Thread thread;
    private boolean listening;
    private long connections;

    private ChangeSubscription(DataSource dataSource, String channel, ChangeListener listener,
                               Duration initialBackoff, Duration maxBackoff) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.listener = listener;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.thread = new Thread(this::run, "shopify-ingest-changes-" + THREADS.incrementAndGet());
        this.thread.setDaemon(true);
    }

    static ChangeSubscription start(DataSource dataSource, String channel, ChangeListener listener,
                                    Duration initialBackoff, Duration maxBackoff) {
        ChangeSubscription subscription = new ChangeSubscription(dataSource, channel, listener, initialBackoff,
                maxBackoff);
        subscription.thread.start();
        return subscription;
    }

    /**
     * Waits until the subscription's connection is listening, so that changes committed from now on
     * are delivered (useful at start-up and in tests).
     *
     * @param timeout how long to wait at most
     * @return true if listening, false if the timeout passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (state) {
            while (!listening) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed.getCount() == 0) {
                    return listening;
                }
                TimeUnit.NANOSECONDS.timedWait(state, left);
            }
            return true;
        }
    }

    /**
     * Whether the connection is currently listening.
     *
     * @return true while connected and listening
     */
    public boolean isListening() {
        synchronized (state) {
            return listening;
        }
    }

    /**
     * How many times the subscription has connected (1 after the first connection; more after
     * reconnects).
     *
     * @return the number of successful connections
     */
    public long connections() {
        synchronized (state) {
            return connections;
        }
    }

    /** Stops listening, releases the connection and ends the thread. */
    @Override
    public void close() {
        closed.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Duration backoff = initialBackoff;
        while (closed.getCount() > 0) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                PGConnection pg = connection.unwrap(PGConnection.class);
                // A pooled connection may hold notifications from an earlier user: not ours to deliver.
                pg.getNotifications();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + channel);
                }
                long connected;
                synchronized (state) {
                    listening = true;
                    connected = ++connections;
                    state.notifyAll();
                }
                if (connected > 1) {
                    log.info("Change feed on channel {} reconnected", channel);
                    safely(listener::onMissedChanges);
                }
                backoff = initialBackoff;
                while (closed.getCount() > 0) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        ChangeFeed.parse(notification.getParameter()).ifPresentOrElse(
                                event -> safely(() -> listener.onChange(event)),
                                () -> log.debug("Ignored a notification on {} that is not the store's", channel));
                    }
                }
                // Hand the connection back to its pool without the subscription.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("unlisten *");
                }
                pg.getNotifications();
            } catch (SQLException | RuntimeException e) {
                if (closed.getCount() == 0) {
                    break;
                }
                log.warn("Change feed on channel {} lost its connection ({}); reconnecting in {} ms", channel,
                        e.getClass().getSimpleName(), backoff.toMillis());
            } finally {
                synchronized (state) {
                    listening = false;
                    state.notifyAll();
                }
            }
            try {
                if (closed.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                if (closed.getCount() == 0) {
                    break;
                }
            }
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("A change listener on channel {} threw {}; the feed goes on", channel, e.toString());
        }
    }

    /**
     * Names the channel and state.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "ChangeSubscription[channel=" + channel + ", listening=" + isListening() + "]";
    }
}
