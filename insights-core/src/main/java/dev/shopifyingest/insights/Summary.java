package dev.shopifyingest.insights;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The headline figures of a shop over a range of days. Money is in the shop's currency, exact,
 * with the currency's usual number of decimals. What each figure counts is defined in
 * {@code docs/insights.md}; in short:
 *
 * <ul>
 *   <li>{@code grossSales}: line items at their original prices, orders processed in the range;
 *   <li>{@code netSales} = gross sales − discounts − refunds made in the range;
 *   <li>{@code totalSales} = net sales + shipping + taxes;
 *   <li>{@code averageOrderValue} = (gross sales − discounts) / orders, as Shopify defines it;
 *   <li>{@code customers}: customers with at least one order in the range, of which
 *       {@code newCustomers} placed their first order ever in it and {@code returningCustomers}
 *       had ordered before it;
 *   <li>{@code totalCustomers}: customers stored for the shop, whether they ordered or not.
 * </ul>
 *
 * @param from the first day of the range
 * @param to the last day of the range, included
 * @param currency the shop's ISO 4217 currency code, or null when the store does not know it
 * @param timeZone the IANA time zone the days are cut in ({@code UTC} when the shop has none)
 * @param totalSales net sales plus shipping and taxes
 * @param netSales gross sales less discounts and refunds
 * @param grossSales line items before discounts
 * @param discounts discounts on the orders
 * @param shipping shipping charged on the orders
 * @param taxes taxes charged on the orders
 * @param refunds money refunded in the range, whatever day its order was placed
 * @param orders orders processed in the range
 * @param averageOrderValue (gross sales − discounts) / orders, rounded half-even; zero without orders
 * @param customers customers who placed an order in the range
 * @param newCustomers of those, the ones whose first order ever is in the range
 * @param returningCustomers of those, the ones who had ordered before the range
 * @param totalCustomers customers of the shop, not deleted
 */
public record Summary(LocalDate from, LocalDate to, String currency, String timeZone, BigDecimal totalSales,
                      BigDecimal netSales, BigDecimal grossSales, BigDecimal discounts, BigDecimal shipping,
                      BigDecimal taxes, BigDecimal refunds, long orders, BigDecimal averageOrderValue,
                      long customers, long newCustomers, long returningCustomers, long totalCustomers) {
}
