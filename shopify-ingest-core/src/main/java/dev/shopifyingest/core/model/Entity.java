package dev.shopifyingest.core.model;

import java.time.Instant;

/** What every ingested top-level resource has: a type, a numeric id and an update time. */
public sealed interface Entity permits Customer, Product, Order {

    /** The resource type. */
    EntityType type();

    /** The numeric id ({@code legacyResourceId}); unsigned 64-bit values fit because Shopify's stay below 2^63. */
    long id();

    /** When the resource last changed; the store keeps the version with the newest. */
    Instant updatedAt();

    /** Shopify's global id of this resource. */
    default String gid() {
        return type().gid(id());
    }
}
