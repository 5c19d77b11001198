package dev.shopifyingest.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A minimal browser for tests: a real HTTP client with a cookie jar, which sends JSON and echoes
 * the {@code csrf} cookie in {@code X-CSRF-Token} the way the app's pages do.
 */
public final class Browser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;
    private final Consumer<Reply> observer;

    /** A browser with an empty cookie jar for the app at {@code base} (a {@link TestServer} or an app process). */
    public Browser(URI base) {
        this(base, reply -> { });
    }

    Browser(URI base, Consumer<Reply> observer) {
        this.base = base;
        this.observer = observer;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * A response.
     *
     * @param status  the status code
     * @param headers the headers
     * @param body    the body as text
     */
    public record Reply(int status, Map<String, List<String>> headers, String body) {

        /** The body parsed as JSON. */
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        /** The first value of a header, ignoring case. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        /** Every value of a header, ignoring case. */
        public List<String> headers(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .toList();
        }

        /** The error code of a JSON error body. */
        public String errorCode() {
            return json().path("error").path("code").asText();
        }
    }

    /** Signs up; returns the reply. */
    public Reply signUp(String email, String password) {
        return postJson("/api/auth/signup", credentials(email, password));
    }

    /** Logs in; returns the reply. */
    public Reply logIn(String email, String password) {
        return postJson("/api/auth/login", credentials(email, password));
    }

    /** Logs out, with the CSRF token. */
    public Reply logOut() {
        return send(request("/api/auth/logout").header("X-CSRF-Token", cookie("csrf").orElse(""))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code GET /api/me}. */
    public Reply me() {
        return get("/api/me");
    }

    /** A GET. */
    public Reply get(String path) {
        return send(request(path).GET());
    }

    /** A POST of JSON, with the CSRF token when the jar holds one. */
    public Reply postJson(String path, String json) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        cookie("csrf").ifPresent(token -> request.header("X-CSRF-Token", token));
        return send(request);
    }

    /** A request builder for a path, for tests that set their own headers. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    /** Sends a request with this browser's cookies. */
    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Reply reply = new Reply(response.statusCode(), response.headers().map(), response.body());
            observer.accept(reply);
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A cookie in the jar. */
    public Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    /** Replaces a cookie's value in the jar, as an attacker editing their own cookies would. */
    public void setCookie(String name, String value) {
        cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .toList()
                .forEach(c -> cookies.getCookieStore().remove(null, c));
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(base, cookie);
    }

    /** A JSON body with an email and a password. */
    public static String credentials(String email, String password) {
        try {
            return MAPPER.writeValueAsString(Map.of("email", email, "password", password));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
