package dev.shopifyingest.testkit.store;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The live entities of one type in a {@link FakeStore}: the fixture's generated entities, overlaid
 * with those created, changed or deleted since. Thread-safe. Generated entities are computed on
 * demand, so scanning a million orders holds only a sorted index of keys in memory.
 *
 * @param <T> the entity type
 */
public final class EntityTable<T extends FakeEntity> {

    /** Receives each change inside the table's lock, with the versions before and after. */
    interface ChangeHook<T> {
        void changed(StoreChange.Kind kind, T before, T after);
    }

    private final int baseCount;
    private final IntFunction<T> generator;
    private final IntToLongFunction idOfIndex;
    private final LongToIndex indexOfId;
    private final Map<SortKey, IntToLongFunction> cheapKeys;
    private final BiFunction<T, Instant, T> stamp;
    private final Clock clock;
    private final ChangeHook<T> hook;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Long, T> overlay = new HashMap<>();
    private final Set<Long> deleted = new HashSet<>();
    private final Map<SortKey, BaseIndex> indexes = new EnumMap<>(SortKey.class);
    private long nextId;
    private int size;

    /** Maps an id to its generated index, or -1. */
    interface LongToIndex {
        int indexOf(long id);
    }

    EntityTable(int baseCount, IntFunction<T> generator, IntToLongFunction idOfIndex, LongToIndex indexOfId,
                Map<SortKey, IntToLongFunction> cheapKeys, BiFunction<T, Instant, T> stamp, Clock clock,
                ChangeHook<T> hook) {
        this.baseCount = baseCount;
        this.generator = generator;
        this.idOfIndex = idOfIndex;
        this.indexOfId = indexOfId;
        this.cheapKeys = cheapKeys;
        this.stamp = stamp;
        this.clock = clock;
        this.hook = hook;
        this.nextId = idOfIndex.applyAsLong(baseCount);
        this.size = baseCount;
    }

