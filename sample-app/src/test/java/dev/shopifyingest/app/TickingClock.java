package dev.shopifyingest.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that ticks with the system clock from a chosen start, and that tests can move forward
 * (to expire tokens) without stopping it: FakeShopify's throttling bucket refills as it ticks.
 * Thread-safe.
 */
public final class TickingClock extends Clock {

    private final Instant systemStart = Instant.now();
    private final Instant start;
    private volatile Duration jumped = Duration.ZERO;

    /**
     * Creates a clock.
     *
     * @param start what it shows now
     */
    public TickingClock(Instant start) {
        this.start = start;
    }

    /** Moves the clock forward by {@code duration}; it keeps ticking from there. */
    public synchronized void advance(Duration duration) {
        jumped = jumped.plus(duration);
    }

    @Override
    public Instant instant() {
        return start.plus(Duration.between(systemStart, Instant.now())).plus(jumped);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
