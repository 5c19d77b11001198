package dev.shopifyingest.testkit.store;

import java.math.BigDecimal;

/**
 * One line of an order.
 *
 * @param id numeric id; the GID is {@code gid://shopify/LineItem/{id}}
 * @param productId the product's numeric id, or {@code null} when the product was deleted
 * @param variantId the variant's numeric id, or {@code null} when the variant was deleted
 * @param title product title at the time of the order
 * @param variantTitle variant title at the time of the order
 * @param sku SKU at the time of the order
 * @param quantity units ordered
 * @param unitPrice original unit price in the shop currency
 * @param totalDiscount the order discount allocated to this line
 */
public record FakeLineItem(long id, Long productId, Long variantId, String title, String variantTitle, String sku,
                           int quantity, BigDecimal unitPrice, BigDecimal totalDiscount) {

    /** Shopify's global id of this line item. */
    public String gid() {
        return "gid://shopify/LineItem/" + id;
    }

    /** {@code unitPrice × quantity}, Shopify's {@code originalTotalSet}. */
    public BigDecimal originalTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }

    /** The original total less the allocated discount, Shopify's {@code discountedTotalSet}. */
    public BigDecimal discountedTotal() {
        return originalTotal().subtract(totalDiscount);
    }
}