    /** The entity with this numeric id, if it exists now. */
    public Optional<T> find(long id) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(current(id));
        } finally {
            lock.readLock().unlock();
        }
    }

    private T current(long id) {
        if (deleted.contains(id)) {
            return null;
        }
        T changed = overlay.get(id);
        if (changed != null) {
            return changed;
        }
        int index = indexOfId.indexOf(id);
        return index >= 0 ? generator.apply(index) : null;
    }

    /** How many entities exist now. */
    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The entities in {@code sortKey} order (descending when {@code reverse}), starting strictly
     * after {@code after} ({@code null} for the beginning). The stream reads a snapshot of the
     * changes made so far, so a scan never sees an entity twice.
     */
    public Stream<T> scan(SortKey sortKey, boolean reverse, Position after) {
        Objects.requireNonNull(sortKey, "sortKey");
        List<T> changed;
        Set<Long> hidden;
        BaseIndex base;
        lock.readLock().lock();
        try {
            changed = new ArrayList<>(overlay.values());
            hidden = new HashSet<>(deleted);
            hidden.addAll(overlay.keySet());
        } finally {
            lock.readLock().unlock();
        }
        base = index(sortKey);
        Comparator<T> order = Comparator.comparing(e -> Position.of(sortKey, e));
        changed.sort(reverse ? order.reversed() : order);
        Iterator<T> merged = new MergedIterator(sortKey, reverse, after, base, hidden, changed);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(merged, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    /** Every entity in id order. */
    public Stream<T> all() {
        return scan(SortKey.ID, false, null);
    }

    /**
     * Creates an entity with the next free id. The factory receives the id and returns the entity,
     * which must carry that id.
     */
    public T create(LongFunction<T> factory) {
        lock.writeLock().lock();
        try {
            long id = nextId++;
            T created = factory.apply(id);
            if (created.id() != id) {
                throw new IllegalArgumentException("The created entity must use the id " + id + ", not " + created.id());
            }
            overlay.put(id, created);
            size++;
            hook.changed(StoreChange.Kind.CREATED, null, created);
            return created;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Changes an existing entity and stamps its update time: the clock's current second, or one
     * second after the previous update time if that is later, so every version of an entity has a
     * distinct, increasing {@code updatedAt}.
     *
     * @return the new version, or empty when no such entity exists
     */
    public Optional<T> update(long id, UnaryOperator<T> change) {
        lock.writeLock().lock();
        try {
            T before = current(id);
            if (before == null) {
                return Optional.empty();
            }
            T changed = change.apply(before);
            if (changed.id() != id) {
                throw new IllegalArgumentException("An update must keep the id " + id);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Instant next = before.updatedAt().plusSeconds(1);
            T after = stamp.apply(changed, now.isAfter(next) ? now : next);
            overlay.put(id, after);
            hook.changed(StoreChange.Kind.UPDATED, before, after);
            return Optional.of(after);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Deletes an entity.
     *
     * @return the deleted entity's last version, or empty when no such entity exists
     */
    public Optional<T> delete(long id) {
        lock.writeLock().lock();
        try {
            T before = current(id);
            if (before == null) {
                return Optional.empty();
            }
            overlay.remove(id);
            deleted.add(id);
            size--;
            hook.changed(StoreChange.Kind.DELETED, before, before);
            return Optional.of(before);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Runs {@code action} holding this table's write lock, so no change can happen meanwhile and
     * locks taken inside are always taken after this one (the order the change hooks use).
     */
    void whileLocked(Runnable action) {
        lock.writeLock().lock();
        try {
            action.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    // Sorted keys of the generated entities; built once per sort key, on first use.
    private BaseIndex index(SortKey sortKey) {
        synchronized (indexes) {
            return indexes.computeIfAbsent(sortKey, this::buildIndex);
        }
    }

    private BaseIndex buildIndex(SortKey sortKey) {
        long[] keys = new long[baseCount];
        IntToLongFunction cheap = sortKey == SortKey.ID ? idOfIndex : cheapKeys.get(sortKey);
        for (int i = 0; i < baseCount; i++) {
            keys[i] = cheap != null ? cheap.applyAsLong(i) : sortKey.keyOf(generator.apply(i));
        }
        boolean sorted = true;
        for (int i = 1; i < baseCount && sorted; i++) {
            sorted = new Position(keys[i - 1], idOfIndex.applyAsLong(i - 1))
                    .compareTo(new Position(keys[i], idOfIndex.applyAsLong(i))) < 0;
        }
        if (sorted) {
            return new BaseIndex(keys, null);
        }
        Integer[] boxed = new Integer[baseCount];
        for (int i = 0; i < baseCount; i++) {
            boxed[i] = i;
        }
        java.util.Arrays.sort(boxed, Comparator.<Integer>comparingLong(i -> keys[i])
                .thenComparingLong(i -> idOfIndex.applyAsLong(i)));
        int[] order = new int[baseCount];
        long[] sortedKeys = new long[baseCount];
        for (int r = 0; r < baseCount; r++) {
            order[r] = boxed[r];
            sortedKeys[r] = keys[boxed[r]];
        }
        return new BaseIndex(sortedKeys, order);
    }

    /** Keys in sorted order and, unless the identity, the generated index at each rank. */
    private record BaseIndex(long[] keys, int[] order) {
        int indexAt(int rank) {
            return order == null ? rank : order[rank];
        }
    }

    private final class MergedIterator implements Iterator<T> {
        private final SortKey sortKey;
        private final boolean reverse;
        private final BaseIndex base;
        private final Set<Long> hidden;
        private final List<T> changed;
        private int rank;
        private int changedAt;
        private T next;

        MergedIterator(SortKey sortKey, boolean reverse, Position after, BaseIndex base, Set<Long> hidden,
                       List<T> changed) {
            this.sortKey = sortKey;
            this.reverse = reverse;
            this.base = base;
            this.hidden = hidden;
            this.changed = changed;
            this.rank = reverse ? baseCount - 1 : 0;
            if (after != null) {
                rank = firstRankAfter(after);
                while (changedAt < changed.size() && !beyond(Position.of(sortKey, changed.get(changedAt)), after)) {
                    changedAt++;
                }
            }
        }

        private boolean beyond(Position p, Position after) {
            return reverse ? p.compareTo(after) < 0 : p.compareTo(after) > 0;
        }

        private Position basePosition(int r) {
            return new Position(base.keys()[r], idOfIndex.applyAsLong(base.indexAt(r)));
        }

        // Binary search for the first rank strictly beyond `after` in scan direction.
        private int firstRankAfter(Position after) {
            int lo = 0;
            int hi = baseCount;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (basePosition(mid).compareTo(after) <= 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if (!reverse) {
                return lo;
            }
            // Descending: the last rank strictly below `after`.
            int r = lo - 1;
            while (r >= 0 && basePosition(r).compareTo(after) >= 0) {
                r--;
            }
            return r;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            while (reverse ? rank >= 0 : rank < baseCount) {
                int index = base.indexAt(rank);
                if (!hidden.contains(idOfIndex.applyAsLong(index))) {
                    break;
                }
                rank += reverse ? -1 : 1;
            }
            boolean baseLeft = reverse ? rank >= 0 : rank < baseCount;
            boolean changedLeft = changedAt < changed.size();
            if (!baseLeft && !changedLeft) {
                return false;
            }
            boolean takeBase;
            if (baseLeft && changedLeft) {
                int cmp = basePosition(rank).compareTo(Position.of(sortKey, changed.get(changedAt)));
                takeBase = reverse ? cmp > 0 : cmp < 0;
            } else {
                takeBase = baseLeft;
            }
            if (takeBase) {
                next = generator.apply(base.indexAt(rank));
                rank += reverse ? -1 : 1;
            } else {
                next = changed.get(changedAt++);
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T result = next;
            next = null;
            return result;
        }
    }
}
