package dev.shopifyingest.core.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StateStore} in this JVM's memory: thread-safe, single-use, expiring and bounded.
 *
 * <p>Expired states are dropped whenever a new one is saved. When the store is full even so (for
 * example because someone is requesting authorize URLs in a loop), the state closest to expiry is
 * evicted, so memory stays bounded and the newest flows keep working. Suitable for one application
 * instance; several instances need a shared store.
 */
public final class InMemoryStateStore implements StateStore {

    /** Default maximum number of outstanding states. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(InMemoryStateStore.class);

    private final Clock clock;
    private final int capacity;
    private final Map<String, OAuthState> byNonce = new HashMap<>();
    private final NavigableSet<OAuthState> byExpiry =
            new TreeSet<>(Comparator.comparing(OAuthState::expiresAt).thenComparing(OAuthState::nonce));

    /**
     * Creates a store holding at most {@link #DEFAULT_CAPACITY} states.
     *
     * @param clock the clock that decides which states have expired; use the same one as the flow
     */
    public InMemoryStateStore(Clock clock) {
        this(clock, DEFAULT_CAPACITY);
    }

    /**
     * Creates a store with a chosen capacity.
     *
     * @param clock the clock that decides which states have expired; use the same one as the flow
     * @param capacity the maximum number of outstanding states, at least 1
     */
    public InMemoryStateStore(Clock clock, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Remembers a state, first dropping expired ones and, if still full, the one closest to expiry.
     *
     * @param state the state to remember
     * @throws IllegalArgumentException if a state with the same nonce is outstanding
     */
    @Override
    public synchronized void save(OAuthState state) {
        Objects.requireNonNull(state, "state");
        if (byNonce.containsKey(state.nonce())) {
            throw new IllegalArgumentException("A state with this nonce is already outstanding");
        }
        Instant now = clock.instant();
        while (!byExpiry.isEmpty() && !byExpiry.first().expiresAt().isAfter(now)) {
            byNonce.remove(byExpiry.pollFirst().nonce());
        }
        while (byNonce.size() >= capacity) {
            OAuthState evicted = byExpiry.pollFirst();
            byNonce.remove(evicted.nonce());
            log.warn("OAuth state store full ({} states); evicted an unexpired state for shop {}", capacity, evicted.shop());
        }
        byNonce.put(state.nonce(), state);
        byExpiry.add(state);
    }

    /**
     * Removes and returns the state with this nonce.
     *
     * @param nonce the callback's {@code state} parameter
     * @return the state, or empty if unknown, already consumed, or purged after expiry
     */
    @Override
    public synchronized Optional<OAuthState> consume(String nonce) {
        if (nonce == null) {
            return Optional.empty();
        }
        OAuthState state = byNonce.remove(nonce);
        if (state != null) {
            byExpiry.remove(state);
        }
        return Optional.ofNullable(state);
    }

    /**
     * The number of outstanding states, expired ones not yet dropped included.
     *
     * @return the current size
     */
    public synchronized int size() {
        return byNonce.size();
    }

    /**
     * Describes the store without its contents.
     *
     * @return a description safe to log
     */
    @Override
    public synchronized String toString() {
        return "InMemoryStateStore[size=" + byNonce.size() + ", capacity=" + capacity + "]";
    }
}
