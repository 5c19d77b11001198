package dev.shopifyingest.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A variant of a product.
 *
 * @param id numeric id
 * @param title title, e.g. {@code Large}
 * @param sku SKU, or {@code null}
 * @param price unit price in the shop currency
 * @param inventoryQuantity units in stock, or {@code null} when not tracked
 * @param position 1-based position within the product
 * @param createdAt when created
 * @param updatedAt when last changed
 */
public record ProductVariant(long id, String title, String sku, BigDecimal price, Integer inventoryQuantity,
                             int position, Instant createdAt, Instant updatedAt) {

    /** Checks required fields. */
    public ProductVariant {
        Objects.requireNonNull(price, "price");
    }
}
