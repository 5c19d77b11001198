package dev.shopifyingest.core.graphql;

import java.time.Duration;
import java.time.Instant;

/**
 * The client's view of Shopify's leaky bucket for one app on one shop, learned from each
 * response's throttle status. Callers reserve a query's estimated cost before sending it and
 * wait the time this returns, so queries the bucket cannot afford are delayed, not refused.
 */
final class CostBucket {

    private double maximum = Double.NaN;
    private double available;
    private double restoreRate;
    private Instant observedAt;

    /** Time to wait before a query estimated at {@code cost} may be sent; reserves that cost. */
    synchronized Duration reserve(double cost, Instant now) {
        if (Double.isNaN(maximum) || cost <= 0) {
            return Duration.ZERO;
        }
        double level = levelAt(now);
        double needed = Math.min(cost, maximum);
        Duration wait = Duration.ZERO;
        if (level < needed) {
            long millis = (long) Math.ceil((needed - level) / restoreRate * 1000.0);
            wait = Duration.ofMillis(millis);
        }
        // Reserve now so that concurrent callers queue behind each other.
        available = level - needed;
        observedAt = now;
        return wait;
    }

    /** Records the throttle status Shopify reported at {@code now}. */
    synchronized void observe(QueryCost cost, Instant now) {
        if (cost == null || cost.restoreRate() <= 0) {
            return;
        }
        maximum = cost.maximumAvailable();
        restoreRate = cost.restoreRate();
        available = cost.currentlyAvailable();
        observedAt = now;
    }

    /** The time until {@code cost} points are available, judging by the last observation. */
    synchronized Duration timeUntil(double cost, Instant now) {
        if (Double.isNaN(maximum)) {
            return Duration.ZERO;
        }
        double missing = Math.min(cost, maximum) - levelAt(now);
        return missing <= 0 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil(missing / restoreRate * 1000.0));
    }

    private double levelAt(Instant now) {
        double seconds = Math.max(0, Duration.between(observedAt, now).toNanos() / 1e9);
        return Math.min(maximum, available + seconds * restoreRate);
    }
}
