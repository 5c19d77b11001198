package dev.shopifyingest.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Log-in rate limits: per email (known or not) and per client address, counted in the database,
 * lifted when the window has passed.
 */
class LoginRateLimitTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(db.dataSource(), builder -> builder.loginLimits(
                new LoginLimits(5, 12, Duration.ofMinutes(15))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void startAfterEarlierTestsWindows() {
        // Every test here logs in from 127.0.0.1: leave the previous test's failures behind.
        server.clock().advance(Duration.ofHours(1));
    }

    @Test
    void theSixthAttemptAfterFiveFailuresGets429UntilTheWindowPasses() {
        server.browser().signUp("limited@example.com", "the right password");
        Browser browser = server.browser();
        for (int i = 0; i < 5; i++) {
            server.clock().advance(Duration.ofSeconds(10));
            assertThat(browser.logIn("limited@example.com", "wrong password " + i).status()).isEqualTo(401);
        }

        Reply throttled = browser.logIn("limited@example.com", "the right password");

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.errorCode()).isEqualTo("too_many_attempts");
        // The first failure was 40 s ago; it leaves the 15-minute window in 860 s.
        assertThat(throttled.header("Retry-After")).hasValue("860");
        assertThat(throttled.headers("Set-Cookie")).isEmpty();

        server.clock().advance(Duration.ofSeconds(859));
        assertThat(browser.logIn("limited@example.com", "the right password").status()).isEqualTo(429);

        server.clock().advance(Duration.ofSeconds(1));
        assertThat(browser.logIn("limited@example.com", "the right password").status()).isEqualTo(200);
    }

    @Test
    void unknownEmailsAreLimitedExactlyLikeKnownOnes() {
        server.browser().signUp("exists@example.com", "the right password");
        Browser browser = server.browser();
        for (int i = 0; i < 5; i++) {
            browser.logIn("exists@example.com", "wrong");
            browser.logIn("does-not-exist@example.com", "wrong");
        }

        Reply known = browser.logIn("exists@example.com", "wrong");
        Reply unknown = browser.logIn("does-not-exist@example.com", "wrong");

        assertThat(known.status()).isEqualTo(429);
        assertThat(unknown.status()).isEqualTo(known.status());
        assertThat(unknown.body()).isEqualTo(known.body());
    }

    @Test
    void aSuccessfulLogInResetsTheEmailsCount() {
        server.browser().signUp("forgetful@example.com", "the right password");
        Browser browser = server.browser();
        for (int i = 0; i < 4; i++) {
            browser.logIn("forgetful@example.com", "wrong");
        }
        assertThat(browser.logIn("forgetful@example.com", "the right password").status()).isEqualTo(200);

        for (int i = 0; i < 4; i++) {
            assertThat(browser.logIn("forgetful@example.com", "wrong").status()).isEqualTo(401);
        }
        assertThat(browser.logIn("forgetful@example.com", "the right password").status()).isEqualTo(200);
    }

    @Test
    void oneAddressTryingManyEmailsIsLimitedToo() {
        Browser browser = server.browser();
        for (int i = 0; i < 12; i++) {
            assertThat(browser.logIn("spray" + i + "@example.com", "wrong").status()).isEqualTo(401);
        }

        Reply next = browser.logIn("spray-next@example.com", "wrong");

        assertThat(next.status()).isEqualTo(429);
        assertThat(next.header("Retry-After")).isPresent();
    }

    @Test
    void theLimitHoldsAcrossInstancesSharingTheDatabase() {
        server.browser().signUp("shared@example.com", "the right password");
        try (TestServer other = TestServer.start(db.dataSource())) {
            other.clock().advance(Duration.between(other.clock().instant(), server.clock().instant()));
            for (int i = 0; i < 5; i++) {
                (i % 2 == 0 ? server : other).browser().logIn("shared@example.com", "wrong");
            }

            assertThat(other.browser().logIn("shared@example.com", "the right password").status()).isEqualTo(429);
            assertThat(server.browser().logIn("shared@example.com", "the right password").status()).isEqualTo(429);
        }
    }
}
