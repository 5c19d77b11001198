package dev.shopifyingest.core.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of an order; amounts in the shop currency.
 *
 * @param id numeric id
 * @param productId the product's numeric id, or {@code null} when the product no longer exists
 * @param variantId the variant's numeric id, or {@code null}
 * @param title product title at the time of the order
 * @param variantTitle variant title, or {@code null} when the product has no options (Shopify's
 *     placeholder {@code Default Title} is read as {@code null}, as webhooks report it)
 * @param sku SKU, or {@code null}
 * @param quantity units ordered
 * @param currentQuantity units after removals and returns
 * @param originalUnitPrice unit price before discounts
 * @param discountedTotal line total after discounts
 * @param totalDiscount discounts allocated to the line
 */
public record LineItem(long id, Long productId, Long variantId, String title, String variantTitle, String sku,
                       int quantity, int currentQuantity, BigDecimal originalUnitPrice, BigDecimal discountedTotal,
                       BigDecimal totalDiscount) {

    /** Checks required fields. */
    public LineItem {
        Objects.requireNonNull(originalUnitPrice, "originalUnitPrice");
        Objects.requireNonNull(discountedTotal, "discountedTotal");
        Objects.requireNonNull(totalDiscount, "totalDiscount");
    }
}
