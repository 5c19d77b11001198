package dev.shopifyingest.app.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.concurrent.Semaphore;

/**
 * Hashes passwords with Argon2id through password4j, as PHC strings
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) that carry their own parameters.
 *
 * <p>Default parameters are OWASP's recommended minimum for Argon2id: 19 MiB of memory, 2
 * iterations, 1 lane, a 16-byte random salt and a 32-byte hash. Each hash holds that much memory
 * while it runs, so at most a few run at once (a burst of log-ins queues instead of exhausting
 * the heap).
 */
final class PasswordHasher {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int HASH_BYTES = 32;
    static final int SALT_BYTES = 16;

    private final Argon2Function function;
    private final Semaphore permits;
    private final String dummyHash;

    PasswordHasher(int memoryKib, int iterations, int parallelism, int concurrentHashes) {
        this.function = Argon2Function.getInstance(memoryKib, iterations, parallelism, HASH_BYTES, Argon2.ID);
        this.permits = new Semaphore(concurrentHashes, true);
        // Checked against when the email is unknown, so that case costs the same as a wrong password.
        this.dummyHash = hash("not a real password: it only spends the same time as checking one");
    }

    /** The recommended parameters, with as many concurrent hashes as processors (at least two). */
    static PasswordHasher argon2id() {
        return new PasswordHasher(MEMORY_KIB, ITERATIONS, PARALLELISM,
                Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Hashes a password with a new random salt.
     *
     * @param password the password as typed (it is NFKC-normalised first)
     * @return the PHC string
     */
    String hash(String password) {
        permits.acquireUninterruptibly();
        try {
            return Password.hash(PasswordPolicy.normalise(password)).addRandomSalt(SALT_BYTES).with(function).getResult();
        } finally {
            permits.release();
        }
    }

    /**
     * Checks a password against a stored hash, with the parameters the hash names.
     *
     * @param password   the password as typed
     * @param storedHash a PHC string from {@link #hash}
     * @return whether they match
     */
    boolean verify(String password, String storedHash) {
        permits.acquireUninterruptibly();
        try {
            return Argon2Function.getInstanceFromHash(storedHash).check(PasswordPolicy.normalise(password), storedHash);
        } finally {
            permits.release();
        }
    }

    /**
     * Does the work of {@link #verify} for an account that does not exist, and fails.
     *
     * @param password the password as typed
     * @return always {@code false}
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
}
