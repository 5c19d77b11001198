package dev.shopifyingest.insights;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Sales and orders over time: one point per bucket (day, ISO week or month in the shop's time
 * zone) of the range, every bucket present, zero where nothing sold. The first and last buckets
 * of a week or month series may be partial: they count only the days inside the range, and say so
 * in their {@code start} and {@code end}.
 *
 * @param from the first day of the range
 * @param to the last day of the range, included
 * @param granularity the bucket size
 * @param currency the shop's currency, or null when unknown
 * @param points the buckets, in time order
 */
public record Series(LocalDate from, LocalDate to, Granularity granularity, String currency, List<Point> points) {

    /** Copies the points. */
    public Series {
        points = List.copyOf(points);
    }

    /**
     * One bucket.
     *
     * @param start the first day it covers (within the range)
     * @param end the last day it covers, included (within the range)
     * @param totalSales total sales of those days (refunds on the day they were made)
     * @param netSales net sales of those days
     * @param orders orders processed on those days
     */
    public record Point(LocalDate start, LocalDate end, BigDecimal totalSales, BigDecimal netSales, long orders) {
    }
}
