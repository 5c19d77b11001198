package dev.shopifyingest.core.auth;

import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shopify's client credentials grant: an app trades its own client id and secret for an access
 * token on a store it is installed on, with no merchant in the loop, by
 * {@code POST {shopBase}/admin/oauth/access_token} with {@code grant_type=client_credentials}.
 *
 * <p>Shopify offers this grant only to apps of your own organization on stores your organization
 * owns (tools, scripts, back-office jobs); apps for other merchants use the authorization-code
 * grant of {@link ShopifyOAuth}. The token carries the scopes configured on the app's version and
 * lasts about 24 hours, with no refresh token: {@link #tokenSource(ShopDomain)} simply asks for a
 * new one before it expires.
 *
 * <pre>{@code
 * ClientCredentialsGrant grant = ClientCredentialsGrant.builder(clientId, clientSecret).build();
 * AccessTokenSource tokens = grant.tokenSource(ShopDomain.parse("my-dev-store"));
 * client.execute(shop, tokens, operation, Map.of());
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} never prints the client secret.
 */
public final class ClientCredentialsGrant {

    /** How long before its expiry a token from {@link #tokenSource(ShopDomain)} is replaced. */
    public static final Duration RENEWAL_MARGIN = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(ClientCredentialsGrant.class);

    private final String clientId;
    private final TokenEndpoint endpoint;
    private final Clock clock;

    private ClientCredentialsGrant(Builder b) {
        this.clientId = b.clientId;
        this.clock = b.clock;
        this.endpoint = new TokenEndpoint(b.httpClient != null ? b.httpClient : new OkHttpClient(), b.shopBaseUrl,
                b.clock, b.clientId, b.clientSecret);
    }

    /**
     * Starts a builder for an app's credentials, as shown in the Dev Dashboard.
     *
     * @param clientId the app's client id
     * @param clientSecret the app's client secret
     * @return a builder defaulting to a new {@link OkHttpClient}, {@link ShopBaseUrl#https()} and
     *     the system UTC clock
     * @throws IllegalArgumentException if either is null or blank
     */
    public static Builder builder(String clientId, String clientSecret) {
        return new Builder(requireText(clientId, "client id"), requireText(clientSecret, "client secret"));
    }

    /**
     * Asks Shopify for a new access token for one shop. Blocks for one HTTP round trip.
     *
     * @param shop the shop the app is installed on
     * @return the token, with the scopes Shopify reports and its expiry (no refresh token)
     * @throws TokenExchangeException with {@code INVALID_CLIENT_CREDENTIALS} when Shopify refuses
     *     the client id and secret (HTTP 401), {@code UNEXPECTED_RESPONSE} for any other refusal
     *     (the message quotes Shopify's error code and description) or an unreadable answer, and
     *     {@code NETWORK} when Shopify cannot be reached. Messages never contain the secret.
     */
    public AccessToken requestToken(ShopDomain shop) {
        Objects.requireNonNull(shop, "shop");
        AccessToken token = endpoint.request(shop, new TokenEndpoint.Grant("the client credentials grant", 401,
                TokenExchangeException.Reason.INVALID_CLIENT_CREDENTIALS,
                "Shopify refused the client id and secret for " + shop + " (HTTP 401). Check both in the app's"
                        + " settings in the Dev Dashboard, and that the app is installed on this shop.",
                "The grant works only for apps of your own organization installed on stores it owns."),
                "grant_type", "client_credentials");
        LOG.info("Obtained a client-credentials access token for shop {}; it expires at {}", shop, token.expiresAt());
        return token;
    }

    /**
     * A token source for one shop that requests its first token on first use, a new one
     * {@link #RENEWAL_MARGIN} before the current one expires (by the builder's clock), and a new
     * one once when Shopify rejects the current one. Thread-safe: concurrent callers share one
     * request.
     *
     * @param shop the shop the app is installed on
     * @return the source; its calls throw {@link TokenExchangeException} as
     *     {@link #requestToken(ShopDomain)} does
     */
    public AccessTokenSource tokenSource(ShopDomain shop) {
        Objects.requireNonNull(shop, "shop");
        return new AccessTokenSource() {
            private AccessToken current;

            @Override
            public synchronized String accessToken() {
                if (current == null || (current.expiresAt() != null
                        && !clock.instant().plus(RENEWAL_MARGIN).isBefore(current.expiresAt()))) {
                    current = requestToken(shop);
                }
                return current.accessToken();
            }

            @Override
            public synchronized String refreshAfterRejection(String rejected) {
                if (current == null || current.accessToken().equals(rejected)) {
                    current = requestToken(shop);
                }
                return current.accessToken();
            }

            @Override
            public String toString() {
                return "ClientCredentialsTokenSource[shop=" + shop + "]";
            }
        };
    }

    /**
     * Describes the grant without its secret.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "ClientCredentialsGrant[clientId=" + clientId + ", clientSecret=<redacted>]";
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The app's " + name + " is required");
        }
        return value;
    }

    /** Collects the collaborators of a {@link ClientCredentialsGrant}; not thread-safe. */
    public static final class Builder {
        private final String clientId;
        private final String clientSecret;
        private OkHttpClient httpClient;
        private ShopBaseUrl shopBaseUrl = ShopBaseUrl.https();
        private Clock clock = Clock.systemUTC();

        private Builder(String clientId, String clientSecret) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
        }

        /**
         * Sets the HTTP client for token requests; share the application's client.
         *
         * @param httpClient the client
         * @return this builder
         */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * Sets where shops' admin endpoints live; tests point this at a fake Shopify.
         *
         * @param shopBaseUrl the resolver; defaults to {@link ShopBaseUrl#https()}
         * @return this builder
         */
        public Builder shopBaseUrl(ShopBaseUrl shopBaseUrl) {
            this.shopBaseUrl = Objects.requireNonNull(shopBaseUrl, "shopBaseUrl");
            return this;
        }

        /**
         * Sets the clock that dates tokens and decides when they are renewed.
         *
         * @param clock the clock; defaults to the system UTC clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the grant.
         *
         * @return the grant
         */
        public ClientCredentialsGrant build() {
            return new ClientCredentialsGrant(this);
        }
    }
}
