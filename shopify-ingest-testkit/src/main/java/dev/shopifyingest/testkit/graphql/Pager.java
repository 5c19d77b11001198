package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.store.Position;
import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Relay pagination as Shopify does it: {@code first}/{@code after} forwards, {@code last}/
 * {@code before} backwards, {@code reverse} flips the sort, at most 250 nodes a page, and exactly
 * one of {@code first} or {@code last}. Inside a bulk operation every node is returned.
 */
final class Pager {

    /** Shopify's maximum page size. */
    static final int MAX_PAGE_SIZE = 250;

    private Pager() {
    }

    /**
     * Something that can be paged: a scan in either direction starting strictly beyond a position,
     * already filtered to the nodes the connection shows.
     *
     * @param <T> the node type
     */
    interface Source<T> {
        /** Nodes beyond {@code after} ({@code null}: from the start) in ascending, or descending, position order. */
        Stream<T> scan(boolean descending, Position after);

        /** The position of a node. */
        Position position(T node);
    }

    /** The paging arguments of one connection field. */
    record Window(Integer first, Integer last, String after, String before, boolean reverse, boolean everything) {

        /** Reads and checks {@code first/last/after/before/reverse} of the field {@code env} resolves. */
        static Window of(DataFetchingEnvironment env, String connection) {
            boolean reverse = Boolean.TRUE.equals(env.getArgument("reverse"));
            if (RequestContext.of(env).bulk()) {
                // Bulk operations ignore first, last and cursors and return every node.
                return new Window(null, null, null, null, reverse, true);
            }
            Integer first = env.getArgument("first");
            Integer last = env.getArgument("last");
            if (first == null && last == null) {
                throw GraphqlFailure.badRequest("you must provide one of first or last");
            }
            if (first != null && last != null) {
                throw GraphqlFailure.badRequest("Passing both `first` and `last` to paginate the `" + connection
                        + "` connection is not supported.");
            }
            check("first", first);
            check("last", last);
            return new Window(first, last, env.getArgument("after"), env.getArgument("before"), reverse, false);
        }

        private static void check(String name, Integer size) {
            if (size != null && size < 0) {
                throw GraphqlFailure.badRequest(name + " cannot be negative");
            }
            if (size != null && size > MAX_PAGE_SIZE) {
                throw GraphqlFailure.badRequest(name + " cannot exceed " + MAX_PAGE_SIZE);
            }
        }

        /** The page size asked for (Shopify charges a connection by it). */
        int size() {
            return first != null ? first : last != null ? last : 0;
        }
    }

    /** One page of {@code source} as a connection whose nodes are {@code toNode} of each item. */
    static <T> Views.Connection page(Source<T> source, String sortName, String connection, Window window,
                                     Function<? super T, ?> toNode) {
        boolean descending = window.reverse();
        Position after = window.after() == null ? null : Cursor.decode(window.after(), sortName, connection);
        Position before = window.before() == null ? null : Cursor.decode(window.before(), sortName, connection);
        List<T> items;
        boolean hasNext;
        boolean hasPrevious;
        if (window.everything()) {
            items = source.scan(descending, null).toList();
            hasNext = false;
            hasPrevious = false;
        } else if (window.first() != null) {
            int n = window.first();
            items = new ArrayList<>(source.scan(descending, after)
                    .takeWhile(t -> before == null || inOrder(source.position(t), before, descending))
                    .limit(n + 1L).toList());
            hasNext = items.size() > n;
            if (hasNext) {
                items = items.subList(0, n);
            }
            hasPrevious = after != null && source.scan(!descending, atOrBeyond(after, !descending)).findAny().isPresent();
        } else {
            int n = window.last();
            items = new ArrayList<>(source.scan(!descending, before)
                    .takeWhile(t -> after == null || inOrder(after, source.position(t), descending))
                    .limit(n + 1L).toList());
            hasPrevious = items.size() > n;
            if (hasPrevious) {
                items = new ArrayList<>(items.subList(0, n));
            }
            Collections.reverse(items);
            hasNext = before != null && source.scan(descending, atOrBeyond(before, descending)).findAny().isPresent();
        }
        List<Views.Edge> edges = new ArrayList<>(items.size());
        for (T item : items) {
            edges.add(new Views.Edge(Cursor.encode(sortName, source.position(item)), toNode.apply(item)));
        }
        return new Views.Connection(edges, new Views.PageInfo(hasNext, hasPrevious,
                edges.isEmpty() ? null : edges.getFirst().cursor(), edges.isEmpty() ? null : edges.getLast().cursor()));
    }

    // Whether a comes strictly before b in the scan direction.
    private static boolean inOrder(Position a, Position b, boolean descending) {
        int cmp = a.compareTo(b);
        return descending ? cmp > 0 : cmp < 0;
    }

    // The position to scan from, in the given direction, so that p itself is included.
    private static Position atOrBeyond(Position p, boolean descending) {
        return descending ? new Position(p.key(), p.id() + 1) : new Position(p.key(), p.id() - 1);
    }

    /** A source over an in-memory list, ordered by {@code position}, filtered by {@code filter}. */
    static <T> Source<T> ofList(List<T> list, Function<T, Position> position, Predicate<? super T> filter) {
        List<T> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparing(position));
        return new Source<>() {
            @Override
            public Stream<T> scan(boolean descending, Position after) {
                List<T> ordered = sorted;
                if (descending) {
                    ordered = new ArrayList<>(sorted);
                    Collections.reverse(ordered);
                }
                return ordered.stream()
                        .filter(t -> after == null || inOrder(after, position.apply(t), descending))
                        .filter(filter);
            }

            @Override
            public Position position(T node) {
                return position.apply(node);
            }
        };
    }
}
