package dev.shopifyingest.testkit.store;

/**
 * The orders an {@link EntityTable} can be scanned in: the sort keys every Shopify connection the
 * project reads offers ({@code ID}, {@code CREATED_AT}, {@code UPDATED_AT}) plus orders'
 * {@code PROCESSED_AT}. Ties break by id, as on Shopify.
 */
public enum SortKey {
    /** By numeric id. */
    ID,
    /** By creation time. */
    CREATED_AT,
    /** By last update time. */
    UPDATED_AT,
    /** By processing time; orders only. */
    PROCESSED_AT;

    long keyOf(FakeEntity entity) {
        return switch (this) {
            case ID -> entity.id();
            case CREATED_AT -> entity.createdAt().toEpochMilli();
            case UPDATED_AT -> entity.updatedAt().toEpochMilli();
            case PROCESSED_AT -> {
                if (!(entity instanceof FakeOrder order)) {
                    throw new IllegalArgumentException("PROCESSED_AT applies to orders only");
                }
                yield order.processedAt().toEpochMilli();
            }
        };
    }
}
