package dev.shopifyingest.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OAuthConfigTest {

    private static final String SECRET = "shpss_0123456789abcdef";

    private OAuthConfig.Builder valid() {
        return OAuthConfig.builder()
                .clientId("client-123")
                .clientSecret(SECRET)
                .scopes("read_orders", "read_customers")
                .redirectUri("https://app.example.com/auth/callback");
    }

    @Test
    void defaultsToExpiringTokensTenMinuteStatesAndNinetySecondTolerance() {
        OAuthConfig config = valid().build();
        assertThat(config.expiringOfflineTokens()).isTrue();
        assertThat(config.stateLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.timestampTolerance()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.clock()).isNotNull();
        assertThat(config.scopes()).containsExactly("read_orders", "read_customers");
        assertThat(config.redirectUri()).isEqualTo(URI.create("https://app.example.com/auth/callback"));
    }

    @Test
    void toStringNeverPrintsTheClientSecret() {
        OAuthConfig config = valid().build();
        assertThat(config.toString()).doesNotContain(SECRET).contains("<redacted>").contains("client-123");
    }

    @Test
    void toBuilderDerivesAVariantAndLeavesTheOriginalUnchanged() {
        OAuthConfig original = valid().build();
        OAuthConfig variant = original.toBuilder()
                .expiringOfflineTokens(false)
                .timestampTolerance(Duration.ofMinutes(5))
                .clock(Clock.systemDefaultZone())
                .build();
        assertThat(variant.expiringOfflineTokens()).isFalse();
        assertThat(variant.timestampTolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(variant.clientId()).isEqualTo("client-123");
        assertThat(variant.clientSecret()).isEqualTo(SECRET);
        assertThat(original.expiringOfflineTokens()).isTrue();
    }

    @Test
    void dropsDuplicateScopesKeepingOrder() {
        assertThat(valid().scopes("read_orders", "write_products", "read_orders").build().scopes())
                .containsExactly("read_orders", "write_products");
    }

    @Test
    void rejectsScopesThatWouldBreakTheScopeList() {
        assertThatThrownBy(() -> valid().scopes("read_orders,write_orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters, digits and underscores");
        assertThatThrownBy(() -> valid().scopes("read orders")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().scopes("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requiresCredentialsAndAnAbsoluteRedirectUri() {
        assertThatThrownBy(() -> valid().clientId(null).build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> valid().clientSecret(" ").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().redirectUri("/auth/callback").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> valid().redirectUri("ftp://app.example.com/cb").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().redirectUri("https://app.example.com/cb#x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fragment");
    }

    @Test
    void rejectsNonPositiveStateLifetimeAndNegativeTolerance() {
        assertThatThrownBy(() -> valid().stateLifetime(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().timestampTolerance(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
