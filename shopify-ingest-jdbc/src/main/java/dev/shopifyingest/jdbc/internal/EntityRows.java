package dev.shopifyingest.jdbc.internal;

import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.model.EntityType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of one entity table and its child tables. Every statement runs inside a tenant
 * transaction (row-level security scopes it) and still names {@code shop_id}, so each one uses the
 * primary key and runs co-located under Citus.
 *
 * <p>The time rule, shared by all tables: a version is stored when its {@code updated_at} is not
 * older than the stored one and newer than the tombstone, if any; a deletion applies when the
 * stored version is not newer than it, and keeps the newest deletion time. This is
 * {@code InMemoryIngestSink}'s rule, so both converge to the same result whatever order versions
 * arrive in.
 *
 * @param <T> the entity
 */
abstract sealed class EntityRows<T extends Entity> permits CustomerRows, ProductRows, OrderRows {

    private final EntityType type;
    private final String table;
    private final List<String> children;
    private final String tombstoneSql;
    private final String reconcileSql;
    private final String touchSql;
    private final String countSql;

    /**
     * @param type the entity type
     * @param table its table
     * @param children child tables keyed by {@code (shop_id, <parentColumn>)}, replaced with the parent
     * @param clearOnTombstone the {@code SET} items that erase what a tombstone need not keep
     */
    EntityRows(EntityType type, String table, List<String> children, String clearOnTombstone) {
        this.type = type;
        this.table = table;
        this.children = List.copyOf(children);
        this.tombstoneSql = """
                insert into %1$s as t (shop_id, id, deleted_at, last_seen_at)
                select ?, d.id, d.deleted_at::timestamptz, ?
                from unnest(?::bigint[], ?::text[]) as d(id, deleted_at)
                on conflict (shop_id, id) do update
                    set deleted_at = greatest(t.deleted_at, excluded.deleted_at), %2$s
                    where t.deleted_at is not null or t.updated_at is null or t.updated_at <= excluded.deleted_at
                returning t.id
                """.formatted(table, clearOnTombstone);
        this.reconcileSql = """
                update %1$s as t set deleted_at = ?, %2$s
                where t.shop_id = ? and t.deleted_at is null and t.last_seen_at < ?
                returning t.id
                """.formatted(table, clearOnTombstone);
        this.touchSql = """
                update %1$s set last_seen_at = ?
                where shop_id = ? and id = any(?::bigint[]) and last_seen_at < ?
                """.formatted(table);
        this.countSql = "select count(*) from " + table + " where shop_id = ? and deleted_at is null";
    }

    final EntityType type() {
        return type;
    }

    final String table() {
        return table;
    }

    /**
     * Stores the versions that win against what is stored, and their children.
     *
     * @param connection the tenant transaction's connection
     * @param shopId the tenant
     * @param versions one version per id, sorted by id (a consistent lock order between transactions)
     * @param now the delivery time, for {@code last_seen_at}
     * @return the ids whose version was stored
     */
    final long[] upsert(Connection connection, long shopId, List<T> versions, Instant now) throws SQLException {
        if (versions.isEmpty()) {
            return new long[0];
        }
        List<Long> stored = new ArrayList<>(versions.size());
        List<Long> replaced = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(upsertSql())) {
            bindUpsert(new Params(connection, statement), shopId, versions, now);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    stored.add(id);
                    if (!rs.getBoolean(2)) {
                        replaced.add(id);
                    }
                }
            }
        }
        long[] storedIds = toArray(stored);
        if (!children.isEmpty()) {
            // A fresh row has no children yet; only replaced versions need the old ones removed.
            deleteChildren(connection, shopId, toArray(replaced));
            List<T> winners = versions;
            if (stored.size() != versions.size()) {
                java.util.Set<Long> won = new java.util.HashSet<>(stored);
                winners = versions.stream().filter(v -> won.contains(v.id())).toList();
            }
            insertChildren(connection, shopId, winners);
        }
        if (stored.size() != versions.size()) {
            java.util.Set<Long> won = new java.util.HashSet<>(stored);
            long[] losers = versions.stream().mapToLong(Entity::id).filter(id -> !won.contains(id)).toArray();
            touch(connection, shopId, losers, now);
        }
        return storedIds;
    }

    /**
     * Records deletions as tombstones where the time rule lets them apply.
     *
     * @param ids the deleted ids, sorted, without duplicates
     * @param deletedAt each one's deletion time (the newest, when one id was deleted twice)
     * @return the ids that are now tombstones because of this call
     */
    final long[] delete(Connection connection, long shopId, long[] ids, Instant[] deletedAt, Instant now)
            throws SQLException {
        if (ids.length == 0) {
            return ids;
        }
        List<Long> deleted = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(tombstoneSql)) {
            Params params = new Params(connection, statement).bigint(shopId).instant(now).bigints(ids);
            List<Instant> times = List.of(deletedAt);
            params.instants(times, t -> t);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    deleted.add(rs.getLong(1));
                }
            }
        }
        long[] deletedIds = toArray(deleted);
        deleteChildren(connection, shopId, deletedIds);
        return deletedIds;
    }

    /**
     * Tombstones every live row not delivered since {@code passStartedAt} (a completed full pass
     * did not see it, so Shopify no longer has it).
     *
     * @return the ids tombstoned
     */
    final long[] reconcile(Connection connection, long shopId, Instant passStartedAt, Instant now)
            throws SQLException {
        List<Long> removed = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(reconcileSql)) {
            new Params(connection, statement).instant(now).bigint(shopId).instant(passStartedAt);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    removed.add(rs.getLong(1));
                }
            }
        }
        long[] ids = toArray(removed);
        deleteChildren(connection, shopId, ids);
        return ids;
    }

    /** Live (not deleted) rows of the tenant. */
    final long count(Connection connection, long shopId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(countSql)) {
            statement.setLong(1, shopId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One live entity with its children. */
    final Optional<T> find(Connection connection, long shopId, long id) throws SQLException {
        List<T> found = select(connection, shopId, "t.id = ?", id, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Live entities with an id above {@code afterId}, by id. */
    final List<T> page(Connection connection, long shopId, long afterId, int limit) throws SQLException {
        return select(connection, shopId, "t.id > ?", afterId, limit);
    }

    /**
     * Selects live rows matching {@code condition} (one {@code bigint} parameter), in id order, with
     * their children.
     */
    abstract List<T> select(Connection connection, long shopId, String condition, long argument, int limit)
            throws SQLException;

    abstract String upsertSql();

    abstract void bindUpsert(Params params, long shopId, List<T> versions, Instant now) throws SQLException;

    /** Inserts the children of {@code parents}, which have none stored. */
    abstract void insertChildren(Connection connection, long shopId, List<T> parents) throws SQLException;

    private void touch(Connection connection, long shopId, long[] ids, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(touchSql)) {
            new Params(connection, statement).instant(now).bigint(shopId).bigints(ids).instant(now);
            statement.executeUpdate();
        }
    }

    private void deleteChildren(Connection connection, long shopId, long[] parentIds) throws SQLException {
        if (parentIds.length == 0) {
            return;
        }
        for (String child : children) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "delete from " + child + " where shop_id = ? and " + parentColumn() + " = any(?::bigint[])")) {
                new Params(connection, statement).bigint(shopId).bigints(parentIds);
                statement.executeUpdate();
            }
        }
    }

    /** The column of the child tables that references this table's id. */
    String parentColumn() {
        return "parent_id";
    }

    static long[] toArray(List<Long> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
