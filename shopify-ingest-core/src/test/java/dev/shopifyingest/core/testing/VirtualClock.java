package dev.shopifyingest.core.testing;

import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Time that moves only when a test (or the code under test, through {@link #sleep}) moves it.
 * Shared by FakeShopify (its query-cost bucket refills on this clock) and the client (which waits
 * through {@link #sleep}), a paced run takes no wall time and is the same on every machine.
 */
public final class VirtualClock extends Clock implements AdminGraphqlClient.Sleeper {

    private final AtomicReference<Instant> now;
    private final List<Duration> sleeps = new ArrayList<>();

    /** A clock standing at {@code start}. */
    public VirtualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves the clock forward. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Time does not go back: " + duration);
        }
        now.updateAndGet(t -> t.plus(duration));
    }

    /** Records the wait and moves the clock by it, at once. */
    @Override
    public void sleep(Duration duration) {
        synchronized (sleeps) {
            sleeps.add(duration);
        }
        advance(duration);
    }

    /** Every wait asked for so far, in order. */
    public List<Duration> sleeps() {
        synchronized (sleeps) {
            return List.copyOf(sleeps);
        }
    }

    /** The sum of every wait asked for so far. */
    public Duration slept() {
        return sleeps().stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("A virtual clock has one zone, UTC");
    }
}
