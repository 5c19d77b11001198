package dev.shopifyingest.jdbc.internal;

import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.jdbc.ChangeEvent;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes and reads the three entity types inside a tenant transaction; the one place that knows
 * which table holds which type.
 */
public final class Entities {

    private final CustomerRows customers = new CustomerRows();
    private final ProductRows products = new ProductRows();
    private final OrderRows orders = new OrderRows();

    /** The SQL of all entity tables; stateless, one per store. */
    public Entities() {
    }

    /**
     * Applies upserts, then deletions (the order {@code InMemoryIngestSink} uses), with the time
     * rule of {@link EntityRows}.
     *
     * @param connection the tenant transaction's connection
     * @param shopId the tenant
     * @param upserts versions in arrival order; of several versions of one id, the newest wins
     *     (the later one on equal times)
     * @param deletions deletions; of several for one id, the newest counts
     * @param now the delivery time
     * @param changes collects what changed, for notifications
     */
    public void write(Connection connection, long shopId, List<? extends Entity> upserts, List<Deletion> deletions,
                      Instant now, ChangeSet changes) throws SQLException {
        Map<EntityType, TreeMap<Long, Entity>> newest = new EnumMap<>(EntityType.class);
        for (Entity entity : upserts) {
            newest.computeIfAbsent(entity.type(), t -> new TreeMap<>())
                    .merge(entity.id(), entity, (kept, next) -> next.updatedAt().isBefore(kept.updatedAt()) ? kept : next);
        }
        for (var entry : newest.entrySet()) {
            long[] stored = upsert(connection, shopId, entry.getKey(), entry.getValue().values(), now);
            changes.add(shopId, entry.getKey(), ChangeEvent.Kind.UPSERTED, stored);
        }
        Map<EntityType, TreeMap<Long, Instant>> latest = new EnumMap<>(EntityType.class);
        for (Deletion deletion : deletions) {
            latest.computeIfAbsent(deletion.type(), t -> new TreeMap<>())
                    .merge(deletion.id(), deletion.deletedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
        for (var entry : latest.entrySet()) {
            long[] ids = entry.getValue().keySet().stream().mapToLong(Long::longValue).toArray();
            Instant[] times = entry.getValue().values().toArray(Instant[]::new);
            long[] deleted = rows(entry.getKey()).delete(connection, shopId, ids, times, now);
            changes.add(shopId, entry.getKey(), ChangeEvent.Kind.DELETED, deleted);
        }
    }

    /**
     * Tombstones the live entities of {@code type} not delivered since {@code passStartedAt}.
     *
     * @return the ids removed
     */
    public long[] reconcile(Connection connection, long shopId, EntityType type, Instant passStartedAt, Instant now)
            throws SQLException {
        return rows(type).reconcile(connection, shopId, passStartedAt, now);
    }

    /** Live entities of {@code type}. */
    public long count(Connection connection, long shopId, EntityType type) throws SQLException {
        return rows(type).count(connection, shopId);
    }

    /** One live entity. */
    public Optional<? extends Entity> find(Connection connection, long shopId, EntityType type, long id)
            throws SQLException {
        return rows(type).find(connection, shopId, id);
    }

    /** Live entities with ids above {@code afterId}, in id order. */
    public List<? extends Entity> page(Connection connection, long shopId, EntityType type, long afterId, int limit)
            throws SQLException {
        return rows(type).page(connection, shopId, afterId, limit);
    }

    /** The live orders of one customer. */
    public List<Order> ordersOfCustomer(Connection connection, long shopId, long customerId) throws SQLException {
        return orders.byCustomer(connection, shopId, customerId);
    }

    private long[] upsert(Connection connection, long shopId, EntityType type, java.util.Collection<Entity> versions,
                          Instant now) throws SQLException {
        return switch (type) {
            case CUSTOMER -> customers.upsert(connection, shopId, cast(versions, Customer.class), now);
            case PRODUCT -> products.upsert(connection, shopId, cast(versions, Product.class), now);
            case ORDER -> orders.upsert(connection, shopId, cast(versions, Order.class), now);
        };
    }

    private EntityRows<?> rows(EntityType type) {
        return switch (type) {
            case CUSTOMER -> customers;
            case PRODUCT -> products;
            case ORDER -> orders;
        };
    }

    private static <T extends Entity> List<T> cast(java.util.Collection<Entity> versions, Class<T> kind) {
        List<T> out = new ArrayList<>(versions.size());
        for (Entity entity : versions) {
            out.add(kind.cast(entity));
        }
        return out;
    }
}
