package dev.shopifyingest.insights;

import java.math.BigDecimal;

/**
 * A customer among the biggest spenders of a range.
 *
 * @param id the customer's Shopify id
 * @param name "First Last", or the e-mail when both are blank, or null when the customer is not
 *     stored (not synced yet, or erased)
 * @param email the e-mail, or null
 * @param orders orders the customer placed in the range
 * @param spend what those orders cost the customer, net of refunds on them (see {@code docs/insights.md})
 */
public record TopCustomer(long id, String name, String email, long orders, BigDecimal spend) {
}
