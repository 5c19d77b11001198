package dev.shopifyingest.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.oauth.OAuthSettings;
import dev.shopifyingest.testkit.oauth.TokenMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefreshingTokenSourceTest {

    private static final String REDIRECT = "https://app.example/auth/callback";

    private final MovableClock clock = new MovableClock(Instant.now());
    private FakeShopify shopify;
    private ShopifyOAuth oauth;
    private AdminGraphqlClient client;
    private ShopDomain shop;

    @BeforeEach
    void start() {
        shopify = FakeShopify.builder()
                .clock(clock)
                .oauth(OAuthSettings.defaults().withTokenMode(TokenMode.ALWAYS_EXPIRING)
                        .withExpiringLifetimes(Duration.ofHours(1), Duration.ofDays(2)))
                .start();
        shop = ShopDomain.parse(shopify.shopDomain());
        ShopBaseUrl base = ShopBaseUrl.fixed(HttpUrl.get(shopify.baseUrl()));
        oauth = ShopifyOAuth.builder(OAuthConfig.builder()
                        .clientId(shopify.clientId()).clientSecret(shopify.clientSecret())
                        .scopes(List.of("read_customers", "read_orders", "read_products"))
                        .redirectUri(URI.create(REDIRECT)).clock(clock).build())
                .shopBaseUrl(base).build();
        client = AdminGraphqlClient.builder().baseUrl(base).clock(clock)
                .backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build();
    }

    @AfterEach
    void stop() {
        shopify.close();
    }

    @Test
    void refreshesAheadOfExpiryAndStoresTheRotatedTokenFirst() throws Exception {
        StoredToken stored = new StoredToken(install());
        RefreshingTokenSource tokens = new RefreshingTokenSource(oauth, stored.token, stored, clock, Duration.ofMinutes(5));
        String first = tokens.accessToken();

        clock.advance(Duration.ofMinutes(56));
        String second = tokens.accessToken();

        assertThat(second).isNotEqualTo(first);
        assertThat(stored.token.accessToken()).isEqualTo(second);
        assertThat(stored.token.refreshToken()).isNotEqualTo(stored.history.get(0).refreshToken());
        assertThat(shopQuery(tokens)).isEqualTo(shopify.shopDomain());
    }

    @Test
    void anExpiredTokenIsRefreshedWithoutTheCallerSeeingAFailure() throws Exception {
        StoredToken stored = new StoredToken(install());
        // A zero margin: the client sends the expired token, gets 401, and the source refreshes.
        RefreshingTokenSource tokens = new RefreshingTokenSource(oauth, stored.token, stored, clock, Duration.ZERO);
        clock.advance(Duration.ofMinutes(61));
        assertThat(shopQuery(() -> stored.history.size() == 1 ? stored.history.get(0).accessToken()
                : tokens.accessToken(), tokens)).isEqualTo(shopify.shopDomain());
        assertThat(stored.history).hasSize(2);
    }

    @Test
    void tenConcurrentCallersShareOneRefresh() throws Exception {
        StoredToken stored = new StoredToken(install());
        RefreshingTokenSource tokens = new RefreshingTokenSource(oauth, stored.token, stored, clock, Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(59));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return tokens.accessToken();
                }));
            }
            go.countDown();
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo(stored.token.accessToken());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(refreshRequests()).isEqualTo(1);
    }

    @Test
    void aCrashBetweenRefreshAndStoringRecoversWithTheStoredRefreshToken() throws Exception {
        StoredToken stored = new StoredToken(install());
        stored.failNextSave = true;
        RefreshingTokenSource crashed = new RefreshingTokenSource(oauth, stored.token, stored, clock, Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(58));
        assertThatThrownBy(crashed::accessToken).hasMessageContaining("disk full");
        assertThat(stored.history).hasSize(1);

        // A restarted process holds only the stored (old) token: its refresh token still works,
        // because the token Shopify rotated to was never used.
        RefreshingTokenSource restarted = new RefreshingTokenSource(oauth, stored.token, stored, clock,
                Duration.ofMinutes(5));
        assertThat(shopQuery(restarted)).isEqualTo(shopify.shopDomain());
        assertThat(stored.history).hasSize(2);
    }

    @Test
    void anExpiredRefreshTokenMeansReconnect() throws Exception {
        StoredToken stored = new StoredToken(install());
        RefreshingTokenSource tokens = new RefreshingTokenSource(oauth, stored.token, stored, clock, Duration.ofMinutes(5));
        clock.advance(Duration.ofDays(3));
        assertThatThrownBy(tokens::accessToken).isInstanceOf(ReconnectRequiredException.class)
                .hasMessageContaining(shopify.shopDomain()).hasMessageContaining("Connect the shop again")
                .hasMessageNotContaining(stored.token.refreshToken());
    }

    @Test
    void aRevokedRefreshTokenMeansReconnect() throws Exception {
        AccessToken token = install();
        AccessToken forged = new AccessToken(token.shop(), token.accessToken(), token.scopes(), token.expiresAt(),
                "shprt_not-a-real-token", token.refreshTokenExpiresAt());
        assertThatThrownBy(() -> oauth.refresh(forged)).isInstanceOf(ReconnectRequiredException.class)
                .hasMessageNotContaining("shprt_not-a-real-token");
    }

    private long refreshRequests() {
        return shopify.requests().stream()
                .filter(r -> r.path().endsWith("/admin/oauth/access_token") && r.body().contains("refresh_token"))
                .count();
    }

    private String shopQuery(AccessTokenSource tokens) {
        return shopQuery(tokens::accessToken, tokens);
    }

    // Runs the Shop query with a source whose first token comes from `first`.
    private String shopQuery(java.util.function.Supplier<String> first, AccessTokenSource tokens) {
        AccessTokenSource source = new AccessTokenSource() {
            @Override
            public String accessToken() {
                return first.get();
            }

            @Override
            public String refreshAfterRejection(String rejected) {
                return tokens.refreshAfterRejection(rejected);
            }
        };
        Map<String, Object> data = client.execute(shop, source, GraphqlOperation.named("Shop"), Map.of()).data();
        @SuppressWarnings("unchecked")
        Map<String, Object> shopNode = (Map<String, Object>) data.get("shop");
        return (String) shopNode.get("myshopifyDomain");
    }

    // The OAuth install flow against the fake, as a merchant's browser would run it.
    private AccessToken install() throws Exception {
        AuthorizationRedirect redirect = oauth.authorize(shop, "session-1");
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(redirect.url()).GET().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(302);
        URI callback = URI.create(response.headers().firstValue("Location").orElseThrow());
        return oauth.exchangeCode(oauth.verifyCallback(callback.getRawQuery(), "session-1"));
    }

    /** Stores like a database would: the latest token, under a lock. */
    private static final class StoredToken implements TokenPersistence {
        final List<AccessToken> history = new ArrayList<>();
        final AtomicInteger saves = new AtomicInteger();
        AccessToken token;
        boolean failNextSave;

        StoredToken(AccessToken initial) {
            token = initial;
            history.add(initial);
        }

        @Override
        public synchronized AccessToken refreshExclusively(UnaryOperator<AccessToken> refresh) {
            AccessToken fresh = refresh.apply(token);
            if (fresh != token) {
                if (failNextSave) {
                    failNextSave = false;
                    throw new IllegalStateException("disk full");
                }
                token = fresh;
                history.add(fresh);
                saves.incrementAndGet();
            }
            return fresh;
        }
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
