package dev.shopifyingest.testkit.store;

import java.util.Objects;

/**
 * One change to the fake store, as webhooks report it.
 *
 * @param kind what happened
 * @param entity the entity after the change, or its last version for a deletion
 */
public record StoreChange(Kind kind, FakeEntity entity) {

    /** What happened to the entity. */
    public enum Kind { CREATED, UPDATED, DELETED }

    /** Checks both fields. */
    public StoreChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entity, "entity");
    }
}
