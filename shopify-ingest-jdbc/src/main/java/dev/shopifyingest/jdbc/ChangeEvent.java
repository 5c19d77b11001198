package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.model.EntityType;
import java.util.List;
import java.util.Objects;

/**
 * A committed change, as announced to every {@link ChangeFeed} subscriber (any app instance): which
 * shop, what kind of change, which entity type and which ids. A transaction that changed more than
 * a couple of hundred entities of one type announces only their {@link #count()}; {@link #ids()} is
 * then empty and subscribers reload what they show.
 *
 * <p>Events carry ids and counts only, never personal data, because every listener on the
 * database receives every shop's events; filter on {@link #shopId()}.
 *
 * @param shopId the tenant
 * @param kind what happened
 * @param type the entity type, or null for the shop-level kinds
 * @param ids the changed ids, or empty when {@link #idsComplete()} is false
 * @param count how many entities changed (1 for shop-level kinds)
 */
public record ChangeEvent(long shopId, Kind kind, EntityType type, List<Long> ids, int count) {

    /** What happened. */
    public enum Kind {
        /** New versions of entities were stored. */
        UPSERTED,
        /** Entities were deleted (now tombstones). */
        DELETED,
        /** Personal data of a customer and their orders was erased. */
        REDACTED,
        /** The shop's registration, details, tokens or sync status changed. */
        SHOP_UPDATED,
        /** The shop and all its data were erased. */
        SHOP_ERASED
    }

    /** Checks the fields and copies the ids. */
    public ChangeEvent {
        Objects.requireNonNull(kind, "kind");
        ids = List.copyOf(ids);
    }

    /**
     * Whether {@link #ids()} lists every changed entity.
     *
     * @return true when the ids were small enough to announce
     */
    public boolean idsComplete() {
        return ids.size() == count;
    }
}
