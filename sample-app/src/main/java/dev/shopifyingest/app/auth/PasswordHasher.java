package dev.shopifyingest.app.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hashes passwords with Argon2id through password4j, as PHC strings
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) that carry their own parameters.
 *
 * <p>Default parameters are OWASP's recommended minimum for Argon2id: 19 MiB of memory, 2
 * iterations, 1 lane, a 16-byte random salt and a 32-byte hash.
 *
 * <p>Every hash and check runs on a small pool of platform threads with a bounded queue; the
 * calling request waits for it. A hash keeps a CPU busy for tens of milliseconds without ever
 * yielding, so on a request's virtual thread it would hold a carrier thread of the virtual-thread
 * scheduler, and a burst of log-ins would stall every other request (and the database connections
 * they hold). The pool also bounds the memory in use (one hash's worth per thread). When the queue
 * is full, {@link #hash} and {@link #verify} throw {@link RejectedExecutionException} at once.
 */
final class PasswordHasher implements AutoCloseable {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int HASH_BYTES = 32;
    static final int SALT_BYTES = 16;
    /** Hashes that may wait per hashing thread: a burst of this many log-ins per thread is served, not refused. */
    static final int QUEUE_PER_THREAD = 64;

    private final Argon2Function function;
    private final ThreadPoolExecutor threads;
    private final Runnable beforeEachHash;
    private final String dummyHash;

    /**
     * A hasher with its own pool of hashing threads.
     *
     * @param memoryKib      Argon2 memory, in KiB
     * @param iterations     Argon2 passes
     * @param parallelism    Argon2 lanes
     * @param threadCount    how many hashes run at once, each on its own platform thread
     * @param queueCapacity  how many more may wait before the next is refused
     * @param beforeEachHash run on the hashing thread before every hash or check (tests hold the thread with it)
     */
    PasswordHasher(int memoryKib, int iterations, int parallelism, int threadCount, int queueCapacity,
            Runnable beforeEachHash) {
        this.function = Argon2Function.getInstance(memoryKib, iterations, parallelism, HASH_BYTES, Argon2.ID);
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                Thread.ofPlatform().name("password-hashing-", 1).daemon(true).factory(),
                new ThreadPoolExecutor.AbortPolicy());
        this.beforeEachHash = beforeEachHash;
        // Checked against when the email is unknown, so that case costs the same as a wrong password.
        this.dummyHash = hashHere("not a real password: it only spends the same time as checking one");
    }

    /**
     * The recommended parameters, on one hashing thread fewer than there are processors (at least
     * one), so a burst of log-ins leaves a processor to everything else.
     */
    static PasswordHasher argon2id() {
        int threadCount = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        return new PasswordHasher(MEMORY_KIB, ITERATIONS, PARALLELISM, threadCount, QUEUE_PER_THREAD * threadCount,
                () -> { });
    }

    /**
     * Hashes a password with a new random salt.
     *
     * @param password the password as typed (it is NFKC-normalised first)
     * @return the PHC string
     * @throws RejectedExecutionException when every hashing thread is busy and the queue is full
     */
    String hash(String password) {
        return onHashingThread(() -> hashHere(password));
    }

    /**
     * Checks a password against a stored hash, with the parameters the hash names.
     *
     * @param password   the password as typed
     * @param storedHash a PHC string from {@link #hash}
     * @return whether they match
     * @throws RejectedExecutionException when every hashing thread is busy and the queue is full
     */
    boolean verify(String password, String storedHash) {
        return onHashingThread(() -> Argon2Function.getInstanceFromHash(storedHash)
                .check(PasswordPolicy.normalise(password), storedHash));
    }

    /**
     * Does the work of {@link #verify} for an account that does not exist, and fails: on the same
     * threads and queue, so it takes the same time and is refused under the same load.
     *
     * @param password the password as typed
     * @return always {@code false}
     * @throws RejectedExecutionException when every hashing thread is busy and the queue is full
     */
    boolean verifyNothing(String password) {
        verify(password, dummyHash);
        return false;
    }

    /** Whether a stored hash was made with other parameters than the current ones, and should be redone. */
    boolean needsRehash(String storedHash) {
        Argon2Function stored = Argon2Function.getInstanceFromHash(storedHash);
        return stored.getMemory() != function.getMemory() || stored.getIterations() != function.getIterations()
                || stored.getParallelism() != function.getParallelism() || stored.getVariant() != Argon2.ID;
    }

    /** Hashes and checks submitted or running and not yet answered. */
    int inFlight() {
        return threads.getQueue().size() + threads.getActiveCount();
    }

    /** Lets the hashes already accepted finish, then stops the hashing threads; later calls are refused. */
    @Override
    public void close() {
        threads.close();
    }

    private String hashHere(String password) {
        return Password.hash(PasswordPolicy.normalise(password)).addRandomSalt(SALT_BYTES).with(function).getResult();
    }

    private <T> T onHashingThread(Callable<T> work) {
        Future<T> result = threads.submit(() -> {
            beforeEachHash.run();
            return work.call();
        });
        try {
            // A virtual thread waiting here unmounts: its carrier serves other requests meanwhile.
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a password hash", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Password hashing failed", e.getCause());
        }
    }
}
