package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.store.EntityTable;
import dev.shopifyingest.testkit.store.FakeEntity;
import dev.shopifyingest.testkit.store.Position;
import dev.shopifyingest.testkit.store.SortKey;
import graphql.schema.DataFetchingEnvironment;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The {@code orders}, {@code customers} and {@code products} connections: a sorted scan of the
 * store's table, filtered by the search query and the token's visibility, paged by cursor. When
 * the query ranges over the field the scan is sorted by (say {@code updated_at:>=...} with
 * {@code sortKey: UPDATED_AT}), the scan starts and stops at the range instead of reading the
 * whole table, as an incremental sync of a million orders needs.
 */
final class StoreConnections {

    private StoreConnections() {
    }

    /** What to scan: the table, the order, and which nodes pass. */
    record Selection<T extends FakeEntity>(EntityTable<T> table, SortKey sortKey, Predicate<T> filter,
                                           SearchFields.LongRange range) implements Pager.Source<T> {

        @Override
        public Stream<T> scan(boolean descending, Position after) {
            Position start = after;
            if (range != null) {
                Position bound = descending
                        ? new Position(saturatedAdd(range.max(), 1), Long.MIN_VALUE)
                        : new Position(saturatedAdd(range.min(), -1), Long.MAX_VALUE);
                if (start == null || (descending ? bound.compareTo(start) < 0 : bound.compareTo(start) > 0)) {
                    start = bound;
                }
            }
            Stream<T> scan = table.scan(sortKey, descending, start);
            if (range != null) {
                scan = scan.takeWhile(t -> descending ? position(t).key() >= range.min() : position(t).key() <= range.max());
            }
            return scan.filter(filter);
        }

        @Override
        public Position position(T node) {
            return Position.of(sortKey, node);
        }

        private static long saturatedAdd(long value, long delta) {
            long sum = value + delta;
            return ((value ^ sum) & (delta ^ sum)) < 0 ? value : sum;
        }
    }

    /**
     * Reads the {@code sortKey}, {@code query} and {@code savedSearchId} arguments into a
     * selection over {@code table} of the nodes {@code visible} to the request.
     */
    static <T extends FakeEntity> Selection<T> select(String connection, EntityTable<T> table, SearchFields<T> search,
                                                      Set<SortKey> sortKeys, String sortKey, String query,
                                                      Object savedSearchId, Predicate<T> visible,
                                                      RequestContext ctx, List<String> path) {
        if (savedSearchId != null) {
            throw GraphqlFailure.notImplemented("savedSearchId on " + connection);
        }
        SortKey key = sortKeyOf(connection, sortKey, sortKeys);
        SearchFields.Compiled<T> compiled = search.compile(query, ctx, path);
        Predicate<T> filter = visible.and(compiled.predicate());
        return new Selection<>(table, key, filter, compiled.ranges().get(EntitySearch.rangeFieldOf(connection, key)));
    }

    /** A page of the connection the field {@code env} resolves. */
    static <T extends FakeEntity> Views.Connection page(DataFetchingEnvironment env, String connection,
                                                        EntityTable<T> table, SearchFields<T> search,
                                                        Set<SortKey> sortKeys, Predicate<T> visible) {
        Pager.Window window = Pager.Window.of(env, connection);
        RequestContext ctx = RequestContext.of(env);
        Selection<T> selection = select(connection, table, search, sortKeys, env.getArgument("sortKey"),
                env.getArgument("query"), env.getArgument("savedSearchId"), visible, ctx, path(env));
        return Pager.page(selection, selection.sortKey().name(), connection, window, t -> t);
    }

    static List<String> path(DataFetchingEnvironment env) {
        return env.getExecutionStepInfo().getPath().toList().stream().map(String::valueOf).toList();
    }

    private static SortKey sortKeyOf(String connection, String name, Set<SortKey> supported) {
        for (SortKey key : supported) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        throw GraphqlFailure.notImplemented("sorting " + connection + " by " + name + " (FakeShopify sorts "
                + connection + " by " + String.join(", ", supported.stream().map(SortKey::name).sorted().toList()) + ")");
    }
}
