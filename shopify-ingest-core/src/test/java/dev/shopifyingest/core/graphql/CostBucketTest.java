package dev.shopifyingest.core.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CostBucketTest {

    private final Instant t0 = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void sendsAtOnceBeforeAnythingIsKnown() {
        assertThat(new CostBucket().reserve(500, t0)).isZero();
    }

    @Test
    void waitsForTheMissingPointsAtTheRestoreRate() {
        CostBucket bucket = new CostBucket();
        bucket.observe(new QueryCost(100, 90.0, 2000, 150, 100), t0);
        // 150 available, 400 wanted: 250 missing at 100/s.
        assertThat(bucket.reserve(400, t0)).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void restoresOverTimeUpToTheMaximum() {
        CostBucket bucket = new CostBucket();
        bucket.observe(new QueryCost(100, 90.0, 2000, 0, 100), t0);
        assertThat(bucket.reserve(1000, t0.plusSeconds(10))).isZero();
        assertThat(bucket.timeUntil(2000, t0.plusSeconds(60))).isEqualTo(Duration.ofMillis(0));
    }

    @Test
    void concurrentReservationsQueueBehindEachOther() {
        CostBucket bucket = new CostBucket();
        bucket.observe(new QueryCost(100, 90.0, 1000, 1000, 50), t0);
        assertThat(bucket.reserve(1000, t0)).isZero();
        assertThat(bucket.reserve(500, t0)).isEqualTo(Duration.ofSeconds(10));
    }
}
