package dev.shopifyingest.app.load;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latencies recorded by many threads, in microseconds, and their percentiles. Every sample is
 * kept (a 30 s run at 2,000 requests/s is 60,000 longs), so percentiles are exact, not binned.
 */
final class Latencies {

    private long[] micros = new long[4096];
    private int count;

    /** Records one latency. */
    synchronized void add(long nanos) {
        if (count == micros.length) {
            micros = Arrays.copyOf(micros, count * 2);
        }
        micros[count++] = Math.max(0, nanos / 1_000);
    }

    /** How many latencies were recorded. */
    synchronized int count() {
        return count;
    }

    /** The q-quantile (0 < q ≤ 1) in milliseconds, by the nearest-rank method; NaN when empty. */
    synchronized double percentileMillis(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(micros, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)] / 1_000.0;
    }

    /** "p50 1.2 ms, p95 …, p99 …, max …". */
    String summary() {
        return String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
                percentileMillis(0.50), percentileMillis(0.95), percentileMillis(0.99), percentileMillis(1.0));
    }
}
