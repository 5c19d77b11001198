package dev.shopifyingest.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.core.ShopDomain;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenResponseTest {

    private static final ShopDomain SHOP = ShopDomain.parse("my-store");
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void readsAPermanentOfflineToken() {
        AccessToken token = TokenResponse.parse(
                "{\"access_token\":\"shpat_permanent\",\"scope\":\"write_orders,read_customers\"}", SHOP, NOW);
        assertThat(token.shop()).isEqualTo(SHOP);
        assertThat(token.accessToken()).isEqualTo("shpat_permanent");
        assertThat(token.scopes()).containsExactly("write_orders", "read_customers");
        assertThat(token.isExpiring()).isFalse();
        assertThat(token.refreshToken()).isNull();
        assertThat(token.refreshTokenExpiresAt()).isNull();
    }

    @Test
    void readsAnExpiringOfflineTokenWithItsRefreshToken() {
        AccessToken token = TokenResponse.parse("""
        {"access_token":"shpat_expiring","scope":"read_orders","expires_in":3600,
         "refresh_token":"shprt_refresh","refresh_token_expires_in":7776000}
        """, SHOP, NOW);
        assertThat(token.isExpiring()).isTrue();
        assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(token.refreshToken()).isEqualTo("shprt_refresh");
        assertThat(token.refreshTokenExpiresAt()).isEqualTo(NOW.plusSeconds(7_776_000));
    }

    @Test
    void skipsFieldsItDoesNotUseAndTreatsNullsAsAbsent() {
        AccessToken token = TokenResponse.parse("""
        {"access_token":"shpat_x","scope":"read_orders","expires_in":null,"refresh_token":null,
         "associated_user_scope":"read_orders","associated_user":{"id":902541635,"email":"a@b.c"}}
        """, SHOP, NOW);
        assertThat(token.accessToken()).isEqualTo("shpat_x");
        assertThat(token.isExpiring()).isFalse();
    }

    @Test
    void rejectsABodyWithoutAnAccessToken() {
        assertThatThrownBy(() -> TokenResponse.parse("{\"scope\":\"read_orders\"}", SHOP, NOW))
                .isInstanceOfSatisfying(TokenExchangeException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenExchangeException.Reason.UNEXPECTED_RESPONSE))
                .hasMessageContaining("no access_token");
    }

    @Test
    void rejectsMalformedJsonWithoutQuotingTheBody() {
        assertThatThrownBy(() -> TokenResponse.parse("{\"access_token\":\"shpat_leak\",", SHOP, NOW))
                .isInstanceOfSatisfying(TokenExchangeException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenExchangeException.Reason.UNEXPECTED_RESPONSE))
                .message()
                .doesNotContain("shpat_leak");
        assertThatThrownBy(() -> TokenResponse.parse("<html>error</html>", SHOP, NOW))
                .isInstanceOf(TokenExchangeException.class);
        assertThatThrownBy(() -> TokenResponse.parse("[]", SHOP, NOW)).isInstanceOf(TokenExchangeException.class);
    }

    @Test
    void theTokensToStringRedactsBothSecrets() {
        AccessToken token = TokenResponse.parse(
                "{\"access_token\":\"shpat_secret\",\"scope\":\"read_orders\",\"expires_in\":3600,\"refresh_token\":\"shprt_secret\"}",
                SHOP, NOW);
        assertThat(token.toString())
                .doesNotContain("shpat_secret")
                .doesNotContain("shprt_secret")
                .contains("my-store.myshopify.com")
                .contains("read_orders");
    }
}
