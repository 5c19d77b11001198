package dev.shopifyingest.app.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.app.config.Secret;
import io.helidon.metrics.api.MeterRegistry;
import java.net.URI;
import io.helidon.webserver.http.ServerRequest;
import java.time.Clock;
import java.util.Optional;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The app's accounts and sessions, assembled: the {@link AuthFilter} that guards the API and the
 * {@link AuthService} that serves sign-up, log-in, log-out and the current user. They share one
 * set of parts (token keys, cookies, tables), built here from what the app is given. Closing it
 * stops the threads that hash passwords.
 */
public final class Authentication implements AutoCloseable {

    private final AuthFilter filter;
    private final AuthService service;
    private final PasswordHasher hasher;

    private Authentication(Builder builder) {
        Clock clock = builder.clock;
        String appOrigin = builder.appUrl.getScheme() + "://" + builder.appUrl.getRawAuthority();
        SessionTokens tokens = new SessionTokens(builder.jwtSecret, appOrigin, appOrigin + "/api", clock);
        CsrfTokens csrf = new CsrfTokens(builder.jwtSecret);
        SessionCookies cookies = new SessionCookies("https".equals(builder.appUrl.getScheme()));
        Sessions sessions = new Sessions(builder.dataSource, clock);
        this.filter = new AuthFilter(tokens, sessions, csrf, cookies, new OriginCheck(appOrigin), clock);
        this.hasher = builder.hasher != null ? builder.hasher : PasswordHasher.argon2id();
        this.service = new AuthService(new Accounts(builder.dataSource, clock), sessions, hasher,
                new LoginThrottle(builder.dataSource, clock, builder.loginLimits), tokens, csrf, cookies,
                builder.mapper, new AuthMetrics(builder.meterRegistry), clock);
    }

    /**
     * A builder; every setting is required except the clock (system UTC) and the login limits
     * ({@link LoginLimits#DEFAULT}).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The filter to add to the routing: it must run before the API's handlers. */
    public AuthFilter filter() {
        return filter;
    }

    /**
     * The signed-in user of a request outside {@code /api} (where the filter does not run), such
     * as Shopify's OAuth redirect back to the app.
     *
     * @param request the request
     * @return the user of its valid session cookie, or empty
     */
    public Optional<CurrentUser> currentUser(ServerRequest request) {
        return filter.currentUser(request);
    }

    /** The service to register under {@code /api}. */
    public AuthService service() {
        return service;
    }

    /** Lets the password hashes already accepted finish, then stops the hashing threads. */
    @Override
    public void close() {
        hasher.close();
    }

    /** Builds an {@link Authentication}. */
    public static final class Builder {
        private DataSource dataSource;
        private Clock clock = Clock.systemUTC();
        private Secret jwtSecret;
        private URI appUrl;
        private LoginLimits loginLimits = LoginLimits.DEFAULT;
        private MeterRegistry meterRegistry;
        private ObjectMapper mapper;
        private PasswordHasher hasher;

        private Builder() {
        }

        /** The password hasher, which the built {@link Authentication} then owns and closes; default Argon2id. */
        Builder passwordHasher(PasswordHasher hasher) {
            this.hasher = hasher;
            return this;
        }

        /** Where users, sessions and login attempts are stored. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** The time source for sessions, tokens and rate limits. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The key that signs session tokens (and from which CSRF tokens are derived). */
        public Builder jwtSecret(Secret jwtSecret) {
            this.jwtSecret = jwtSecret;
            return this;
        }

        /** The app's public URL: token issuer and audience, allowed {@code Origin}, {@code Secure} cookies. */
        public Builder appUrl(URI appUrl) {
            this.appUrl = appUrl;
            return this;
        }

        /** How many failed log-ins are allowed. */
        public Builder loginLimits(LoginLimits loginLimits) {
            this.loginLimits = loginLimits;
            return this;
        }

        /** Where the sign-up and log-in counters go. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** The JSON mapper for bodies. */
        public Builder mapper(ObjectMapper mapper) {
            this.mapper = mapper;
            return this;
        }

        /**
         * Builds it; sets up the password-hashing pool (its threads start with the first hash) and
         * hashes a dummy password once, so this takes a few tens of milliseconds. Close what it returns.
         *
         * @return the assembled authentication
         */
        public Authentication build() {
            Objects.requireNonNull(dataSource, "dataSource");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(jwtSecret, "jwtSecret");
            Objects.requireNonNull(appUrl, "appUrl");
            Objects.requireNonNull(loginLimits, "loginLimits");
            Objects.requireNonNull(meterRegistry, "meterRegistry");
            Objects.requireNonNull(mapper, "mapper");
            return new Authentication(this);
        }
    }
}
