package dev.shopifyingest.app.database;

import dev.shopifyingest.app.shops.ShopView;
import dev.shopifyingest.jdbc.InboxBacklog;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.ShopStateCount;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of what the database holds, for {@code /metrics}: the webhook backlog (pending, failing,
 * age of the oldest pending delivery) and the number of shops in each status a merchant sees.
 *
 * <p>They are the same on every instance (they read the shared database), so alert on one
 * instance's values or on the maximum, not on the sum. A scrape reads the database at most once per
 * {@link #MAX_AGE}, whatever the number of gauges, in two queries however many shops there are
 * (the backlog, and the shops grouped by state); when the database does not answer, the gauges read NaN rather than stale figures.
 */
public final class StoreMeters implements AutoCloseable {

    /** How long one reading of the database serves scrapes. */
    public static final Duration MAX_AGE = Duration.ofSeconds(5);

    /** Every status of the JSON API's {@code Shop}, each a {@code status} tag of {@code shops}. */
    static final List<String> SHOP_STATUSES = List.of("connecting", "syncing", "connected", "disconnected",
            "reconnect_needed", "unavailable", "error");

    private static final Logger LOG = LoggerFactory.getLogger(StoreMeters.class);

    /** One reading of the database, at a time of the clock and of {@link System#nanoTime()}. */
    private record Reading(Instant at, long nanoTime, InboxBacklog backlog, Map<String, Long> shopsByStatus) {
    }

    private final PostgresStore store;
    private final Clock clock;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private Reading last;

    private StoreMeters(PostgresStore store, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * Registers the gauges, replacing those of an earlier app in the same JVM (the registry is global).
     *
     * @param store    the store to read
     * @param clock    the time source, for the age of the oldest pending delivery
     * @param registry where the gauges go
     * @return the registered gauges; close to remove them
     */
    public static StoreMeters register(PostgresStore store, Clock clock, MeterRegistry registry) {
        StoreMeters meters = new StoreMeters(Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(registry, "registry"));
        meters.gauge("webhooks.inbox.pending", List.of(), "Webhook deliveries stored and not applied yet",
                reading -> reading.backlog().pending());
        meters.gauge("webhooks.inbox.failing", List.of(), "Pending webhook deliveries whose last attempt failed",
                reading -> reading.backlog().failing());
        meters.gauge("webhooks.inbox.oldest.pending.seconds", List.of(),
                "Age of the oldest pending webhook delivery; 0 when none is pending",
                reading -> reading.backlog().oldestPendingReceivedAt() == null ? 0
                        : Math.max(0, Duration.between(reading.backlog().oldestPendingReceivedAt(), reading.at())
                                .toMillis() / 1000.0));
        for (String status : SHOP_STATUSES) {
            meters.gauge("shops", List.of(Tag.create("status", status)), "Registered shops by the status the dashboard shows",
                    reading -> reading.shopsByStatus().getOrDefault(status, 0L));
        }
        return meters;
    }

    private void gauge(String name, List<Tag> tags, String description, ToDoubleFunction<Reading> value) {
        registry.remove(name, tags);
        meters.add(registry.getOrCreate(Gauge.builder(name, () -> {
            Reading reading = reading();
            return reading == null ? Double.NaN : value.applyAsDouble(reading);
        }).description(description).tags(tags)));
    }

    private synchronized Reading reading() {
        long nanoTime = System.nanoTime();
        if (last != null && nanoTime - last.nanoTime() < MAX_AGE.toNanos()) {
            return last;
        }
        try {
            InboxBacklog backlog = store.inbox().backlog();
            Map<String, Long> byStatus = new HashMap<>();
            for (ShopStateCount state : store.shops().countByState()) {
                byStatus.merge(ShopView.statusOf(state.installed(), state.hasAccessToken(), state.syncStatus()),
                        state.shops(), Long::sum);
            }
            last = new Reading(clock.instant(), nanoTime, backlog, byStatus);
            return last;
        } catch (RuntimeException e) {
            LOG.warn("Could not read the store's gauges: {}", e.getMessage());
            last = null;
            return null;
        }
    }

    /** Removes the gauges from the registry. */
    @Override
    public void close() {
        for (Meter meter : meters) {
            registry.remove(meter);
        }
        meters.clear();
    }
}
