package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.jdbc.internal.Database;
import dev.shopifyingest.jdbc.internal.Entities;
import java.util.List;
import java.util.Optional;

/**
 * Reads one entity type of one tenant: customers, products (with variants) or orders (with line
 * items and refunds). Deleted entities (tombstones) are never returned or counted. Each call is
 * its own transaction; obtain readers from {@link TenantStore}.
 *
 * @param <T> the entity
 */
public final class EntityReader<T extends Entity> {

    /** The largest page {@link #list(int)} and {@link #listAfter(long, int)} return. */
    public static final int MAX_PAGE = 1_000;

    private final Database database;
    private final Entities entities;
    private final long shopId;
    private final EntityType type;
    private final Class<T> kind;

    EntityReader(Database database, Entities entities, long shopId, EntityType type, Class<T> kind) {
        this.database = database;
        this.entities = entities;
        this.shopId = shopId;
        this.type = type;
        this.kind = kind;
    }

    /**
     * One entity by its Shopify id.
     *
     * @param id the numeric id
     * @return the entity, or empty if it is not stored or was deleted
     */
    public Optional<T> find(long id) {
        return database.inTenant(shopId, "reading a " + type + " of shop " + shopId,
                handle -> entities.find(handle.getConnection(), shopId, type, id).map(kind::cast));
    }

    /**
     * The first page, by id.
     *
     * @param limit at most this many, 1 to {@value #MAX_PAGE}
     * @return the entities with the smallest ids
     */
    public List<T> list(int limit) {
        return listAfter(Long.MIN_VALUE, limit);
    }

    /**
     * The next page, by id: keyset pagination that stays fast however deep it goes.
     *
     * @param afterId the last id of the previous page
     * @param limit at most this many, 1 to {@value #MAX_PAGE}
     * @return entities with ids above {@code afterId}; fewer than {@code limit} on the last page
     */
    public List<T> listAfter(long afterId, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("A page holds 1 to " + MAX_PAGE + " entities, not " + limit);
        }
        return database.inTenant(shopId, "listing " + type + " of shop " + shopId,
                handle -> entities.page(handle.getConnection(), shopId, type, afterId, limit).stream()
                        .map(kind::cast).toList());
    }

    /**
     * How many are stored and not deleted.
     *
     * @return the count
     */
    public long count() {
        return database.inTenant(shopId, "counting " + type + " of shop " + shopId,
                handle -> entities.count(handle.getConnection(), shopId, type));
    }

    /**
     * Names the tenant and type.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "EntityReader[shopId=" + shopId + ", type=" + type + "]";
    }
}
