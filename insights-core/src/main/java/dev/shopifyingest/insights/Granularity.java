package dev.shopifyingest.insights;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * The size of the buckets of a {@link Series}: calendar days, ISO weeks (Monday to Sunday) or
 * calendar months, all in the shop's time zone. A day is one bucket whether it lasts 23, 24 or 25
 * hours.
 */
public enum Granularity {
    /** One bucket per calendar day. */
    DAY,
    /** One bucket per ISO week, starting on Monday. */
    WEEK,
    /** One bucket per calendar month. */
    MONTH;

    /**
     * Reads a granularity as the JSON API writes it ({@code day}, {@code week}, {@code month}),
     * ignoring case.
     *
     * @param name the name
     * @return the granularity
     * @throws InvalidGranularityException if the name is none of those
     */
    public static Granularity parse(String name) {
        if (name != null) {
            for (Granularity granularity : values()) {
                if (granularity.name().equalsIgnoreCase(name.strip())) {
                    return granularity;
                }
            }
        }
        throw new InvalidGranularityException("Unknown granularity '" + name + "'. Use day, week or month.");
    }

    /**
     * The lower-case name the JSON API uses.
     *
     * @return {@code day}, {@code week} or {@code month}
     */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The first calendar day of the bucket that holds {@code day}.
     *
     * @param day a day
     * @return the day itself, the Monday of its week, or the first of its month
     */
    public LocalDate bucketStart(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /**
     * The first calendar day of the bucket after the one that holds {@code day}.
     *
     * @param day a day
     * @return the next day, next Monday or the first of the next month
     */
    public LocalDate nextBucketStart(LocalDate day) {
        return switch (this) {
            case DAY -> day.plusDays(1);
            case WEEK -> bucketStart(day).plusWeeks(1);
            case MONTH -> bucketStart(day).plusMonths(1);
        };
    }
}
