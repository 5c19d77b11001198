package dev.shopifyingest.insights;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What an insight is asked about: one shop, a range of calendar days in the shop's own time zone
 * ({@code from} and {@code to} both included), and which orders count.
 *
 * <p>By default cancelled orders and test orders are left out, everywhere (sales, orders,
 * customers, top lists); {@link Builder#includeCancelled(boolean)} and
 * {@link Builder#includeTest(boolean)} put them back. Deleted orders never count. See
 * {@code docs/insights.md} for what each figure means.
 *
 * <pre>{@code
 * InsightsQuery query = InsightsQuery.of(shopId, LocalDate.of(2026, 10, 29), LocalDate.of(2026, 11, 27));
 * InsightsQuery withCancelled = query.toBuilder().includeCancelled(true).build();
 * }</pre>
 *
 * @param shopId the shop ({@code shops.shop_id} of the store)
 * @param from the first day, in the shop's time zone
 * @param to the last day, included
 * @param includeCancelled whether cancelled orders count
 * @param includeTest whether test orders count
 */
public record InsightsQuery(long shopId, LocalDate from, LocalDate to, boolean includeCancelled,
                            boolean includeTest) {

    /** The longest range accepted, in days (two years, one of them a leap year). */
    public static final int MAX_DAYS = 731;

    /**
     * Validates the range.
     *
     * @throws InvalidDateRangeException if {@code from} is after {@code to} or the range is longer
     *     than {@value #MAX_DAYS} days
     */
    public InsightsQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new InvalidDateRangeException("from (" + from + ") is after to (" + to + ").");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_DAYS) {
            throw new InvalidDateRangeException("The range " + from + " to " + to + " spans " + days
                    + " days; at most " + MAX_DAYS + " are allowed. Ask for a shorter range.");
        }
    }

    /**
     * A query over {@code from}..{@code to} with the default exclusions (no cancelled, no test
     * orders).
     *
     * @param shopId the shop
     * @param from the first day
     * @param to the last day, included
     * @return the query
     * @throws InvalidDateRangeException if the range is invalid
     */
    public static InsightsQuery of(long shopId, LocalDate from, LocalDate to) {
        return new InsightsQuery(shopId, from, to, false, false);
    }

    /**
     * Starts a query for a shop.
     *
     * @param shopId the shop
     * @return a builder with no range yet and the default exclusions
     */
    public static Builder builder(long shopId) {
        return new Builder(shopId);
    }

    /**
     * A builder holding this query, to derive a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(shopId).range(from, to).includeCancelled(includeCancelled).includeTest(includeTest);
    }

    /**
     * How many days the range covers.
     *
     * @return between 1 and {@value #MAX_DAYS}
     */
    public int days() {
        return (int) ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** The set of order kinds this query counts, as the rollups number it (bit 1 cancelled, bit 2 test). */
    int mode() {
        return (includeCancelled ? 1 : 0) | (includeTest ? 2 : 0);
    }

    /** The order kinds (0 ordinary, 1 cancelled, 2 test, 3 both) this query counts. */
    short[] kinds() {
        int mode = mode();
        short[] kinds = new short[4];
        int count = 0;
        for (short kind = 0; kind < 4; kind++) {
            if ((kind & ~mode) == 0) {
                kinds[count++] = kind;
            }
        }
        return java.util.Arrays.copyOf(kinds, count);
    }

    /** Configures an {@link InsightsQuery}. */
    public static final class Builder {
        private final long shopId;
        private LocalDate from;
        private LocalDate to;
        private boolean includeCancelled;
        private boolean includeTest;

        private Builder(long shopId) {
            this.shopId = shopId;
        }

        /**
         * The days asked about, both included, in the shop's time zone.
         *
         * @param from the first day
         * @param to the last day
         * @return this builder
         */
        public Builder range(LocalDate from, LocalDate to) {
            this.from = Objects.requireNonNull(from, "from");
            this.to = Objects.requireNonNull(to, "to");
            return this;
        }

        /**
         * Whether cancelled orders count (default false, as they are no sale).
         *
         * @param include true to count them
         * @return this builder
         */
        public Builder includeCancelled(boolean include) {
            this.includeCancelled = include;
            return this;
        }

        /**
         * Whether test orders count (default false, as Shopify's reports leave them out).
         *
         * @param include true to count them
         * @return this builder
         */
        public Builder includeTest(boolean include) {
            this.includeTest = include;
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         * @throws InvalidDateRangeException if the range is missing or invalid
         */
        public InsightsQuery build() {
            if (from == null || to == null) {
                throw new InvalidDateRangeException("Say which days to ask about: both from and to are needed.");
            }
            return new InsightsQuery(shopId, from, to, includeCancelled, includeTest);
        }
    }
}
