package dev.shopifyingest.testkit.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A product with its variants.
 *
 * @param id numeric id; the GID is {@code gid://shopify/Product/{id}}
 * @param title title
 * @param handle URL handle, unique in the store
 * @param vendor vendor
 * @param productType product type
 * @param status {@code ACTIVE}, {@code ARCHIVED}, {@code DRAFT} or {@code UNLISTED}
 * @param tags tags, possibly empty
 * @param variants variants in position order, at least one
 * @param createdAt when the product was created
 * @param updatedAt when the product last changed
 */
public record FakeProduct(long id, String title, String handle, String vendor, String productType, String status,
                          List<String> tags, List<FakeVariant> variants, Instant createdAt, Instant updatedAt)
        implements FakeEntity {

    /** Copies the lists and checks that a product has a variant. */
    public FakeProduct {
        tags = List.copyOf(tags);
        variants = List.copyOf(variants);
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("A product has at least one variant");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    @Override
    public String gid() {
        return "gid://shopify/Product/" + id;
    }

    /** The sum of the variants' inventory, as Shopify's {@code totalInventory}. */
    public int totalInventory() {
        return variants.stream().mapToInt(FakeVariant::inventoryQuantity).sum();
    }

    /** This product with another update time. */
    public FakeProduct withUpdatedAt(Instant when) {
        return new FakeProduct(id, title, handle, vendor, productType, status, tags, variants, createdAt, when);
    }
}
