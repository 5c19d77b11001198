package dev.shopifyingest.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every failure is a JSON error body: {@code {"error":{"code":"...","message":"..."}}}. */
class ErrorResponsesTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(db.dataSource(), builder -> builder.maxRequestBytes(16 * 1024));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void unknownRouteIs404Json() {
        Reply reply = server.browser().get("/no/such/page");

        assertJsonError(reply, 404, "not_found");
    }

    @Test
    void unknownApiRouteIs404JsonOnceAuthenticated() {
        Browser browser = server.browser();
        browser.signUp("lost@example.com", "a long enough password");

        assertJsonError(browser.get("/api/no-such-thing"), 404, "not_found");
    }

    @Test
    void wrongMethodIs405JsonWithAllow() {
        Reply getLogin = server.browser().get("/api/auth/login");

        assertJsonError(getLogin, 405, "method_not_allowed");
        assertThat(getLogin.header("Allow")).hasValue("POST");
    }

    @Test
    void oversizedBodyIs413Json() {
        Browser browser = server.browser();
        String big = "{\"email\":\"" + "a".repeat(20 * 1024) + "@example.com\",\"password\":\"x\"}";

        // Expect: 100-continue: the server refuses from the declared length, so the client never
        // writes its body into a connection the server has already closed.
        Reply withLength = browser.send(browser.request("/api/auth/login")
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big)));

        assertJsonError(withLength, 413, "payload_too_large");
        assertThat(withLength.json().path("error").path("message").asText()).contains("16384 bytes");
    }

    @Test
    void oversizedChunkedBodyIs413Json() throws IOException {
        String response = rawExchange("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(20 * 1024) + "\r\n" + "a".repeat(20 * 1024) + "\r\n0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response).contains("\"code\":\"payload_too_large\"");
    }

    @Test
    void malformedRequestLineIs400Json() throws IOException {
        String response = rawExchange("GARBAGE\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).contains("application/json").contains("\"code\":\"bad_request\"");
    }

    @Test
    void malformedJsonIs400NamingTheProblem() {
        Reply truncated = server.browser().postJson("/api/auth/login", "{\"email\":\"a@b.c\",");
        Reply badToken = server.browser().postJson("/api/auth/login", "{\"email\": nope}");
        Reply notAnObject = server.browser().postJson("/api/auth/login", "[1, 2]");
        Reply empty = server.browser().postJson("/api/auth/login", "");
        Reply duplicate = server.browser().postJson("/api/auth/login",
                "{\"email\":\"a@b.c\",\"email\":\"d@e.f\",\"password\":\"x\"}");

        assertJsonError(truncated, 400, "invalid_json");
        assertThat(message(truncated)).contains("ends too early").contains("line 1");
        assertJsonError(badToken, 400, "invalid_json");
        assertThat(message(badToken)).contains("line 1, column").doesNotContain("nope");
        assertThat(message(notAnObject)).contains("must be a JSON object");
        assertThat(message(empty)).contains("empty");
        assertThat(message(duplicate)).contains("appears twice");
    }

    @Test
    void missingUnknownAndMistypedFieldsAre400NamingTheField() {
        Reply missing = server.browser().postJson("/api/auth/login", "{\"email\":\"a@b.c\"}");
        Reply unknown = server.browser().postJson("/api/auth/login",
                "{\"email\":\"a@b.c\",\"password\":\"x\",\"admin\":true}");
        Reply mistyped = server.browser().postJson("/api/auth/login", "{\"email\":42,\"password\":\"x\"}");

        assertJsonError(missing, 400, "invalid_request");
        assertThat(message(missing)).isEqualTo("Field 'password' is required.");
        assertThat(message(unknown)).startsWith("Unknown field 'admin'");
        assertThat(message(mistyped)).isEqualTo("Field 'email' must be a string.");
    }

    @Test
    void errorMessagesNeverEchoThePassword() {
        Reply reply = server.browser().postJson("/api/auth/login", "{\"email\":\"a@b.c\",\"password\":secret-guess}");

        assertJsonError(reply, 400, "invalid_json");
        assertThat(reply.body()).doesNotContain("secret-guess");
    }

    @Test
    void staticIndexIsServedAtTheRoot() {
        Reply index = server.browser().get("/");

        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(index.body()).contains("<title>shopify-ingest sample app</title>");
        assertThat(index.header("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(index.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'").contains("frame-ancestors 'none'"));
    }

    private static String message(Reply reply) {
        return reply.json().path("error").path("message").asText();
    }

    private static void assertJsonError(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(reply.errorCode()).isEqualTo(code);
        assertThat(reply.json().path("error").path("message").asText()).isNotBlank();
    }

    /** Sends raw bytes, for requests java.net.http will not make; returns what the server answered. */
    private static String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            // The server closes the connection after these errors, so read to the end.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.net.SocketException e) {
            throw new IOException("The server reset the connection instead of answering", e);
        }
    }
}
