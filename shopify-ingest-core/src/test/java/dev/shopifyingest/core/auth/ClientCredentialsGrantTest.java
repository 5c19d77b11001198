package dev.shopifyingest.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.internal.Json;
import dev.shopifyingest.core.testing.TestClients;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.ServedRequest;
import dev.shopifyingest.testkit.fault.Endpoint;
import dev.shopifyingest.testkit.fault.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client credentials grant against FakeShopify's authorization server, over HTTP. */
class ClientCredentialsGrantTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private FakeShopify fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void tradesTheClientCredentialsForADayLongTokenWithTheAppsScopes() {
        fake = FakeShopify.builder().clock(clock).start();

        AccessToken token = grant(fake.clientSecret()).requestToken(TestClients.shop(fake));

        assertThat(token.shop()).isEqualTo(TestClients.shop(fake));
        assertThat(token.accessToken()).startsWith("shpat_");
        assertThat(token.scopes()).contains("write_orders", "write_customers", "write_products");
        assertThat(token.expiresAt()).isEqualTo(clock.instant().plusSeconds(86_399));
        assertThat(token.refreshToken()).isNull();
        ServedRequest request = fake.requests().stream()
                .filter(r -> r.path().equals("/admin/oauth/access_token")).findFirst().orElseThrow();
        assertThat(request.body()).contains("\"grant_type\":\"client_credentials\"");
    }

    @Test
    void wrongCredentialsAreNamedWithoutQuotingTheSecret() {
        fake = FakeShopify.builder().clock(clock).start();
        String wrongSecret = "not-the-secret-7f3a";

        assertThatThrownBy(() -> grant(wrongSecret).requestToken(TestClients.shop(fake)))
                .isInstanceOfSatisfying(TokenExchangeException.class, e -> assertThat(e.reason())
                        .isEqualTo(TokenExchangeException.Reason.INVALID_CLIENT_CREDENTIALS))
                .hasMessageContaining("client id and secret")
                .hasMessageNotContaining(wrongSecret);
        assertThat(grant(wrongSecret).toString()).doesNotContain(wrongSecret);
    }

    @Test
    void anyOtherFailingAnswerIsUnexpectedAndNamesItsStatus() {
        fake = FakeShopify.builder().clock(clock).start();
        fake.faults().next(Endpoint.OAUTH_TOKEN, 1, Fault.serverError(503));

        assertThatThrownBy(() -> grant(fake.clientSecret()).requestToken(TestClients.shop(fake)))
                .isInstanceOfSatisfying(TokenExchangeException.class, e -> assertThat(e.reason())
                        .isEqualTo(TokenExchangeException.Reason.UNEXPECTED_RESPONSE))
                .hasMessageContaining("HTTP 503 to the client credentials grant for " + fake.shopDomain())
                .hasMessageNotContaining(fake.clientSecret());
    }

    @Test
    void theTokenSourceRequestsOnceThenRenewsAMinuteBeforeExpiry() {
        fake = FakeShopify.builder().clock(clock).start();
        AccessTokenSource tokens = grant(fake.clientSecret()).tokenSource(TestClients.shop(fake));

        String first = tokens.accessToken();
        clock.advance(Duration.ofHours(23));
        assertThat(tokens.accessToken()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(86_399 - 23 * 3600 - 59));
        String renewed = tokens.accessToken();

        assertThat(renewed).isNotEqualTo(first);
        assertThat(tokenRequests()).isEqualTo(2);
        assertThat(shopNameWith(tokens)).isNotBlank();
    }

    @Test
    void aRejectedTokenIsReplacedOnceAndTheCallSucceeds() {
        fake = FakeShopify.builder().clock(clock).start();
        AccessTokenSource tokens = grant(fake.clientSecret()).tokenSource(TestClients.shop(fake));
        fake.revokeToken(tokens.accessToken());

        assertThat(shopNameWith(tokens)).isNotBlank();
        assertThat(tokenRequests()).isEqualTo(2);
    }

    private ClientCredentialsGrant grant(String secret) {
        return ClientCredentialsGrant.builder(fake.clientId(), secret)
                .shopBaseUrl(TestClients.baseUrl(fake)).clock(clock).build();
    }

    private long tokenRequests() {
        return fake.requests().stream().filter(r -> r.path().equals("/admin/oauth/access_token")).count();
    }

    private String shopNameWith(AccessTokenSource tokens) {
        ShopDomain shop = TestClients.shop(fake);
        return Json.string(Json.object(TestClients.graphql(fake).execute(shop, tokens,
                new GraphqlOperation("ShopName", "query ShopName { shop { name } }"), Map.of()).data(), "shop"),
                "name");
    }
}
