package dev.shopifyingest.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A resource deleted in Shopify. Stores keep it as a tombstone so that an older version arriving
 * later (a delayed webhook, an overlapping sync page) does not bring it back.
 *
 * @param type the resource type
 * @param id its numeric id
 * @param deletedAt when the deletion was observed; versions updated before it lose
 */
public record Deletion(EntityType type, long id, Instant deletedAt) {

    /** Checks the fields. */
    public Deletion {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(deletedAt, "deletedAt");
    }
}
