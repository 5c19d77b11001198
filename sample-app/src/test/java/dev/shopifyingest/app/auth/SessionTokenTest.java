package dev.shopifyingest.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session tokens: forged, tampered, expired or revoked ones get 401 and change nothing; active
 * sessions slide forward, up to their absolute end.
 */
class SessionTokenTest {

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
    void rejectsATamperedPayload() throws SQLException {
        Browser victim = loggedIn("tampered@example.com");
        Browser attacker = loggedIn("attacker-tamper@example.com");
        String[] parts = attacker.cookie("session").orElseThrow().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String victimSession = sessionIdOf(victim);
        String forgedPayload = payload.replaceFirst("\"sid\":\"[^\"]+\"", "\"sid\":\"" + victimSession + "\"")
                .replaceFirst("\"sub\":\"\\d+\"", "\"sub\":\"" + userIdOf("tampered@example.com") + "\"");
        String tampered = parts[0] + "." + base64(forgedPayload) + "." + parts[2];

        assertRejectedAndHarmless(attacker, tampered);
    }

    @Test
    void rejectsAlgNone() throws SQLException {
        Browser attacker = loggedIn("none@example.com");
        String[] parts = attacker.cookie("session").orElseThrow().split("\\.");
        String unsigned = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";

        assertRejectedAndHarmless(attacker, unsigned);
        assertRejectedAndHarmless(attacker, base64("{\"alg\":\"None\"}") + "." + parts[1] + ".");
    }

    @Test
    void rejectsOtherAlgorithmsEvenWithTheRightSecret() throws Exception {
        Browser attacker = loggedIn("other-alg@example.com");
        String sid = sessionIdOf(attacker);
        long userId = userIdOf("other-alg@example.com");

        String hs512 = validClaims(userId, sid).sign(Algorithm.HMAC512(TestServer.JWT_SECRET));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        var keys = rsa.generateKeyPair();
        String rs256 = validClaims(userId, sid).sign(
                Algorithm.RSA256((RSAPublicKey) keys.getPublic(), (RSAPrivateKey) keys.getPrivate()));

        assertRejectedAndHarmless(attacker, hs512);
        assertRejectedAndHarmless(attacker, rs256);
    }

    @Test
    void rejectsATokenSignedWithAnotherSecret() throws SQLException {
        Browser attacker = loggedIn("other-secret@example.com");
        String forged = validClaims(userIdOf("other-secret@example.com"), sessionIdOf(attacker))
                .sign(Algorithm.HMAC256("another-secret-that-is-also-long-enough-000"));

        assertRejectedAndHarmless(attacker, forged);
    }

    @Test
    void acceptsAHandMadeTokenWithTheRightSecretAndClaims() throws SQLException {
        // The control for the tests above: the same construction with the real key works.
        Browser browser = loggedIn("control@example.com");
        String genuine = validClaims(userIdOf("control@example.com"), sessionIdOf(browser))
                .sign(Algorithm.HMAC256(TestServer.JWT_SECRET));
        browser.setCookie("session", genuine);

        assertThat(browser.me().status()).isEqualTo(200);
    }

    @Test
    void rejectsTokensWithTheWrongIssuerOrAudienceOrWithoutASession() throws SQLException {
        Browser attacker = loggedIn("claims@example.com");
        long userId = userIdOf("claims@example.com");
        String sid = sessionIdOf(attacker);
        Algorithm key = Algorithm.HMAC256(TestServer.JWT_SECRET);

        assertRejectedAndHarmless(attacker, validClaims(userId, sid).withIssuer("https://elsewhere.test").sign(key));
        assertRejectedAndHarmless(attacker, validClaims(userId, sid).withAudience("https://elsewhere.test").sign(key));
        assertRejectedAndHarmless(attacker, validClaims(userId, sid).withClaim("sid", "not-a-uuid").sign(key));
        assertRejectedAndHarmless(attacker, validClaims(userId + 1000, sid).sign(key));
    }

    @Test
    void aTokenExpiresAfterThirtyIdleMinutes() {
        Browser browser = loggedIn("idle@example.com");

        server.clock().advance(Duration.ofMinutes(31));

        assertThat(browser.me().status()).isEqualTo(401);
    }

    @Test
    void activityRenewsTheTokenUpToTheSessionsAbsoluteEnd() {
        Browser browser = loggedIn("active@example.com");
        String first = browser.cookie("session").orElseThrow();

        server.clock().advance(Duration.ofMinutes(10));
        Reply early = browser.me();
        assertThat(early.headers("Set-Cookie")).isEmpty();

        server.clock().advance(Duration.ofMinutes(10));
        Reply renewed = browser.me();
        assertThat(renewed.headers("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("session="));
        assertThat(browser.cookie("session")).isPresent().get().isNotEqualTo(first);

        // Used every 20 minutes, the session still ends 12 hours after log-in.
        for (int i = 0; i < 34; i++) {
            server.clock().advance(Duration.ofMinutes(20));
            assertThat(browser.me().status()).as("after %d renewals", i).isEqualTo(200);
        }
        server.clock().advance(Duration.ofMinutes(20));
        assertThat(browser.me().status()).isEqualTo(401);
    }

    @Test
    void aTokenFromBeforeLogOutNoLongerWorks() {
        Browser browser = loggedIn("revoked@example.com");
        String stolen = browser.cookie("session").orElseThrow();
        browser.logOut();

        Browser thief = server.browser();
        thief.setCookie("session", stolen);

        assertThat(thief.me().status()).isEqualTo(401);
    }

    private static void assertRejectedAndHarmless(Browser browser, String token) throws SQLException {
        String email = browser.me().json().path("user").path("email").asText();
        int sessionsBefore = activeSessions();
        String genuine = browser.cookie("session").orElseThrow();
        browser.setCookie("session", token);

        Reply me = browser.me();
        Reply logout = browser.logOut();

        assertThat(me.status()).isEqualTo(401);
        assertThat(me.errorCode()).isEqualTo("unauthenticated");
        assertThat(logout.status()).isEqualTo(401);
        assertThat(activeSessions()).isEqualTo(sessionsBefore);
        browser.setCookie("session", genuine);
        assertThat(browser.me().json().path("user").path("email").asText()).isEqualTo(email);
    }

    private static Browser loggedIn(String email) {
        Browser browser = server.browser();
        assertThat(browser.signUp(email, "a long enough password").status()).isEqualTo(201);
        return browser;
    }

    private static com.auth0.jwt.JWTCreator.Builder validClaims(long userId, String sessionId) {
        Instant now = server.clock().instant();
        return JWT.create()
                .withIssuer("http://app.test")
                .withAudience("http://app.test/api")
                .withSubject(Long.toString(userId))
                .withClaim("sid", sessionId)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(Duration.ofMinutes(30)));
    }

    private static String sessionIdOf(Browser browser) {
        String payload = new String(Base64.getUrlDecoder().decode(browser.cookie("session").orElseThrow().split("\\.")[1]),
                StandardCharsets.UTF_8);
        return payload.replaceFirst(".*\"sid\":\"([^\"]+)\".*", "$1");
    }

    private static long userIdOf(String email) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
                var query = connection.prepareStatement("select id from app.users where email = ?")) {
            query.setString(1, email);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getLong(1);
            }
        }
    }

    private static int activeSessions() throws SQLException {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from app.sessions where revoked_at is null")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
