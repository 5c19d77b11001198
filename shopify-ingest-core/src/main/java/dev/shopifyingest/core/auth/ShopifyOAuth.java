package dev.shopifyingest.core.auth;

import dev.shopifyingest.core.InvalidShopDomainException;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.OAuthCallbackException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shopify's OAuth authorization-code grant for offline access tokens: build the authorize URL,
 * verify the callback, exchange the code for a token, and refresh expiring tokens.
 *
 * <p>Every state is 32 bytes from the injected {@link SecureRandom}, single-use, and bound both to
 * the shop it was issued for and to the caller's session: an opaque string the embedding
 * application chooses (its user id or login-session id) and passes again at the callback, so a
 * callback URL opened in another browser is refused.
 *
 * <p>Immutable and thread-safe; build one per app with {@link #builder(OAuthConfig)} and share it.
 * Online (per-user) tokens are not supported: the authorize URL never carries
 * {@code grant_options[]}.
 */
public final class ShopifyOAuth {

    private static final Logger log = LoggerFactory.getLogger(ShopifyOAuth.class);
    private static final int STATE_BYTES = 32;
    private static final int SHA256_BYTES = 32;

    private final OAuthConfig config;
    private final StateStore stateStore;
    private final SecureRandom random;
    private final ShopBaseUrl shopBaseUrl;
    private final TokenEndpoint endpoint;

    private ShopifyOAuth(Builder b) {
        this.config = b.config;
        this.stateStore = b.stateStore != null ? b.stateStore : new InMemoryStateStore(config.clock());
        this.random = b.random != null ? b.random : new SecureRandom();
        this.shopBaseUrl = b.shopBaseUrl;
        this.endpoint = new TokenEndpoint(b.httpClient != null ? b.httpClient : new OkHttpClient(), b.shopBaseUrl,
                config.clock(), config.clientId(), config.clientSecret());
    }

    /**
     * Starts a builder around an app's configuration.
     *
     * @param config the app's OAuth settings
     * @return a builder whose collaborators default to an {@link InMemoryStateStore}, a new
     *     {@link SecureRandom}, a new {@link OkHttpClient} and {@link ShopBaseUrl#https()}
     */
    public static Builder builder(OAuthConfig config) {
        return new Builder(Objects.requireNonNull(config, "config"));
    }

    /**
     * The configuration this flow runs with.
     *
     * @return the configuration
     */
    public OAuthConfig config() {
        return config;
    }

    /**
     * Starts the flow for a shop: issues a state and returns the URL to redirect the merchant to,
     * {@code {shopBase}/admin/oauth/authorize?client_id=…&scope=a,b&redirect_uri=…&state=…}.
     *
     * @param shop the shop to install on
     * @param sessionBinding identifies the caller's session (for example the logged-in user's id);
     *     the same value must be passed to {@link #verifyCallback(Map, String)}
     * @return the redirect, with the state's expiry
     */
    public AuthorizationRedirect authorize(ShopDomain shop, String sessionBinding) {
        Objects.requireNonNull(shop, "shop");
        String sessionDigest = digest(sessionBinding);
        byte[] bytes = new byte[STATE_BYTES];
        random.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = config.clock().instant().plus(config.stateLifetime());
        stateStore.save(new OAuthState(nonce, sessionDigest, shop, expiresAt));

        StringJoiner scope = new StringJoiner(",");
        config.scopes().forEach(s -> scope.add(CallbackQuery.encode(s)));
        String query = "client_id=" + CallbackQuery.encode(config.clientId())
                + "&scope=" + scope
                + "&redirect_uri=" + CallbackQuery.encode(config.redirectUri().toString())
                + "&state=" + nonce;
        HttpUrl url = shopBaseUrl.resolve(shop, "admin/oauth/authorize").newBuilder().encodedQuery(query).build();
        log.info("OAuth started for shop {}; state valid until {}", shop, expiresAt);
        return new AuthorizationRedirect(url.uri(), shop, expiresAt);
    }

    /**
     * Verifies Shopify's redirect back to the app and consumes its state.
     *
     * <p>Checks, in this order: the HMAC over every other parameter (so nothing below runs, and no
     * state is consumed, for a forged or altered query); that {@code code}, {@code shop},
     * {@code state} and {@code timestamp} are present; that {@code shop} is a canonical shop domain;
     * that {@code timestamp} is within the tolerance of now; and that {@code state} was issued, has
     * not expired, belongs to this session and was issued for this shop. The state is consumed once
     * the HMAC, shop and timestamp checks pass, so it cannot be replayed whatever happens next.
     *
     * @param queryParams the callback's query parameters, decoded, each with all its values
     * @param sessionBinding the same session binding that was passed to {@link #authorize}
     * @return the verified callback
     * @throws OAuthCallbackException if any check fails; its reason says which
     */
    public VerifiedCallback verifyCallback(Map<String, List<String>> queryParams, String sessionBinding) {
        Objects.requireNonNull(queryParams, "queryParams");
        String sessionDigest = digest(sessionBinding);
        CallbackQuery query = CallbackQuery.of(queryParams);

        String hmac = query.get("hmac");
        if (hmac == null || hmac.isBlank()) {
            throw reject(Reason.MISSING_PARAMETER, "The OAuth callback has no hmac parameter; it did not come from Shopify.");
        }
        if (!hmacMatches(query.signedMessage(), hmac)) {
            throw reject(Reason.BAD_HMAC,
                    "The OAuth callback's HMAC does not match: the query was altered or was not signed with this app's client secret.");
        }

        for (String name : List.of("code", "shop", "state", "timestamp")) {
            String value = query.get(name);
            if (value == null || value.isBlank()) {
                throw reject(Reason.MISSING_PARAMETER, "The OAuth callback has no " + name + " parameter.");
            }
        }

        ShopDomain shop;
        try {
            shop = new ShopDomain(query.get("shop"));
        } catch (InvalidShopDomainException e) {
            throw reject(Reason.INVALID_SHOP,
                    "The OAuth callback's shop parameter is not a canonical *.myshopify.com domain.", e);
        }

        Instant now = config.clock().instant();
        Instant timestamp = parseTimestamp(query.get("timestamp"), shop);
        Duration skew = Duration.between(timestamp, now);
        if (skew.abs().compareTo(config.timestampTolerance()) > 0) {
            String direction = skew.isNegative() ? "in the future" : "old";
            throw reject(Reason.STALE_TIMESTAMP,
                    "The OAuth callback for " + shop + " is " + skew.abs().toSeconds() + " s " + direction
                            + ", beyond the tolerance of " + config.timestampTolerance().toSeconds()
                            + " s. Start the flow again; if this keeps happening, check the server's clock.");
        }

        OAuthState state = stateStore.consume(query.get("state")).orElseThrow(
                () -> reject(Reason.UNKNOWN_STATE,
                        "The OAuth callback for " + shop + " carries a state that is unknown, already used or long expired."
                                + " Start the flow again."));
        if (!state.expiresAt().isAfter(now)) {
            throw reject(Reason.EXPIRED_STATE,
                    "The OAuth state for " + shop + " expired at " + state.expiresAt() + ". Start the flow again.");
        }
        if (!MessageDigest.isEqual(
                sessionDigest.getBytes(StandardCharsets.US_ASCII), state.sessionDigest().getBytes(StandardCharsets.US_ASCII))) {
            throw reject(Reason.STATE_SESSION_MISMATCH,
                    "The OAuth state for " + shop + " was issued to a different session; the callback was opened"
                            + " in another browser or after logging in as someone else. Start the flow again.");
        }
        if (!state.shop().equals(shop)) {
            throw reject(Reason.STATE_SHOP_MISMATCH,
                    "The OAuth state was issued for " + state.shop() + " but the callback is for " + shop
                            + ". Start the flow again for the intended shop.");
        }

        log.info("OAuth callback verified for shop {}", shop);
        return new VerifiedCallback(shop, query.get("code"), query.get("host"), state.nonce(), timestamp);
    }

    /**
     * Verifies a callback given as its raw query string, such as
     * {@code code=…&hmac=…&host=…&shop=…&state=…&timestamp=…} (a leading {@code ?} is ignored).
     *
     * @param rawQuery the query string as received, still URL-encoded
     * @param sessionBinding the same session binding that was passed to {@link #authorize}
     * @return the verified callback
     * @throws OAuthCallbackException if the query cannot be decoded or any check fails
     * @see #verifyCallback(Map, String)
     */
    public VerifiedCallback verifyCallback(String rawQuery, String sessionBinding) {
        Objects.requireNonNull(rawQuery, "rawQuery");
        Map<String, List<String>> params;
        try {
            params = CallbackQuery.parseRaw(rawQuery);
        } catch (IllegalArgumentException e) {
            throw reject(Reason.MALFORMED_PARAMETER, "The OAuth callback's query string is not valid URL encoding.", e);
        }
        return verifyCallback(params, sessionBinding);
    }

    /**
     * Trades a verified callback's authorization code for an offline access token, with a
     * {@code POST {shopBase}/admin/oauth/access_token}, then checks that every requested scope was
     * granted (a granted {@code write_x} covers a requested {@code read_x}).
     *
     * <p>Blocks for one HTTP round trip. A code works once: do not retry with the same callback
     * after a response was received.
     *
     * @param callback a callback returned by {@code verifyCallback}
     * @return the token, expiring (with a refresh token) if so configured
     * @throws TokenExchangeException if Shopify refuses the code, answers unexpectedly, cannot be
     *     reached, or grants fewer scopes than requested (optional scopes aside)
     */
    public AccessToken exchangeCode(VerifiedCallback callback) {
        Objects.requireNonNull(callback, "callback");
        ShopDomain shop = callback.shop();
        TokenEndpoint.Grant grant = new TokenEndpoint.Grant("the authorization-code exchange", 400,
                TokenExchangeException.Reason.INVALID_CODE, "Shopify rejected the authorization code for " + shop
                        + " (HTTP 400): it is invalid, expired or already used. Start the flow again.",
                "Check the app's client id and secret.");
        // As Shopify's own library does (shopify-app-js migrate-to-expiring-token.ts): the string "1".
        AccessToken token = config.expiringOfflineTokens()
                ? endpoint.request(shop, grant, "code", callback.code(), "expiring", "1")
                : endpoint.request(shop, grant, "code", callback.code());
        List<String> required = config.scopes().stream().filter(s -> !config.optionalScopes().contains(s)).toList();
        List<String> missing = AccessScopes.missing(required, token.scopes());
        List<String> withheld = AccessScopes.missing(config.optionalScopes(), token.scopes());
        if (!withheld.isEmpty()) {
            log.info("Shop {} did not grant the optional scopes {}; the app works without them", shop, withheld);
        }
        if (!missing.isEmpty()) {
            log.warn("Shop {} granted scopes {} but not the requested {}", shop, token.scopes(), missing);
            throw new TokenExchangeException(TokenExchangeException.Reason.MISSING_SCOPES,
                    "Shop " + shop + " did not grant the scopes " + missing + " (granted: " + token.scopes()
                            + "). Ask the merchant to approve the app again.");
        }
        log.info("Obtained {} offline access token for shop {}", token.isExpiring() ? "an expiring" : "a permanent", shop);
        return token;
    }

    /**
     * Trades an expiring token's refresh token for the next access token, with a
     * {@code POST {shopBase}/admin/oauth/access_token} and {@code grant_type=refresh_token}.
     *
     * <p>Shopify answers with a new access token <em>and a new refresh token</em>: store the returned
     * token in place of the old one. Until the new refresh token is first used, the old one keeps
     * working (since August 2026), so a refresh whose answer was lost can be repeated.
     *
     * @param token an expiring token with a refresh token
     * @return the next token, expiring, with its own refresh token
     * @throws IllegalArgumentException if {@code token} has no refresh token (a permanent token
     *     never needs one)
     * @throws TokenExchangeException with {@code INVALID_REFRESH_TOKEN} if Shopify refuses the
     *     refresh token (expired, superseded or revoked: the shop must be connected again), or
     *     another reason if Shopify answers unexpectedly or cannot be reached
     */
    public AccessToken refresh(AccessToken token) {
        Objects.requireNonNull(token, "token");
        if (token.refreshToken() == null) {
            throw new IllegalArgumentException("The token for " + token.shop()
                    + " has no refresh token; only expiring offline tokens are refreshed.");
        }
        ShopDomain shop = token.shop();
        AccessToken next = endpoint.request(shop, new TokenEndpoint.Grant("the token refresh", 400,
                TokenExchangeException.Reason.INVALID_REFRESH_TOKEN, "Shopify refused the refresh token for " + shop
                        + " (HTTP 400): it expired, was superseded or was revoked. Connect the shop again.",
                "Check the app's client id and secret."),
                "grant_type", "refresh_token", "refresh_token", token.refreshToken());
        if (next.scopes().isEmpty()) {
            // Shopify may leave the scopes out of a refresh answer: they did not change.
            next = new AccessToken(shop, next.accessToken(), token.scopes(), next.expiresAt(), next.refreshToken(),
                    next.refreshTokenExpiresAt());
        }
        log.info("Refreshed the access token for shop {}; it expires at {}", shop, next.expiresAt());
        return next;
    }

    /**
     * Describes the flow without secrets.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "ShopifyOAuth[" + config + ", stateStore=" + stateStore + "]";
    }

    private boolean hmacMatches(String message, String hmacHex) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hmacHex.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (given.length != SHA256_BYTES) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            expected = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
        return MessageDigest.isEqual(expected, given);
    }

    private Instant parseTimestamp(String text, ShopDomain shop) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(text.strip()));
        } catch (RuntimeException e) {
            throw reject(Reason.MALFORMED_PARAMETER,
                    "The OAuth callback for " + shop + " has a timestamp that is not a number of seconds.", e);
        }
    }

    private static String digest(String sessionBinding) {
        Objects.requireNonNull(sessionBinding, "sessionBinding");
        if (sessionBinding.isBlank()) {
            throw new IllegalArgumentException("sessionBinding must not be blank");
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sessionBinding.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static OAuthCallbackException reject(Reason reason, String message) {
        log.warn("OAuth callback rejected ({}): {}", reason, message);
        return new OAuthCallbackException(reason, message);
    }

    private static OAuthCallbackException reject(Reason reason, String message, Throwable cause) {
        log.warn("OAuth callback rejected ({}): {}", reason, message);
        return new OAuthCallbackException(reason, message, cause);
    }

    /** Collects the collaborators of a {@link ShopifyOAuth}; not thread-safe. */
    public static final class Builder {
        private final OAuthConfig config;
        private StateStore stateStore;
        private SecureRandom random;
        private OkHttpClient httpClient;
        private ShopBaseUrl shopBaseUrl = ShopBaseUrl.https();

        private Builder(OAuthConfig config) {
            this.config = config;
        }

        /**
         * Sets where states are kept; defaults to an {@link InMemoryStateStore} on the config's clock.
         *
         * @param stateStore the store; must be shared by every instance that may receive a callback
         * @return this builder
         */
        public Builder stateStore(StateStore stateStore) {
            this.stateStore = Objects.requireNonNull(stateStore, "stateStore");
            return this;
        }

        /**
         * Sets the source of state nonces; defaults to a new {@link SecureRandom}.
         *
         * @param random a cryptographically strong random source
         * @return this builder
         */
        public Builder secureRandom(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Sets the HTTP client for the token request; share the application's client.
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
         * Builds the flow.
         *
         * @return the flow
         */
        public ShopifyOAuth build() {
            return new ShopifyOAuth(this);
        }
    }
}
