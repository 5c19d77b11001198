package dev.shopifyingest.app.webhooks;

import dev.shopifyingest.jdbc.WebhookInbox;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trims applied webhook deliveries from the inbox once they are older than the retention: their
 * bodies are already gone, and the rows only serve to recognise Shopify's retries, which stop
 * within 48 hours. Pending and failing deliveries are never trimmed. Every instance may run it; the
 * deletes do not conflict.
 */
public final class InboxRetention implements AutoCloseable {

    /** The shortest retention accepted: Shopify retries a delivery for up to 48 hours. */
    public static final Duration MIN_RETENTION = Duration.ofDays(3);

    private static final Logger LOG = LoggerFactory.getLogger(InboxRetention.class);

    private final WebhookInbox inbox;
    private final Clock clock;
    private final Duration retention;
    private final ScheduledExecutorService scheduler;

    private InboxRetention(WebhookInbox inbox, Clock clock, Duration retention) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.compareTo(MIN_RETENTION) < 0) {
            throw new IllegalArgumentException("Keep applied webhooks at least " + MIN_RETENTION.toDays()
                    + " days: Shopify retries a delivery for up to 48 hours.");
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("webhook-retention").daemon().factory());
    }

    /**
     * Starts trimming every {@code interval}, the first time one interval after the start.
     *
     * @param inbox     the inbox to trim
     * @param clock     the time source
     * @param retention how long applied deliveries are kept, at least {@link #MIN_RETENTION}
     * @param interval  how often to trim
     * @return the running task; close it to stop
     */
    public static InboxRetention start(WebhookInbox inbox, Clock clock, Duration retention, Duration interval) {
        InboxRetention task = new InboxRetention(inbox, clock, retention);
        task.scheduler.scheduleWithFixedDelay(task::trimQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return task;
    }

    /**
     * Trims now.
     *
     * @return how many applied deliveries were deleted
     */
    public int trim() {
        int deleted = inbox.purgeDone(clock.instant().minus(retention));
        if (deleted > 0) {
            LOG.info("Trimmed {} applied webhook deliveries older than {} days", deleted, retention.toDays());
        }
        return deleted;
    }

    private void trimQuietly() {
        try {
            trim();
        } catch (RuntimeException e) {
            LOG.warn("Could not trim the webhook inbox: {}", e.getMessage());
        }
    }

    /** Stops trimming. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
