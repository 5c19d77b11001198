package dev.shopifyingest.testkit.fault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault plan of one FakeShopify: rules that pick requests to an {@link Endpoint} and inject a
 * {@link Fault} into them, and a count of every fault fired, so a test can assert that what it
 * configured really happened.
 *
 * <p>Each rule counts the requests to its endpoint from the moment it was added (the first one is
 * request 1). For every request, the rules of that endpoint are asked in the order they were
 * added; every rule counts the request (and a rate rule draws its random number), and the first
 * rule that selects it fires. Rate rules use their own {@code Random(seed)}, so the same sequence
 * of requests always meets the same faults. Thread-safe.
 */
public final class Faults {

    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    final Object lock = new Object();
    private final List<FaultRule> rules = new ArrayList<>();
    private final Map<Endpoint, Map<FaultKind, Long>> fired = new EnumMap<>(Endpoint.class);

    /** An empty plan: no request meets a fault until a rule is added. */
    public Faults() {
    }

    /** Injects {@code fault} into each of the next {@code count} requests to {@code endpoint}. */
    public FaultRule next(Endpoint endpoint, int count, Fault fault) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, got " + count);
        }
        return add(endpoint, fault, LongStream.rangeClosed(1, count).toArray(), 0, null);
    }

    /**
     * Injects {@code fault} into the given requests to {@code endpoint}, counted from now and
     * starting at 1: {@code at(GRAPHQL, fault, 3, 7)} faults the third and the seventh.
     */
    public FaultRule at(Endpoint endpoint, Fault fault, int... ordinals) {
        long[] sorted = Arrays.stream(ordinals).asLongStream().sorted().distinct().toArray();
        if (sorted.length > 0 && sorted[0] < 1) {
            throw new IllegalArgumentException("Request ordinals start at 1, got " + Arrays.toString(ordinals));
        }
        return add(endpoint, fault, sorted, 0, null);
    }

    /**
     * Injects {@code fault} into each request to {@code endpoint} with the given probability,
     * decided by a {@code Random(seed)} so a run is reproducible.
     */
    public FaultRule rate(Endpoint endpoint, double probability, long seed, Fault fault) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        return add(endpoint, fault, null, probability, new Random(seed));
    }

    /** Injects {@code fault} into every request to {@code endpoint} until the rule is cancelled. */
    public FaultRule always(Endpoint endpoint, Fault fault) {
        return rate(endpoint, 1.0, 0, fault);
    }

    private FaultRule add(Endpoint endpoint, Fault fault, long[] ordinals, double probability, Random random) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(fault, "fault");
        if (!fault.kind().appliesTo(endpoint)) {
            throw new IllegalArgumentException(fault.kind() + " cannot be injected at " + endpoint);
        }
        FaultRule rule = new FaultRule(this, endpoint, fault, ordinals, probability, random);
        synchronized (lock) {
            rules.add(rule);
        }
        return rule;
    }

    void remove(FaultRule rule) {
        synchronized (lock) {
            rule.markCancelled();
            rules.remove(rule);
        }
    }

    /** Cancels every rule. The counts of faults already fired stay. */
    public void clear() {
        synchronized (lock) {
            rules.forEach(FaultRule::markCancelled);
            rules.clear();
        }
    }

    /** The rules that may still fire, in the order they are asked. */
    public List<FaultRule> rules() {
        synchronized (lock) {
            return rules.stream().filter(r -> !r.exhausted()).toList();
        }
    }

    /** How many faults of this kind have fired, on every endpoint. */
    public long fired(FaultKind kind) {
        synchronized (lock) {
            return fired.values().stream().mapToLong(m -> m.getOrDefault(kind, 0L)).sum();
        }
    }

    /** How many faults of this kind have fired on {@code endpoint}. */
    public long fired(Endpoint endpoint, FaultKind kind) {
        synchronized (lock) {
            return fired.getOrDefault(endpoint, Map.of()).getOrDefault(kind, 0L);
        }
    }

    /** How many faults of any kind have fired. */
    public long firedTotal() {
        synchronized (lock) {
            return fired.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Called by FakeShopify once for each request to {@code endpoint} (for webhooks, once per
     * delivery): counts the request on every rule and returns the fault to inject, if any, already
     * counted as fired. Tests do not call this.
     */
    public Optional<Fault> select(Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        synchronized (lock) {
            FaultRule chosen = null;
            for (FaultRule rule : rules) {
                if (rule.endpoint() == endpoint && rule.sees() && chosen == null) {
                    chosen = rule;
                }
            }
            rules.removeIf(FaultRule::exhausted);
            if (chosen == null) {
                return Optional.empty();
            }
            chosen.markFired();
            fired.computeIfAbsent(endpoint, e -> new EnumMap<>(FaultKind.class))
                    .merge(chosen.fault().kind(), 1L, Long::sum);
            LOG.debug("Injecting {} at {}", chosen.fault(), endpoint);
            return Optional.of(chosen.fault());
        }
    }
}
