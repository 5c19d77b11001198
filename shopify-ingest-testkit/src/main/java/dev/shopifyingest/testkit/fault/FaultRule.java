package dev.shopifyingest.testkit.fault;

import java.util.Arrays;
import java.util.Random;

/**
 * A scheduled fault: which requests to one endpoint it selects, and how often it has fired.
 * Returned by {@link Faults}; cancel it to stop it early. Thread-safe (guarded by its
 * {@link Faults}).
 */
public final class FaultRule {

    private final Faults owner;
    private final Endpoint endpoint;
    private final Fault fault;
    // Exactly one schedule is set: sorted 1-based ordinals, or a probability with its random.
    private final long[] ordinals;
    private final double probability;
    private final Random random;
    private long seen;
    private long fired;
    private boolean cancelled;

    FaultRule(Faults owner, Endpoint endpoint, Fault fault, long[] ordinals, double probability, Random random) {
        this.owner = owner;
        this.endpoint = endpoint;
        this.fault = fault;
        this.ordinals = ordinals;
        this.probability = probability;
        this.random = random;
    }

    /** The endpoint whose requests this rule looks at. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The fault it injects. */
    public Fault fault() {
        return fault;
    }

    /** How many requests this rule has injected its fault into. */
    public long fired() {
        synchronized (owner.lock) {
            return fired;
        }
    }

    /** Whether the rule may still fire: not cancelled, and its schedule not used up. */
    public boolean isActive() {
        synchronized (owner.lock) {
            return !cancelled && !exhausted();
        }
    }

    /** Stops the rule; requests already faulted stay counted. */
    public void cancel() {
        owner.remove(this);
    }

    // Called under owner.lock for every request to the endpoint; returns whether it selects it.
    boolean sees() {
        seen++;
        if (ordinals != null) {
            return Arrays.binarySearch(ordinals, seen) >= 0;
        }
        return random.nextDouble() < probability;
    }

    boolean exhausted() {
        return ordinals != null && (ordinals.length == 0 || seen >= ordinals[ordinals.length - 1]);
    }

    void markFired() {
        fired++;
    }

    void markCancelled() {
        cancelled = true;
    }

    @Override
    public String toString() {
        String schedule = ordinals != null ? "requests " + Arrays.toString(ordinals) : "rate " + probability;
        return "FaultRule[" + endpoint + ", " + fault + ", " + schedule + "]";
    }
}
