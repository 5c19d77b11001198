package dev.shopifyingest.core.fetch;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the waits between bulk polls short when a {@code bulk_operations/finish} notification
 * arrives: a thread waiting for one operation, or for any operation of a shop to free a slot,
 * registers a {@link Waiter}; {@link #finished} marks the matching waiters and interrupts those
 * inside their sleeper, so their next poll happens at once. A notification that arrives while
 * the waiter is polling is kept, and its next wait returns at once.
 */
final class FinishSignals {

    /** One thread waiting for {@code operationId} of {@code shop} ({@code null}: any of its operations). */
    static final class Waiter {
        private final ShopDomain shop;
        private final String operationId;
        private final Thread thread = Thread.currentThread();
        private boolean signalled;
        private boolean sleeping;

        private Waiter(ShopDomain shop, String operationId) {
            this.shop = shop;
            this.operationId = operationId;
        }

        private boolean matches(ShopDomain finishedShop, String finishedId) {
            return shop.equals(finishedShop) && (operationId == null || operationId.equals(finishedId));
        }
    }

    private final List<Waiter> waiters = new ArrayList<>();

    /** Registers the calling thread; unregister it with {@link #unregister} in a {@code finally}. */
    synchronized Waiter register(ShopDomain shop, String operationId) {
        Waiter waiter = new Waiter(shop, operationId);
        waiters.add(waiter);
        return waiter;
    }

    synchronized void unregister(Waiter waiter) {
        waiters.remove(waiter);
    }

    /** An operation of {@code shop} finished: wakes the threads waiting for it, or for any of the shop's. */
    synchronized int finished(ShopDomain shop, String operationId) {
        int woken = 0;
        for (Waiter waiter : waiters) {
            if (waiter.matches(shop, operationId)) {
                waiter.signalled = true;
                if (waiter.sleeping) {
                    waiter.thread.interrupt();
                }
                woken++;
            }
        }
        return woken;
    }

    /**
     * Waits up to {@code duration} through {@code sleeper}, returning early when a matching
     * notification arrives (or has arrived since the last wait).
     *
     * @return whether a notification ended (or skipped) the wait
     * @throws InterruptedException when the thread was interrupted for another reason
     */
    boolean sleep(Waiter waiter, Duration duration, AdminGraphqlClient.Sleeper sleeper) throws InterruptedException {
        synchronized (this) {
            if (waiter.signalled) {
                waiter.signalled = false;
                return true;
            }
            waiter.sleeping = true;
        }
        InterruptedException interrupted = null;
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            interrupted = e;
        }
        synchronized (this) {
            waiter.sleeping = false;
            if (waiter.signalled) {
                // Our own interrupt (sent under this lock, so already set): clear it, it meant "poll now".
                waiter.signalled = false;
                Thread.interrupted();
                return true;
            }
        }
        if (interrupted != null) {
            throw interrupted;
        }
        return false;
    }
}
