package dev.shopifyingest.app.auth;

import dev.shopifyingest.app.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Guards the JSON API ({@code /api/...}); other paths (static pages, health, metrics) pass
 * untouched.
 *
 * <ol>
 *   <li>A state-changing request (anything but GET, HEAD, OPTIONS) from another site, as told by
 *       {@code Sec-Fetch-Site} or {@code Origin}, gets 403.</li>
 *   <li>Sign-up and log-in are public. Every other API path requires a valid session cookie
 *       (signature, algorithm, claims and expiry of the JWT, and a session that is neither
 *       revoked nor over): otherwise 401. Secure by default: a new route is protected unless
 *       listed here as public.</li>
 *   <li>A state-changing request authenticated by the cookie must carry the session's CSRF token
 *       in {@code X-CSRF-Token}, equal to the {@code csrf} cookie: otherwise 403.</li>
 *   <li>The {@link CurrentUser} goes into the request context; a token past half its lifetime is
 *       renewed with fresh cookies (sliding expiry, up to the session's absolute end).</li>
 * </ol>
 */
public final class AuthFilter implements Filter {

    /** API paths that need no session. */
    static final Set<String> PUBLIC_PATHS = Set.of("/api/auth/signup", "/api/auth/login");

    private static final Set<Method> SAFE_METHODS = Set.of(Method.GET, Method.HEAD, Method.OPTIONS);
    private static final io.helidon.http.HeaderName CSRF_HEADER = HeaderNames.create("X-CSRF-Token");

    private final SessionTokens tokens;
    private final Sessions sessions;
    private final CsrfTokens csrf;
    private final SessionCookies cookies;
    private final OriginCheck originCheck;
    private final Clock clock;

    AuthFilter(SessionTokens tokens, Sessions sessions, CsrfTokens csrf, SessionCookies cookies,
            OriginCheck originCheck, Clock clock) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.csrf = csrf;
        this.cookies = cookies;
        this.originCheck = originCheck;
        this.clock = clock;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            chain.proceed();
            return;
        }
        boolean changesState = !SAFE_METHODS.contains(request.prologue().method());
        if (changesState) {
            originCheck.check(request);
        }
        if (PUBLIC_PATHS.contains(path)) {
            chain.proceed();
            return;
        }
        SessionTokens.Claims claims = cookies.session(request).flatMap(tokens::verify)
                .orElseThrow(ApiException::unauthenticated);
        CurrentUser user = activeSession(claims).orElseThrow(ApiException::unauthenticated);
        if (changesState && !csrf.matches(request.headers().first(CSRF_HEADER).orElse(null),
                cookies.csrf(request).orElse(null), user.sessionId())) {
            throw ApiException.forbidden("csrf_token_invalid",
                    "This request needs the X-CSRF-Token header, equal to the csrf cookie. Reload the page and try again.");
        }
        request.context().register(CurrentUser.class, user);
        if (tokens.shouldRenew(claims)) {
            cookies.set(response, tokens.issue(user.id(), user.sessionId(), user.sessionEnd()),
                    csrf.tokenFor(user.sessionId()), clock.instant());
        }
        chain.proceed();
    }

    /** The user whose valid, unrevoked session cookie the request carries, if any; for routes outside {@code /api}. */
    Optional<CurrentUser> currentUser(ServerRequest request) {
        return cookies.session(request).flatMap(tokens::verify).flatMap(this::activeSession);
    }

    private Optional<CurrentUser> activeSession(SessionTokens.Claims claims) {
        try {
            return sessions.active(claims.sessionId(), claims.userId());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look up a session", e);
        }
    }
}
