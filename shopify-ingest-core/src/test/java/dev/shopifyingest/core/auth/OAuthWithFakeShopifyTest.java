package dev.shopifyingest.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.graphql.GraphqlResponse;
import dev.shopifyingest.core.internal.Json;
import dev.shopifyingest.core.testing.TestClients;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.ServedRequest;
import dev.shopifyingest.testkit.oauth.OAuthSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole OAuth flow against FakeShopify's authorization server: the merchant approves at
 * {@code /admin/oauth/authorize}, the app verifies the signed callback, exchanges the code and
 * calls the Admin API with the token.
 */
class OAuthWithFakeShopifyTest {

    private static final String SESSION = "user-42";
    private static final List<String> SCOPES = List.of("read_orders", "read_all_orders", "read_customers",
            "read_products");

    private FakeShopify fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void anApprovedInstallGivesAnExpiringTokenThatWorksOnTheAdminApi() throws Exception {
        fake = FakeShopify.builder().start();
        ShopifyOAuth oauth = oauth(config());

        VerifiedCallback callback = approve(oauth);
        AccessToken token = oauth.exchangeCode(callback);

        assertThat(callback.shop()).isEqualTo(TestClients.shop(fake));
        assertThat(token.shop()).isEqualTo(TestClients.shop(fake));
        assertThat(token.scopes()).containsAll(SCOPES);
        assertThat(token.isExpiring()).isTrue();
        assertThat(token.refreshToken()).startsWith("shprt_");
        assertThat(token.expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        assertThat(token.refreshTokenExpiresAt()).isAfter(Instant.now().plus(Duration.ofDays(80)));
        assertThat(shopDomainSeenWith(AccessTokenSource.of(token.accessToken()))).isEqualTo(fake.shopDomain());
        // The token request asks for an expiring token the way Shopify's own library does.
        assertThat(tokenRequestBodies()).singleElement().asString().contains("\"expiring\":\"1\"");
    }

    @Test
    void aPermanentTokenComesWithoutRefreshData() throws Exception {
        fake = FakeShopify.builder().start();
        ShopifyOAuth oauth = oauth(config().toBuilder().expiringOfflineTokens(false).build());

        AccessToken token = oauth.exchangeCode(approve(oauth));

        assertThat(token.isExpiring()).isFalse();
        assertThat(token.refreshToken()).isNull();
        assertThat(token.refreshTokenExpiresAt()).isNull();
        assertThat(tokenRequestBodies()).singleElement().asString().doesNotContain("expiring");
        assertThat(shopDomainSeenWith(AccessTokenSource.of(token.accessToken()))).isEqualTo(fake.shopDomain());
    }

    @Test
    void aCodeWorksOnlyOnce() throws Exception {
        fake = FakeShopify.builder().start();
        ShopifyOAuth oauth = oauth(config());
        VerifiedCallback callback = approve(oauth);
        AccessToken first = oauth.exchangeCode(callback);

        assertThatThrownBy(() -> oauth.exchangeCode(callback))
                .isInstanceOfSatisfying(TokenExchangeException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenExchangeException.Reason.INVALID_CODE))
                .hasMessageContaining("already used")
                .hasMessageNotContaining(callback.code())
                .hasMessageNotContaining(first.accessToken());
    }

