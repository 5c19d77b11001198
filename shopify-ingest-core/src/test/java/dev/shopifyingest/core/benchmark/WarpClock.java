package dev.shopifyingest.core.benchmark;

import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real time plus every wait skipped so far: {@link #sleep} returns at once and moves the clock
 * forward by the wait instead. A run paced by Shopify's restore rate (hours for a large store)
 * then takes only its real processing time, while the clock, shared by FakeShopify's query-cost
 * bucket and the client, reads exactly what it would have read had the run really waited.
 */
final class WarpClock extends Clock implements AdminGraphqlClient.Sleeper {

    private final Instant origin;
    private final long originNanos = System.nanoTime();
    private final AtomicLong skippedNanos = new AtomicLong();

    WarpClock(Instant origin) {
        this.origin = origin;
    }

    @Override
    public void sleep(Duration duration) {
        if (!duration.isNegative()) {
            skippedNanos.addAndGet(duration.toNanos());
        }
    }

    /** The waits skipped so far. */
    Duration skipped() {
        return Duration.ofNanos(skippedNanos.get());
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(System.nanoTime() - originNanos + skippedNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
