package dev.shopifyingest.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sign-up, log-in, log-out and the current user, over real HTTP against a real database. */
class AuthServiceTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(db.dataSource());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void signUpLogsInAndLogOutEndsTheSession() {
        Browser browser = server.browser();

        Reply signUp = browser.signUp("  Ada@Example.com ", "correct horse battery");
        assertThat(signUp.status()).isEqualTo(201);
        assertThat(signUp.json().path("user").path("email").asText()).isEqualTo("ada@example.com");
        assertThat(signUp.json().path("user").path("id").asLong()).isPositive();

        Reply me = browser.me();
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("user").path("email").asText()).isEqualTo("ada@example.com");
        assertThat(me.json().path("shops").isArray()).isTrue();

        assertThat(browser.logOut().status()).isEqualTo(204);

        Reply afterLogout = browser.me();
        assertThat(afterLogout.status()).isEqualTo(401);
        assertThat(afterLogout.errorCode()).isEqualTo("unauthenticated");
    }

    @Test
    void setsAnHttpOnlySessionCookieAndAReadableCsrfCookie() {
        Reply signUp = server.browser().signUp("cookies@example.com", "correct horse battery");

        assertThat(signUp.headers("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("session=").contains("HttpOnly").contains("SameSite=Lax").contains("Path=/")
                .containsIgnoringCase("Max-Age=1800").doesNotContain("Secure"));
        assertThat(signUp.headers("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("csrf=").doesNotContain("HttpOnly").contains("SameSite=Lax"));
    }

    @Test
    void cookiesAreSecureWhenTheAppIsServedOverHttps() {
        try (TestServer https = TestServer.start(db.dataSource(), builder -> builder.config(
                TestServer.config().toBuilder().appUrl(URI.create("https://app.test")).build()))) {
            Reply signUp = https.browser().signUp("secure@example.com", "correct horse battery");

            assertThat(signUp.headers("Set-Cookie")).hasSize(2)
                    .allSatisfy(cookie -> assertThat(cookie).contains("Secure"));
        }
    }

    @Test
    void logsInWithTheRightPasswordInAnotherBrowser() {
        server.browser().signUp("grace@example.com", "another long password");
        Browser other = server.browser();

        Reply login = other.logIn("GRACE@example.com", "another long password");

        assertThat(login.status()).isEqualTo(200);
        assertThat(other.me().json().path("user").path("email").asText()).isEqualTo("grace@example.com");
    }

    @Test
    void logOutOfOneBrowserKeepsTheOtherSessions() {
        Browser first = server.browser();
        first.signUp("two-sessions@example.com", "two sessions at once");
        Browser second = server.browser();
        second.logIn("two-sessions@example.com", "two sessions at once");

        first.logOut();

        assertThat(first.me().status()).isEqualTo(401);
        assertThat(second.me().status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        server.browser().signUp("known@example.com", "the right password");

        Reply wrongPassword = server.browser().logIn("known@example.com", "not the right password");
        Reply unknownEmail = server.browser().logIn("unknown@example.com", "not the right password");
        Reply notAnEmail = server.browser().logIn("not an email", "not the right password");

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(wrongPassword.status());
        assertThat(notAnEmail.status()).isEqualTo(wrongPassword.status());
        assertThat(unknownEmail.body()).isEqualTo(wrongPassword.body());
        assertThat(notAnEmail.body()).isEqualTo(wrongPassword.body());
        assertThat(wrongPassword.errorCode()).isEqualTo("invalid_credentials");
        assertThat(wrongPassword.headers("Set-Cookie")).isEmpty();
    }

    @Test
    void aTakenEmailIsRejectedWithoutSayingItIsTakenAndKeepsItsPassword() throws SQLException {
        server.browser().signUp("taken@example.com", "the first password");
        String hashBefore = passwordHash("taken@example.com");

        Reply again = server.browser().signUp("Taken@Example.com", "a different password");

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.errorCode()).isEqualTo("signup_rejected");
        assertThat(again.body()).doesNotContainIgnoringCase("already registered").doesNotContainIgnoringCase("exists");
        assertThat(again.headers("Set-Cookie")).isEmpty();
        assertThat(passwordHash("taken@example.com")).isEqualTo(hashBefore);
        assertThat(server.browser().logIn("taken@example.com", "the first password").status()).isEqualTo(200);
    }

    @Test
    void rejectsWeakPasswordsAndInvalidEmailsSayingWhy() {
        Browser browser = server.browser();

        assertError(browser.signUp("short@example.com", "elevenchars"), 400, "weak_password", "at least 12");
        assertError(browser.signUp("same@example.com", "aaaaaaaaaaaaaaaa"), 400, "weak_password", "repeated");
        assertError(browser.signUp("longlocalpart@example.com", "LongLocalPart@Example.com"), 400, "weak_password",
                "email");
        assertError(browser.signUp("longlocalpart@example.com", "longlocalpart"), 400, "weak_password", "email");
        assertError(browser.signUp("huge@example.com", "x".repeat(1025)), 400, "weak_password", "1024 bytes");
        assertError(browser.signUp("not-an-email", "a perfectly fine password"), 400, "invalid_email", "valid email");
        assertError(browser.signUp("a@b", "a perfectly fine password"), 400, "invalid_email", "valid email");
    }

    @Test
    void storesOnlyAnArgon2idHashOfThePassword() throws SQLException {
        server.browser().signUp("hashed@example.com", "my secret password");

        String hash = passwordHash("hashed@example.com");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("my secret password");
    }

    @Test
    void meShowsTheUserAndTheirShopsInTheContractsShape() {
        Browser browser = server.browser();
        long id = browser.signUp("member@example.com", "member of no shop yet").json().path("user").path("id").asLong();

        JsonNode me = browser.me().json();

        assertThat(me.path("user").path("id").asLong()).isEqualTo(id);
        assertThat(me.path("user").path("email").asText()).isEqualTo("member@example.com");
        assertThat(me.path("shops").isArray()).isTrue();
        assertThat(me.path("shops")).isEmpty();
    }

    @Test
    void meAcceptsOnlyGet() {
        Browser browser = server.browser();
        browser.signUp("poster@example.com", "posting to me fails");

        Reply post = browser.postJson("/api/me", "{}");

        assertThat(post.status()).isEqualTo(405);
    }

    @Test
    void responsesNeverContainThePasswordHashOrToken() {
        Browser browser = server.browser();
        Reply signUp = browser.signUp("private@example.com", "keep this private");
        Reply me = browser.me();

        for (Reply reply : new Reply[] {signUp, me}) {
            assertThat(reply.body()).doesNotContain("keep this private").doesNotContain("$argon2")
                    .doesNotContain(browser.cookie("session").orElseThrow());
        }
    }

    @Test
    void apiCallsWithoutASessionGet401Json() {
        Reply me = server.browser().me();
        Reply unknownApiPath = server.browser().get("/api/nothing-here");

        assertThat(me.status()).isEqualTo(401);
        assertThat(me.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(me.errorCode()).isEqualTo("unauthenticated");
        assertThat(unknownApiPath.status()).isEqualTo(401);
    }

    private static void assertError(Reply reply, int status, String code, String messagePart) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.errorCode()).isEqualTo(code);
        assertThat(reply.json().path("error").path("message").asText()).contains(messagePart);
    }

    private static String passwordHash(String email) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
                var query = connection.prepareStatement("select password_hash from app.users where email = ?")) {
            query.setString(1, email);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }
}
