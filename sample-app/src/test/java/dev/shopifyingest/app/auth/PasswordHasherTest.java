package dev.shopifyingest.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Password hashing runs on its own bounded pool of platform threads: while that pool is busy,
 * every other request is still served, and a log-in or sign-up beyond its queue is told to come
 * back (503 with {@code Retry-After}) without changing anything.
 */
class PasswordHasherTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    private static final String PASSWORD = "correct horse battery staple";
    /** How long a test waits for the hasher to hold the expected work before it gives up. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /**
     * Holds every hash on its hashing thread while closed, by spinning: like Argon2 itself, it
     * keeps its thread on a CPU and never yields.
     */
    private static final class SpinningGate implements Runnable {
        private volatile boolean closed;

        @Override
        public void run() {
            while (closed) {
                Thread.onSpinWait();
            }
        }

        void close() {
            closed = true;
        }

        void open() {
            closed = false;
        }
    }

    @Test
    void otherRequestsAreServedWhileHashesOccupyTheMachine() throws Exception {
        SpinningGate gate = new SpinningGate();
        // As many spinning log-ins as the virtual-thread scheduler has carriers: were hashes run on
        // the requests' own threads, no carrier would be left for any other request.
        int logIns = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        PasswordHasher hasher = cheapHasher(1, logIns, gate);
        ExecutorService clients = platformThreads();
        try (TestServer server = startWith(hasher)) {
            Browser member = server.browser();
            assertThat(member.signUp("member@example.com", PASSWORD).status()).isEqualTo(201);
            gate.close();
            List<Future<Reply>> waiting = new ArrayList<>();
            try {
                for (int i = 0; i < logIns; i++) {
                    waiting.add(clients.submit(() -> server.browser().logIn("member@example.com", PASSWORD)));
                }
                awaitInFlight(hasher, logIns);

                Reply ready = server.browser().get("/health/ready");
                Reply me = member.me();

                assertThat(ready.status()).as(ready.body()).isEqualTo(200);
                assertThat(me.status()).as(me.body()).isEqualTo(200);
                assertThat(me.json().path("user").path("email").asText()).isEqualTo("member@example.com");
            } finally {
                gate.open();
            }
            for (Future<Reply> logIn : waiting) {
                assertThat(logIn.get().status()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aLogInOrSignUpBeyondTheQueueGets503WithRetryAfterAndChangesNothing() throws Exception {
        SpinningGate gate = new SpinningGate();
        PasswordHasher hasher = cheapHasher(1, 1, gate);
        ExecutorService clients = platformThreads();
        try (TestServer server = startWith(hasher)) {
            assertThat(server.browser().signUp("queued@example.com", PASSWORD).status()).isEqualTo(201);
            gate.close();
            List<Future<Reply>> waiting = new ArrayList<>();
            Reply known;
            Reply unknown;
            Reply signUp;
            try {
                // One hash running, one waiting: the queue of one is full.
                for (int i = 0; i < 2; i++) {
                    waiting.add(clients.submit(() -> server.browser().logIn("queued@example.com", PASSWORD)));
                }
                awaitInFlight(hasher, 2);

                known = server.browser().logIn("queued@example.com", PASSWORD);
                unknown = server.browser().logIn("nobody@example.com", PASSWORD);
                signUp = server.browser().signUp("refused@example.com", PASSWORD);
            } finally {
                gate.open();
            }

            for (Reply refused : List.of(known, unknown, signUp)) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.errorCode()).isEqualTo("unavailable");
                assertThat(refused.header("Retry-After")).hasValue("2");
                assertThat(refused.headers("Set-Cookie")).isEmpty();
                assertThat(refused.body()).doesNotContain("incident", PASSWORD);
            }
            // An unknown email is refused exactly like a known one.
            assertThat(unknown.body()).isEqualTo(known.body());
            for (Future<Reply> logIn : waiting) {
                assertThat(logIn.get().status()).isEqualTo(200);
            }
            // The refused sign-up created no account; the refused log-ins counted no failure.
            assertThat(server.browser().logIn("refused@example.com", PASSWORD).status()).isEqualTo(401);
            assertThat(server.browser().signUp("refused@example.com", PASSWORD).status()).isEqualTo(201);
            assertThat(server.browser().logIn("queued@example.com", PASSWORD).status()).isEqualTo(200);
        } finally {
            clients.shutdownNow();
        }
    }

    /** Argon2id at its smallest, so the tests spend their time on the behaviour, not on hashing. */
    private static PasswordHasher cheapHasher(int threads, int queueCapacity, Runnable gate) {
        return new PasswordHasher(64, 1, 1, threads, queueCapacity, gate);
    }

    private static TestServer startWith(PasswordHasher hasher) {
        return TestServer.start(db.dataSource(), builder -> builder.authentication(
                authentication -> authentication.passwordHasher(hasher)));
    }

    /** Clients on platform threads, which need no carrier of the server's virtual-thread scheduler. */
    private static ExecutorService platformThreads() {
        return Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon(true).factory());
    }

    private static void awaitInFlight(PasswordHasher hasher, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (hasher.inFlight() < expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("The hasher holds " + hasher.inFlight() + " hashes, not " + expected);
            }
            Thread.sleep(10);
        }
    }
}
