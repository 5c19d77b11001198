package dev.shopifyingest.app.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.app.http.ApiException;
import dev.shopifyingest.app.http.Json;
import dev.shopifyingest.app.http.JsonBodies;
import dev.shopifyingest.app.http.MethodNotAllowed;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts over JSON, registered under {@code /api}:
 *
 * <ul>
 *   <li>{@code POST /api/auth/signup} {@code {"email","password"}}: creates the account and logs
 *       it in (201). A taken email gets the same 400 {@code signup_rejected} whatever the password;</li>
 *   <li>{@code POST /api/auth/login} {@code {"email","password"}}: 200 with the session cookies; an
 *       unknown email and a wrong password get the same 401 {@code invalid_credentials} after the
 *       same hashing work; too many failures get 429 with {@code Retry-After};</li>
 *   <li>either of the two, when password hashing is saturated (its threads busy, its queue full):
 *       503 {@code unavailable} with {@code Retry-After}, and nothing changed;</li>
 *   <li>{@code POST /api/auth/logout}: revokes the session on every instance and expires the cookies (204);</li>
 * </ul>
 *
 * <p>Passwords, hashes and tokens are never logged or returned.
 */
public final class AuthService implements HttpService {

    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    /** Longest email kept as a throttling key, so junk input cannot bloat the attempts table. */
    private static final int MAX_THROTTLE_KEY_LENGTH = 320;
    /** What a refusal for saturated hashing asks clients to wait: the queue drains in about that long. */
    private static final Duration HASHING_RETRY_AFTER = Duration.ofSeconds(2);

    /**
     * A sign-up or log-in body. {@link #toString()} leaves the password out.
     *
     * @param email    the email as typed
     * @param password the password as typed
     */
    record Credentials(String email, String password) {
        @Override
        public String toString() {
            return "Credentials[email=" + email + "]";
        }
    }

    /**
     * A user as the API shows it.
     *
     * @param id        the user id
     * @param email     the normalised email
     * @param createdAt when the account was created
     */
    record UserView(long id, String email, Instant createdAt) {
    }

    /**
     * The body of a successful sign-up or log-in.
     *
     * @param user the user now logged in
     */
    record SessionBody(UserView user) {
    }

    private final Accounts accounts;
    private final Sessions sessions;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final SessionTokens tokens;
    private final CsrfTokens csrf;
    private final SessionCookies cookies;
    private final JsonBodies bodies;
    private final ObjectMapper mapper;
    private final AuthMetrics metrics;
    private final Clock clock;

    AuthService(Accounts accounts, Sessions sessions, PasswordHasher hasher, LoginThrottle throttle,
            SessionTokens tokens, CsrfTokens csrf, SessionCookies cookies, ObjectMapper mapper, AuthMetrics metrics,
            Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.hasher = hasher;
        this.throttle = throttle;
        this.tokens = tokens;
        this.csrf = csrf;
        this.cookies = cookies;
        this.bodies = new JsonBodies(mapper);
        this.mapper = mapper;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/auth/signup", this::signup)
                .any("/auth/signup", MethodNotAllowed.allowing(Method.POST))
                .post("/auth/login", this::login)
                .any("/auth/login", MethodNotAllowed.allowing(Method.POST))
                .post("/auth/logout", this::logout)
                .any("/auth/logout", MethodNotAllowed.allowing(Method.POST));
    }

    private void signup(ServerRequest request, ServerResponse response) throws SQLException {
        Credentials credentials = bodies.read(request, Credentials.class);
        EmailAddress email = EmailAddress.parse(credentials.email()).orElseThrow(() -> ApiException.badRequest(
                "invalid_email", "Enter a valid email address, such as name@example.com."));
        Optional<String> weakness = PasswordPolicy.problem(credentials.password(), email);
        if (weakness.isPresent()) {
            throw ApiException.badRequest("weak_password", weakness.get());
        }
        // Hash before looking at the table: a taken email costs the same time as a new one.
        String hash = hashing(() -> hasher.hash(credentials.password()));
        Optional<Accounts.Account> account = accounts.create(email, hash);
        if (account.isEmpty()) {
            metrics.signupRejected();
            LOG.info("Sign-up rejected: the email has an account");
            throw ApiException.badRequest("signup_rejected",
                    "No account could be created with this email and password. If you already have an account, log in.");
        }
        metrics.signupCreated();
        LOG.info("Signed up user {}", account.get().id());
        startSession(response, account.get(), Status.CREATED_201);
    }

