package dev.shopifyingest.testkit.store;

import java.time.Instant;

/** What every top-level entity of the fake store has: a numeric id, a GID and change times. */
public sealed interface FakeEntity permits FakeCustomer, FakeProduct, FakeOrder {

    /** The numeric id ({@code legacyResourceId}). */
    long id();

    /** Shopify's global id, {@code gid://shopify/{Type}/{id}}. */
    String gid();

    /** When the entity was created. */
    Instant createdAt();

    /** When the entity last changed. */
    Instant updatedAt();
}
