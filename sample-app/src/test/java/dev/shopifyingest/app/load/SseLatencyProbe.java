package dev.shopifyingest.app.load;

import dev.shopifyingest.app.EventStream;
import dev.shopifyingest.app.RawHttp;
import java.net.URI;
import java.time.Duration;

/**
 * Measures webhook-to-browser latency: posts one signed delivery at a time for a shop and times
 * it from just before the POST is sent until the shop's event stream (opened as a member, as the
 * dashboard does) brings the {@code data-changed} event naming orders. Nothing else writes to
 * that shop, so every such event is the probe's own.
 */
final class SseLatencyProbe implements AutoCloseable {

    /** Time between probes, longer than the event stream's 250 ms coalescing window. */
    static final Duration SPACING = Duration.ofMillis(300);

    /** The longest wait for a probe's event; a probe still waiting then counts as late. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final EventStream events;
    private final WebhookTraffic traffic;
    private final RawHttp.Connection connection;
    private final java.util.concurrent.atomic.AtomicInteger late = new java.util.concurrent.atomic.AtomicInteger();

    private SseLatencyProbe(EventStream events, WebhookTraffic traffic, URI server) {
        this.events = events;
        this.traffic = traffic;
        this.connection = new RawHttp.Connection(server);
    }

    /**
     * Opens the shop's event stream and waits until it listens.
     *
     * @param server  the app
     * @param shopId  the probed shop
     * @param cookie  a member's {@code Cookie} header
     * @param traffic deliveries for that shop, without retries
     * @return the probe
     */
    static SseLatencyProbe open(URI server, long shopId, String cookie, WebhookTraffic traffic)
            throws InterruptedException {
        EventStream events = EventStream.open(server.resolve("/api/shops/" + shopId + "/events"), cookie, null);
        if (events.status() != 200) {
            throw new IllegalStateException("The event stream answered " + events.status());
        }
        return new SseLatencyProbe(events.awaitConnected(), traffic, server);
    }

    /**
     * Sends probes one after the other until the duration is over or the count is reached.
     *
     * @param count    the most probes to send
     * @param duration the longest time to probe
     * @return each probe's latency
     */
    Latencies run(int count, Duration duration) throws Exception {
        Latencies latencies = new Latencies();
        long end = System.nanoTime() + duration.toNanos();
        for (int i = 0; i < count && System.nanoTime() < end; i++) {
            events.drain();
            LoadDriver.Call call = traffic.next();
            long sent = System.nanoTime();
            RawHttp.Response response = connection.exchange(call.request());
            if (!call.expected().test(response)) {
                throw new IllegalStateException("A probe was answered " + response.status() + " " + response.body());
            }
            try {
                events.await(item -> item.name().equals("data-changed") && item.data().contains("ORDER"), PATIENCE);
                latencies.add(System.nanoTime() - sent);
            } catch (AssertionError e) {
                // Under overload the worker's backlog can hold the probe's delivery longer: latency, not loss
                // (the books check that it was applied).
                late.incrementAndGet();
            }
            Thread.sleep(SPACING); // pacing: the next probe starts in a fresh coalescing window
        }
        return latencies;
    }

    /** Probes whose event did not arrive within {@link #PATIENCE}. */
    int late() {
        return late.get();
    }

    /** The deliveries sent, for checking them afterwards. */
    WebhookTraffic traffic() {
        return traffic;
    }

    @Override
    public void close() {
        connection.close();
        events.close();
    }
}
