package dev.shopifyingest.testkit.graphql;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Shopify's leaky bucket of query cost points for one app on one shop (PROTOCOL §2): starts full,
 * a request takes its requested cost up front and gets the unused part back, and points flow back
 * continuously at the restore rate, measured on the injected clock (never on wall time), up to the
 * bucket size. Thread-safe.
 */
final class LeakyBucket {

    private final double maximum;
    private final double restoreRate;
    private final Clock clock;
    private double available;
    private Instant last;

    LeakyBucket(ThrottleSettings settings, Clock clock) {
        this.maximum = settings.maximumAvailable();
        this.restoreRate = settings.restoreRate();
        this.clock = clock;
        this.available = maximum;
        this.last = clock.instant();
    }

    /** Points available now. */
    synchronized double available() {
        restore();
        return available;
    }

    /** Takes {@code cost} points if the bucket holds them; otherwise takes nothing and returns false. */
    synchronized boolean tryTake(double cost) {
        restore();
        if (available < cost) {
            return false;
        }
        available -= cost;
        return true;
    }

    /** Gives back points a request was charged but did not use. */
    synchronized void refund(double points) {
        restore();
        available = Math.min(maximum, available + Math.max(0, points));
    }

    double maximum() {
        return maximum;
    }

    double restoreRate() {
        return restoreRate;
    }

    private void restore() {
        Instant now = clock.instant();
        if (now.isAfter(last)) {
            double seconds = Duration.between(last, now).toNanos() / 1e9;
            available = Math.min(maximum, available + seconds * restoreRate);
            last = now;
        }
    }
}
