package dev.shopifyingest.core.sync;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.EntityType;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link IngestSink} in front of another that "crashes" (throws, storing nothing) on one chosen
 * batch, as a process killed while writing would, and counts what it stored.
 */
final class CrashingSink implements IngestSink {

    /** The failure a crash is simulated with. */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash(int batch) {
            super("Simulated crash while storing batch " + batch);
        }
    }

    private final IngestSink delegate;
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicLong storedUpserts = new AtomicLong();
    private volatile int crashOn = -1;

    CrashingSink(IngestSink delegate) {
        this.delegate = delegate;
    }

    /** Crash on the batch with this 0-based number (counted from now on), once. */
    CrashingSink crashOnBatch(int batch) {
        batches.set(0);
        crashOn = batch;
        return this;
    }

    /** Batches accepted or refused since the last {@link #crashOnBatch}. */
    int batches() {
        return batches.get();
    }

    /** Entity versions stored through this sink, over its whole life. */
    long storedUpserts() {
        return storedUpserts.get();
    }

    @Override
    public void accept(IngestBatch batch) {
        int number = batches.getAndIncrement();
        if (number == crashOn) {
            crashOn = -1;
            throw new Crash(number);
        }
        delegate.accept(batch);
        storedUpserts.addAndGet(batch.upserts().size());
    }

    @Override
    public void fullPassCompleted(ShopDomain shop, EntityType type, Instant passStartedAt) {
        delegate.fullPassCompleted(shop, type, passStartedAt);
    }
}
