package dev.shopifyingest.testkit.store;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A product variant.
 *
 * @param id numeric id; the GID is {@code gid://shopify/ProductVariant/{id}}
 * @param title variant title, e.g. {@code Large / Blue}
 * @param sku stock keeping unit
 * @param price unit price in the shop currency
 * @param inventoryQuantity units in stock
 * @param position 1-based position within the product
 * @param createdAt when the variant was created
 * @param updatedAt when the variant last changed
 */
public record FakeVariant(long id, String title, String sku, BigDecimal price, int inventoryQuantity, int position,
                          Instant createdAt, Instant updatedAt) {

    /** Shopify's global id of this variant. */
    public String gid() {
        return "gid://shopify/ProductVariant/" + id;
    }
}
