package dev.shopifyingest.core.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An app's OAuth settings: its credentials from the Partner or Dev Dashboard, the scopes it asks
 * for, where Shopify redirects back to, and the policies the flow enforces.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()}; derive a variant with
 * {@link #toBuilder()}. {@link #toString()} never prints the client secret.
 *
 * <p>Defaults: expiring offline tokens on (Shopify requires them for public apps created from
 * 2026-04-01 and for all public apps from 2027-01-01), the system UTC clock, a state lifetime of 10
 * minutes, and a callback timestamp tolerance of 90 seconds (the value Shopify's own library uses).
 */
public final class OAuthConfig {

    /** Default time a merchant has between being sent to Shopify and coming back. */
    public static final Duration DEFAULT_STATE_LIFETIME = Duration.ofMinutes(10);
    /** Default allowed distance between the callback's {@code timestamp} and now, either way. */
    public static final Duration DEFAULT_TIMESTAMP_TOLERANCE = Duration.ofSeconds(90);

    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9_]+");

    private final String clientId;
    private final String clientSecret;
    private final List<String> scopes;
    private final List<String> optionalScopes;
    private final URI redirectUri;
    private final boolean expiringOfflineTokens;
    private final Clock clock;
    private final Duration stateLifetime;
    private final Duration timestampTolerance;

    private OAuthConfig(Builder b) {
        this.clientId = requireText(b.clientId, "clientId");
        this.clientSecret = requireText(b.clientSecret, "clientSecret");
        this.scopes = List.copyOf(b.scopes);
        this.optionalScopes = List.copyOf(b.optionalScopes);
        for (String optional : optionalScopes) {
            if (!scopes.contains(optional)) {
                throw new IllegalArgumentException("The optional scope " + optional
                        + " is not among the requested scopes " + scopes + "; request it with scopes(...) too.");
            }
        }
        this.redirectUri = requireRedirectUri(b.redirectUri);
        this.expiringOfflineTokens = b.expiringOfflineTokens;
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.stateLifetime = Objects.requireNonNull(b.stateLifetime, "stateLifetime");
        this.timestampTolerance = Objects.requireNonNull(b.timestampTolerance, "timestampTolerance");
        if (stateLifetime.isNegative() || stateLifetime.isZero()) {
            throw new IllegalArgumentException("stateLifetime must be positive, was " + stateLifetime);
        }
        if (timestampTolerance.isNegative()) {
            throw new IllegalArgumentException("timestampTolerance must not be negative, was " + timestampTolerance);
        }
    }

    /**
     * Starts a builder with the defaults described on the class.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding this configuration's values, to derive a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.clientId = clientId;
        b.clientSecret = clientSecret;
        b.scopes.addAll(scopes);
        b.optionalScopes.addAll(optionalScopes);
        b.redirectUri = redirectUri;
        b.expiringOfflineTokens = expiringOfflineTokens;
        b.clock = clock;
        b.stateLifetime = stateLifetime;
        b.timestampTolerance = timestampTolerance;
        return b;
    }

    /**
     * The app's client id (API key), sent in the authorize URL and the token request.
     *
     * @return the client id
     */
    public String clientId() {
        return clientId;
    }

    /** The client secret; package-private so it cannot leak through the public API. */
    String clientSecret() {
        return clientSecret;
    }

    /**
     * The access scopes the app requests, in the order given, for example {@code read_orders}.
     *
     * @return an immutable list, possibly empty when scopes are managed in the app's TOML
     */
    public List<String> scopes() {
        return scopes;
    }

    /**
     * The requested scopes a grant may lack: the merchant (or Shopify, for scopes that need its
     * approval such as {@code read_all_orders}) may withhold them and the connection still succeeds.
     * The granted scopes say what the app may do; a missing optional scope is only logged.
     *
     * @return an immutable list, each also in {@link #scopes()}; empty by default
     */
    public List<String> optionalScopes() {
        return optionalScopes;
    }

    /**
     * Where Shopify redirects the merchant after approval; must be listed in the app's settings.
     *
     * @return the absolute redirect URI
     */
    public URI redirectUri() {
        return redirectUri;
    }

    /**
     * Whether to ask for an expiring offline token (with a refresh token) instead of a permanent one.
     *
     * @return true by default
     */
    public boolean expiringOfflineTokens() {
        return expiringOfflineTokens;
    }

    /**
     * The clock used for state expiry, timestamp checks and token expiry times.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * How long an issued state stays valid.
     *
     * @return a positive duration, 10 minutes by default
     */
    public Duration stateLifetime() {
        return stateLifetime;
    }

    /**
     * The largest accepted distance between a callback's signed timestamp and now, in either
     * direction.
     *
     * @return a non-negative duration, 90 seconds by default
     */
    public Duration timestampTolerance() {
        return timestampTolerance;
    }

    /**
     * Describes the configuration with the client secret redacted.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "OAuthConfig[clientId=" + clientId
                + ", clientSecret=<redacted>"
                + ", scopes=" + scopes + ", optionalScopes=" + optionalScopes
                + ", redirectUri=" + redirectUri
                + ", expiringOfflineTokens=" + expiringOfflineTokens
                + ", stateLifetime=" + stateLifetime
                + ", timestampTolerance=" + timestampTolerance + "]";
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static URI requireRedirectUri(URI uri) {
        Objects.requireNonNull(uri, "redirectUri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("redirectUri must be an absolute https (or http) URL, was " + uri);
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("redirectUri must not have a fragment, was " + uri);
        }
        return uri;
    }

    /** Collects the settings for an {@link OAuthConfig}; not thread-safe. */
    public static final class Builder {
        private String clientId;
        private String clientSecret;
        private final List<String> scopes = new ArrayList<>();
        private final List<String> optionalScopes = new ArrayList<>();
        private URI redirectUri;
        private boolean expiringOfflineTokens = true;
        private Clock clock = Clock.systemUTC();
        private Duration stateLifetime = DEFAULT_STATE_LIFETIME;
        private Duration timestampTolerance = DEFAULT_TIMESTAMP_TOLERANCE;

        private Builder() {}

        /**
         * Sets the app's client id (API key). Required.
         *
         * @param clientId the client id
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets the app's client secret, used to sign and verify. Required; never printed.
         *
         * @param clientSecret the client secret
         * @return this builder
         */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        /**
         * Replaces the requested scopes.
         *
         * @param scopes scope names such as {@code read_orders}; letters, digits and underscores only
         * @return this builder
         * @throws IllegalArgumentException if a scope is blank or contains other characters
         */
        public Builder scopes(List<String> scopes) {
            Objects.requireNonNull(scopes, "scopes");
            List<String> checked = new ArrayList<>();
            for (String scope : scopes) {
                Objects.requireNonNull(scope, "scope");
                if (!SCOPE.matcher(scope).matches()) {
                    throw new IllegalArgumentException(
                            "A scope must consist of letters, digits and underscores, such as read_orders; was '" + scope + "'");
                }
                if (!checked.contains(scope)) {
                    checked.add(scope);
                }
            }
            this.scopes.clear();
            this.scopes.addAll(checked);
            return this;
        }

        /**
         * Replaces the optional scopes: requested (they must also be given to {@link #scopes(List)})
         * but not required of a grant, such as {@code read_all_orders}.
         *
         * @param scopes scope names among the requested ones
         * @return this builder
         */
        public Builder optionalScopes(List<String> scopes) {
            Objects.requireNonNull(scopes, "scopes");
            this.optionalScopes.clear();
            this.optionalScopes.addAll(List.copyOf(scopes));
            return this;
        }

        /**
         * Replaces the requested scopes.
         *
         * @param scopes scope names such as {@code read_orders}
         * @return this builder
         */
        public Builder scopes(String... scopes) {
            return scopes(List.of(scopes));
        }

        /**
         * Sets where Shopify redirects back to. Required.
         *
         * @param redirectUri an absolute https (or, for local development, http) URL
         * @return this builder
         */
        public Builder redirectUri(URI redirectUri) {
            this.redirectUri = redirectUri;
            return this;
        }

        /**
         * Sets where Shopify redirects back to. Required.
         *
         * @param redirectUri an absolute https (or http) URL
         * @return this builder
         */
        public Builder redirectUri(String redirectUri) {
            return redirectUri(URI.create(Objects.requireNonNull(redirectUri, "redirectUri")));
        }

        /**
         * Chooses expiring offline tokens (the default, required by Shopify for public apps) or
         * permanent ones (still allowed for custom apps).
         *
         * @param expiring true to send {@code expiring=1} in the token request
         * @return this builder
         */
        public Builder expiringOfflineTokens(boolean expiring) {
            this.expiringOfflineTokens = expiring;
            return this;
        }

        /**
         * Sets the clock; tests pass a fixed or adjustable one.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets how long an issued state stays valid.
         *
         * @param stateLifetime a positive duration
         * @return this builder
         */
        public Builder stateLifetime(Duration stateLifetime) {
            this.stateLifetime = stateLifetime;
            return this;
        }

        /**
         * Sets the largest accepted distance between a callback's timestamp and now.
         *
         * @param timestampTolerance a non-negative duration
         * @return this builder
         */
        public Builder timestampTolerance(Duration timestampTolerance) {
            this.timestampTolerance = timestampTolerance;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException if client id, client secret or redirect URI is missing
         * @throws IllegalArgumentException if a value is blank or out of range
         */
        public OAuthConfig build() {
            return new OAuthConfig(this);
        }
    }
}
