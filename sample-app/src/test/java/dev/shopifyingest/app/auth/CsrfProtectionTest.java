package dev.shopifyingest.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * State-changing requests authenticated by the session cookie need the session's CSRF token in
 * {@code X-CSRF-Token}; requests a browser marks as cross-site are refused, even log-ins.
 */
class CsrfProtectionTest {

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
    void logOutWithoutTheTokenIsForbiddenAndKeepsTheSession() {
        Browser browser = loggedIn("no-token@example.com");

        Reply reply = browser.send(browser.request("/api/auth/logout").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorCode()).isEqualTo("csrf_token_invalid");
        assertThat(browser.me().status()).isEqualTo(200);
    }

    @Test
    void logOutWithAWrongTokenIsForbiddenAndKeepsTheSession() {
        Browser browser = loggedIn("wrong-token@example.com");

        Reply reply = browser.send(browser.request("/api/auth/logout")
                .header("X-CSRF-Token", "not-the-token")
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(browser.me().status()).isEqualTo(200);
    }

    @Test
    void aTokenFromAnotherSessionDoesNotWork() {
        Browser victim = loggedIn("victim@example.com");
        Browser attacker = loggedIn("attacker@example.com");
        String attackersToken = attacker.cookie("csrf").orElseThrow();
        // The attacker can plant a cookie and a header, but only with their own session's token.
        victim.setCookie("csrf", attackersToken);

        Reply reply = victim.send(victim.request("/api/auth/logout")
                .header("X-CSRF-Token", attackersToken)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(victim.me().status()).isEqualTo(200);
    }

    @Test
    void theHeaderMustMatchTheCookie() {
        Browser browser = loggedIn("mismatch@example.com");
        String token = browser.cookie("csrf").orElseThrow();
        browser.setCookie("csrf", "something-else");

        Reply reply = browser.send(browser.request("/api/auth/logout")
                .header("X-CSRF-Token", token)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    void logOutWithTheTokenWorks() {
        Browser browser = loggedIn("with-token@example.com");

        assertThat(browser.logOut().status()).isEqualTo(204);
        assertThat(browser.me().status()).isEqualTo(401);
    }

    @Test
    void readsNeedNoToken() {
        Browser browser = loggedIn("reader@example.com");

        assertThat(browser.send(browser.request("/api/me").GET()).status()).isEqualTo(200);
    }

    @Test
    void refusesStateChangesThatBrowsersMarkCrossSite() {
        Browser browser = loggedIn("cross-site@example.com");
        String token = browser.cookie("csrf").orElseThrow();

        Reply crossSiteLogout = browser.send(browser.request("/api/auth/logout")
                .header("X-CSRF-Token", token)
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.noBody()));
        Reply foreignOrigin = browser.send(browser.request("/api/auth/logout")
                .header("X-CSRF-Token", token)
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));
        Reply crossSiteLogin = server.browser().send(server.browser().request("/api/auth/login")
                .header("Content-Type", "application/json")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.credentials("cross-site@example.com",
                        "a long enough password"))));

        assertThat(crossSiteLogout.status()).isEqualTo(403);
        assertThat(crossSiteLogout.errorCode()).isEqualTo("cross_site_request");
        assertThat(foreignOrigin.status()).isEqualTo(403);
        assertThat(crossSiteLogin.status()).isEqualTo(403);
        assertThat(crossSiteLogin.headers("Set-Cookie")).isEmpty();
        assertThat(browser.me().status()).isEqualTo(200);
    }

    @Test
    void acceptsTheAppsOwnOriginAndSameOriginFetches() {
        Browser browser = loggedIn("same-origin@example.com");

        Reply appOrigin = server.browser().send(server.browser().request("/api/auth/login")
                .header("Content-Type", "application/json")
                .header("Origin", TestServer.APP_URL.toString())
                .header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.credentials("same-origin@example.com",
                        "a long enough password"))));
        Reply hostOrigin = browser.send(browser.request("/api/auth/logout")
                .header("X-CSRF-Token", browser.cookie("csrf").orElseThrow())
                .header("Origin", server.uri().toString())
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(appOrigin.status()).isEqualTo(200);
        assertThat(hostOrigin.status()).isEqualTo(204);
    }

    @Test
    void logInNeedsAJsonContentTypeWhichFormsCannotSend() {
        Reply form = server.browser().send(server.browser().request("/api/auth/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=a%40b.c&password=whatever")));
        Reply textPlain = server.browser().send(server.browser().request("/api/auth/login")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.credentials("a@b.c", "whatever"))));

        assertThat(form.status()).isEqualTo(415);
        assertThat(form.errorCode()).isEqualTo("unsupported_media_type");
        assertThat(textPlain.status()).isEqualTo(415);
    }

    private static Browser loggedIn(String email) {
        Browser browser = server.browser();
        assertThat(browser.signUp(email, "a long enough password").status()).isEqualTo(201);
        return browser;
    }
}
