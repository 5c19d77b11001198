package dev.shopifyingest.insights;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The sums of one local day: orders processed that day and their money, refunds made that day.
 *
 * @param day the day in the shop's time zone
 * @param orders orders processed
 * @param grossSales line items before discounts
 * @param discounts discounts
 * @param shipping shipping charged
 * @param taxes taxes charged
 * @param refunds money refunded that day
 */
record DayFigures(LocalDate day, long orders, BigDecimal grossSales, BigDecimal discounts, BigDecimal shipping,
                  BigDecimal taxes, BigDecimal refunds) {

    static final DayFigures NONE = new DayFigures(null, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
            BigDecimal.ZERO, BigDecimal.ZERO);

    DayFigures plus(DayFigures other) {
        return new DayFigures(day, orders + other.orders, grossSales.add(other.grossSales),
                discounts.add(other.discounts), shipping.add(other.shipping), taxes.add(other.taxes),
                refunds.add(other.refunds));
    }

    /** Gross sales less discounts and refunds. */
    BigDecimal netSales() {
        return grossSales.subtract(discounts).subtract(refunds);
    }

    /** Net sales plus shipping and taxes. */
    BigDecimal totalSales() {
        return netSales().add(shipping).add(taxes);
    }
}