    private void login(ServerRequest request, ServerResponse response) throws SQLException {
        Credentials credentials = bodies.read(request, Credentials.class);
        Optional<EmailAddress> email = EmailAddress.parse(credentials.email());
        String throttleKey = email.map(EmailAddress::value).orElseGet(() -> throttleKey(credentials.email()));
        String address = clientAddress(request);
        Optional<Duration> wait = throttle.retryAfter(throttleKey, address);
        if (wait.isPresent()) {
            metrics.loginThrottled();
            LOG.warn("Log-in throttled for a client at {}", address);
            throw new ApiException(Status.TOO_MANY_REQUESTS_429, "too_many_attempts",
                    "Too many failed log-ins. Try again in " + wait.get().toSeconds() + " seconds.")
                    .withHeader("Retry-After", Long.toString(wait.get().toSeconds()));
        }
        Optional<Accounts.Account> account = email.isPresent() ? accounts.findByEmail(email.get()) : Optional.empty();
        String password = credentials.password();
        boolean valid;
        if (!PasswordPolicy.withinMaxLength(password)) {
            valid = false;
        } else if (account.isPresent()) {
            valid = hashing(() -> hasher.verify(password, account.get().passwordHash()));
        } else {
            valid = hashing(() -> hasher.verifyNothing(password));
        }
        if (!valid) {
            throttle.recordFailure(throttleKey, address);
            metrics.loginFailed();
            if (account.isPresent()) {
                LOG.info("Log-in failed for user {}: wrong password", account.get().id());
            } else {
                LOG.info("Log-in failed: no account with that email");
            }
            throw new ApiException(Status.UNAUTHORIZED_401, "invalid_credentials", "The email or password is wrong.");
        }
        Accounts.Account user = account.get();
        throttle.recordSuccess(throttleKey, address);
        if (hasher.needsRehash(user.passwordHash())) {
            try {
                accounts.updatePasswordHash(user.id(), hasher.hash(password));
            } catch (RejectedExecutionException e) {
                // The old hash still works: redo it at a quieter log-in rather than refuse this one.
                LOG.info("Rehash of user {} postponed: password hashing saturated", user.id());
            }
        }
        metrics.loginSucceeded();
        LOG.info("Logged in user {}", user.id());
        startSession(response, user, Status.OK_200);
    }

    private void logout(ServerRequest request, ServerResponse response) throws SQLException {
        CurrentUser user = CurrentUser.of(request);
        sessions.revoke(user.sessionId());
        cookies.clear(response);
        LOG.info("Logged out user {}", user.id());
        response.status(Status.NO_CONTENT_204).send();
    }

    private void startSession(ServerResponse response, Accounts.Account account, Status status) throws SQLException {
        Sessions.Started session = sessions.start(account.id());
        cookies.set(response, tokens.issue(account.id(), session.id(), session.expiresAt()),
                csrf.tokenFor(session.id()), clock.instant());
        Json.send(mapper, response, status, new SessionBody(view(account)));
    }

    /** Runs a hash or check, answering 503 with {@code Retry-After} when the hasher refuses it for load. */
    private static <T> T hashing(Supplier<T> work) {
        try {
            return work.get();
        } catch (RejectedExecutionException e) {
            LOG.warn("Password hashing saturated: a sign-up or log-in was refused");
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "unavailable",
                    "Too many log-ins at once. Try again in a few seconds.")
                    .withHeader("Retry-After", Long.toString(HASHING_RETRY_AFTER.toSeconds()));
        }
    }

    private static UserView view(Accounts.Account account) {
        return new UserView(account.id(), account.email().value(), account.createdAt());
    }

    private static String throttleKey(String typed) {
        String key = typed.strip().toLowerCase(Locale.ROOT);
        return key.length() > MAX_THROTTLE_KEY_LENGTH ? key.substring(0, MAX_THROTTLE_KEY_LENGTH) : key;
    }

    /** The client's IP address as the server sees it (behind a proxy: the proxy's). */
    private static String clientAddress(ServerRequest request) {
        SocketAddress address = request.remotePeer().address();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