    @Test
    void wrongClientCredentialsAtTheCodeExchangeAreNotTakenForABadCode() throws Exception {
        fake = FakeShopify.builder().start();
        VerifiedCallback callback = approve(oauth(config()));
        String wrongSecret = "not-the-secret-4b9e";
        ShopifyOAuth misconfigured = oauth(config().toBuilder().clientSecret(wrongSecret).build());

        assertThatThrownBy(() -> misconfigured.exchangeCode(callback))
                .isInstanceOfSatisfying(TokenExchangeException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenExchangeException.Reason.UNEXPECTED_RESPONSE))
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("client id and secret")
                .hasMessageNotContaining(wrongSecret)
                .hasMessageNotContaining(callback.code());
    }

    @Test
    void fewerScopesThanRequestedIsAClearError() throws Exception {
        fake = FakeShopify.builder()
                .oauth(OAuthSettings.defaults().withWithheldScopes(Set.of("read_all_orders")))
                .start();
        ShopifyOAuth oauth = oauth(config());

        VerifiedCallback callback = approve(oauth);

        assertThatThrownBy(() -> oauth.exchangeCode(callback))
                .isInstanceOfSatisfying(TokenExchangeException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenExchangeException.Reason.MISSING_SCOPES))
                .hasMessageContaining("[read_all_orders]")
                .hasMessageContaining(fake.shopDomain())
                .hasMessageContaining("approve the app again")
                .hasMessageNotContaining("shpat_");
    }

    @Test
    void anOptionalScopeMayBeWithheldAndTheGrantSaysWhatWasGranted() throws Exception {
        fake = FakeShopify.builder()
                .oauth(OAuthSettings.defaults().withWithheldScopes(Set.of("read_all_orders")))
                .start();
        ShopifyOAuth oauth = oauth(config().toBuilder().optionalScopes(List.of("read_all_orders")).build());

        AccessToken token = oauth.exchangeCode(approve(oauth));

        assertThat(token.scopes()).contains("read_orders").doesNotContain("read_all_orders");
        assertThat(oauth.authorize(TestClients.shop(fake), SESSION).url().getQuery()).contains("read_all_orders");
        assertThatThrownBy(() -> config().toBuilder().optionalScopes(List.of("write_orders")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write_orders");
    }

    @Test
    void aCallbackWithAnAlteredParameterIsRefusedAndItsStateSurvives() throws Exception {
        fake = FakeShopify.builder().start();
        ShopifyOAuth oauth = oauth(config());
        String query = callbackQuery(oauth.authorize(TestClients.shop(fake), SESSION));

        assertThatThrownBy(() -> oauth.verifyCallback(query.replace("code=", "code=x"), SESSION))
                .isInstanceOfSatisfying(OAuthCallbackException.class,
                        e -> assertThat(e.reason()).isEqualTo(OAuthCallbackException.Reason.BAD_HMAC));
        assertThatThrownBy(() -> oauth.verifyCallback(query, "someone-else"))
                .isInstanceOfSatisfying(OAuthCallbackException.class,
                        e -> assertThat(e.reason()).isEqualTo(OAuthCallbackException.Reason.STATE_SESSION_MISMATCH));
    }

    @Test
    void aRefreshingSourceRotatesTheTokenWhenShopifyRejectsIt() throws Exception {
        fake = FakeShopify.builder().start();
        ShopifyOAuth oauth = oauth(config());
        AccessToken token = oauth.exchangeCode(approve(oauth));
        List<AccessToken> stored = new ArrayList<>();
        AccessTokenSource tokens = AccessTokenSource.refreshing(oauth, token, stored::add);
        fake.revokeToken(token.accessToken());

        assertThat(shopDomainSeenWith(tokens)).isEqualTo(fake.shopDomain());

        assertThat(stored).singleElement().satisfies(next -> {
            assertThat(next.accessToken()).isNotEqualTo(token.accessToken());
            assertThat(next.refreshToken()).isNotEqualTo(token.refreshToken());
            assertThat(next.isExpiring()).isTrue();
        });
        assertThat(tokens.accessToken()).isEqualTo(stored.getFirst().accessToken());
    }

    @Test
    void aRefreshingSourceWhoseRefreshIsRefusedAsksForReconnection() throws Exception {
        fake = FakeShopify.builder().start();
        ShopifyOAuth oauth = oauth(config());
        AccessToken token = oauth.exchangeCode(approve(oauth));
        AccessTokenSource tokens = AccessTokenSource.refreshing(oauth, token, t -> { });
        fake.revokeAllTokens();

        assertThatThrownBy(() -> shopDomainSeenWith(tokens))
                .isInstanceOf(ReconnectRequiredException.class)
                .hasMessageContaining("Connect the shop again")
                .hasMessageNotContaining(token.accessToken())
                .hasMessageNotContaining(token.refreshToken());
        assertThatThrownBy(() -> oauth.refresh(token))
                .isInstanceOfSatisfying(TokenExchangeException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenExchangeException.Reason.INVALID_REFRESH_TOKEN));
    }

    private OAuthConfig config() {
        return OAuthConfig.builder()
                .clientId(fake.clientId())
                .clientSecret(fake.clientSecret())
                .scopes(SCOPES)
                .redirectUri("https://app.example.com/auth/callback")
                .build();
    }

    private ShopifyOAuth oauth(OAuthConfig config) {
        return ShopifyOAuth.builder(config).shopBaseUrl(TestClients.baseUrl(fake)).build();
    }

    // The merchant opens the authorize URL and approves; the app receives the redirect's query.
    private VerifiedCallback approve(ShopifyOAuth oauth) throws IOException, InterruptedException {
        AuthorizationRedirect redirect = oauth.authorize(TestClients.shop(fake), SESSION);
        return oauth.verifyCallback(callbackQuery(redirect), SESSION);
    }

    private static String callbackQuery(AuthorizationRedirect redirect) throws IOException, InterruptedException {
        try (HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<String> approval = browser.send(HttpRequest.newBuilder(redirect.url()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(approval.statusCode()).as("the merchant's approval redirects").isEqualTo(302);
            URI location = URI.create(approval.headers().firstValue("Location").orElseThrow());
            assertThat(location.getHost()).isEqualTo("app.example.com");
            assertThat(location.getPath()).isEqualTo("/auth/callback");
            return location.getRawQuery();
        }
    }

    private String shopDomainSeenWith(AccessTokenSource tokens) {
        AdminGraphqlClient client = TestClients.graphql(fake);
        ShopDomain shop = TestClients.shop(fake);
        GraphqlResponse response = client.execute(shop, tokens, GraphqlOperation.named("Shop"), Map.of());
        return Json.string(Json.object(response.data(), "shop"), "myshopifyDomain");
    }

    private List<String> tokenRequestBodies() {
        return fake.requests().stream()
                .filter(r -> r.path().equals("/admin/oauth/access_token"))
                .map(ServedRequest::body)
                .toList();
    }
}
