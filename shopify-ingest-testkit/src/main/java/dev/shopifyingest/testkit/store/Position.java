package dev.shopifyingest.testkit.store;

import java.util.Comparator;

/**
 * A place in a sorted scan: the sort key's value (epoch millis for times, the id for
 * {@link SortKey#ID}) and the id that breaks ties. Cursors encode a position, so paging resumes
 * exactly after the last entity returned even while entities change.
 *
 * @param key the sort key's value
 * @param id the entity id
 */
public record Position(long key, long id) implements Comparable<Position> {

    /** Before every entity. */
    public static final Position FIRST = new Position(Long.MIN_VALUE, Long.MIN_VALUE);

    private static final Comparator<Position> ORDER =
            Comparator.comparingLong(Position::key).thenComparingLong(Position::id);

    /** The position of {@code entity} under {@code sortKey}. */
    public static Position of(SortKey sortKey, FakeEntity entity) {
        return new Position(sortKey.keyOf(entity), entity.id());
    }

    @Override
    public int compareTo(Position other) {
        return ORDER.compare(this, other);
    }
}
