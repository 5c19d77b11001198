package dev.shopifyingest.testkit.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OAuthServerTest {

    private final OAuthServer server = new OAuthServer("client", "secret", "shop-one.myshopify.com",
            OAuthSettings.defaults(), Clock.fixed(Instant.parse("2026-11-02T15:00:00Z"), ZoneOffset.UTC));

    @Test
    void scopeListsAreSplitTrimmedAndDeduplicatedInOrder() {
        assertThat(OAuthServer.parseScopes(" read_orders, write_products,,read_orders ,"))
                .containsExactly("read_orders", "write_products");
    }

    @Test
    void aWriteScopeImpliesItsReadScope() {
        assertThat(OAuthServer.expand(List.of("write_products", "read_orders", "unauthenticated_write_checkouts")))
                .containsExactly("write_products", "read_products", "read_orders", "unauthenticated_write_checkouts",
                        "unauthenticated_read_checkouts");
    }

    @Test
    void theReportedScopeStringLeavesOutImpliedReadScopes() {
        assertThat(OAuthServer.scopeString(List.of("read_products", "write_products", "read_orders", "read_all_orders")))
                .isEqualTo("write_products,read_orders,read_all_orders");
    }

    @Test
    void anIssuedTokenCarriesImpliedScopesAndNeverShowsItsValueInToString() {
        AccessToken token = server.issue(Set.of("write_orders"), Duration.ofMinutes(5));

        assertThat(token.scopes()).containsExactlyInAnyOrder("write_orders", "read_orders");
        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-11-02T15:05:00Z"));
        assertThat(server.authenticate(token.value())).contains(token);
        assertThat(token.toString()).doesNotContain(token.value());
    }

    @Test
    void authorizeRefusesAMalformedScopeAndARelativeRedirect() {
        OAuthReply badScope = server.authorize(Map.of("client_id", List.of("client"), "scope", List.of("read orders"),
                "redirect_uri", List.of("https://app.example/cb")));
        OAuthReply relative = server.authorize(Map.of("client_id", List.of("client"), "scope", List.of("read_orders"),
                "redirect_uri", List.of("/cb")));

        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.body()).contains("invalid_scope");
        assertThat(relative.status()).isEqualTo(400);
    }

    @Test
    void parametersAlreadyInTheRedirectUriAreKeptAndSigned() {
        OAuthReply reply = server.authorize(Map.of("client_id", List.of("client"), "scope", List.of("read_orders"),
                "redirect_uri", List.of("https://app.example/cb?tenant=7")));

        assertThat(reply.status()).isEqualTo(302);
        assertThat(reply.headers().get("Location")).startsWith("https://app.example/cb?code=")
                .contains("&tenant=7&").contains("&hmac=");
    }

    @Test
    void anUnsupportedGrantTypeIsNamed() {
        OAuthReply reply = server.token(Map.of("client_id", "client", "client_secret", "secret",
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("unsupported_grant_type");
    }
}
