package dev.shopifyingest.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Shopify product with its variants.
 *
 * @param id numeric id
 * @param title title
 * @param handle URL handle
 * @param vendor vendor
 * @param productType product type
 * @param status {@code ACTIVE}, {@code ARCHIVED}, {@code DRAFT} or {@code UNLISTED}
 * @param tags tags
 * @param variants variants in position order
 * @param createdAt when created
 * @param updatedAt when last changed; newer versions replace older ones
 * @param rawJson the JSON node this record was read from
 */
public record Product(long id, String title, String handle, String vendor, String productType, String status,
                      List<String> tags, List<ProductVariant> variants, Instant createdAt, Instant updatedAt,
                      String rawJson) implements Entity {

    /** Checks required fields and copies the lists. */
    public Product {
        tags = List.copyOf(tags);
        variants = List.copyOf(variants);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(rawJson, "rawJson");
    }

    @Override
    public EntityType type() {
        return EntityType.PRODUCT;
    }
}
