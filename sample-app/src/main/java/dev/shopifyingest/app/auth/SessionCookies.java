package dev.shopifyingest.app.auth;

import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The two cookies of a session. {@code session} holds the JWT: {@code HttpOnly}, so scripts
 * never see it. {@code csrf} holds the CSRF token: readable by the app's own scripts, which echo
 * it in {@code X-CSRF-Token}. Both are {@code SameSite=Lax} (so a return from Shopify's OAuth, a
 * top-level navigation, still carries the session), {@code Path=/}, and {@code Secure} when the
 * app is served over HTTPS; both expire with the token.
 */
final class SessionCookies {

    static final String SESSION = "session";
    static final String CSRF = "csrf";

    private final boolean secure;

    SessionCookies(boolean secure) {
        this.secure = secure;
    }

    void set(ServerResponse response, SessionTokens.Issued token, String csrfToken, Instant now) {
        Duration maxAge = Duration.between(now, token.expiresAt());
        response.headers().addCookie(cookie(SESSION, token.token(), maxAge, true));
        response.headers().addCookie(cookie(CSRF, csrfToken, maxAge, false));
    }

    /** Expires both cookies, replacing any set earlier in the same response (a renewal). */
    void clear(ServerResponse response) {
        response.headers().remove(HeaderNames.SET_COOKIE);
        response.headers().addCookie(cookie(SESSION, "", Duration.ZERO, true));
        response.headers().addCookie(cookie(CSRF, "", Duration.ZERO, false));
    }

    Optional<String> session(ServerRequest request) {
        return first(request, SESSION);
    }

    Optional<String> csrf(ServerRequest request) {
        return first(request, CSRF);
    }

    private static Optional<String> first(ServerRequest request, String name) {
        if (!request.headers().contains(HeaderNames.COOKIE)) {
            return Optional.empty();
        }
        List<String> values = request.headers().cookies().all(name, List::of);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    private SetCookie cookie(String name, String value, Duration maxAge, boolean httpOnly) {
        return SetCookie.builder(name, value)
                .path("/")
                .httpOnly(httpOnly)
                .secure(secure)
                .sameSite(SetCookie.SameSite.LAX)
                .maxAge(maxAge)
                .build();
    }
}
