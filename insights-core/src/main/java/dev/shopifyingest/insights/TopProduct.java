package dev.shopifyingest.insights;

import java.math.BigDecimal;

/**
 * A product among the best sellers of a range.
 *
 * @param id the product's Shopify id
 * @param title its title as stored, or the title on its most recent line item when the product
 *     itself is not stored
 * @param units units sold in the range
 * @param revenue line totals after discounts, in the range
 */
public record TopProduct(long id, String title, long units, BigDecimal revenue) {
}
