package dev.shopifyingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.testkit.oauth.OAuthSettings;
import dev.shopifyingest.testkit.oauth.TokenMode;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeShopifyOAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDIRECT = "https://app.example.com/auth/callback";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-02T15:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeShopify shopify;

    private FakeShopify start(OAuthSettings settings) {
        shopify = FakeShopify.builder().clock(clock).oauth(settings)
                .store(StoreFixture.builder().orders(10).end(Instant.parse("2026-11-01T00:00:00Z")).build())
                .graphqlBackend(new StandInGraphql()).start();
        return shopify;
    }

    @AfterEach
    void stop() {
        if (shopify != null) {
            shopify.close();
        }
    }

    @Test
    void authorizeRedirectsWithCodeHostShopStateTimestampAndAnHmacOverTheRest() throws Exception {
        start(OAuthSettings.defaults());
        HttpResponse<String> response = authorize("read_orders,write_products", "nonce+1/2=", null);

        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?");
        Map<String, String> params = query(URI.create(location).getRawQuery());
        assertThat(params).containsOnlyKeys("code", "hmac", "host", "shop", "state", "timestamp");
        assertThat(params.get("shop")).isEqualTo("demo-store.myshopify.com");
        assertThat(params.get("state")).isEqualTo("nonce+1/2=");
        assertThat(params.get("timestamp")).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
        assertThat(new String(Base64.getDecoder().decode(params.get("host")), StandardCharsets.UTF_8))
                .isEqualTo("admin.shopify.com/store/demo-store");

        // Computed here from Shopify's description: drop hmac, sort, form-encode k=v joined by &, hex HMAC-SHA256.
        TreeMap<String, String> signed = new TreeMap<>(params);
        signed.remove("hmac");
        String message = signed.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        assertThat(params.get("hmac")).isEqualTo(hmacHex(shopify.clientSecret(), message));
    }

    @Test
    void authorizeRefusesAnUnknownClientId() throws Exception {
        start(OAuthSettings.defaults());
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(shopify.baseUrl()
                + "/admin/oauth/authorize?client_id=someone-else&scope=read_orders&redirect_uri="
                + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8))).GET().build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Oauth error invalid_request");
    }

    @Test
    void aCodeWorksOnceAndThenGetsShopifysInvalidRequestError() throws Exception {
        start(OAuthSettings.defaults());
        String code = code("read_orders");

        HttpResponse<String> first = exchange(Map.of("code", code));
        HttpResponse<String> second = exchange(Map.of("code", code));

        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode token = JSON.readTree(first.body());
        assertThat(token.get("access_token").asText()).startsWith("shpat_");
        assertThat(token.get("scope").asText()).isEqualTo("read_orders");
        assertThat(token.has("refresh_token")).as("a permanent token has no refresh token").isFalse();
        assertThat(token.has("expires_in")).isFalse();
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(second.body())).isEqualTo(JSON.readTree(
                "{\"error\":\"invalid_request\",\"error_description\":\"The authorization code was not found or was already used\"}"));
    }

    @Test
    void aCodeExpiresAfterItsLifetime() throws Exception {
        start(OAuthSettings.defaults().withCodeLifetime(Duration.ofMinutes(10)));
        String code = code("read_orders");
        clock.advance(Duration.ofMinutes(10));

        assertThat(exchange(Map.of("code", code)).statusCode()).isEqualTo(400);
    }

    @Test
    void aWrongClientSecretIsRejectedAndLeavesTheCodeUsable() throws Exception {
        start(OAuthSettings.defaults());
        String code = code("read_orders");

        HttpResponse<String> wrong = post(Map.of("client_id", shopify.clientId(), "client_secret", "guess",
                "code", code), true);
        HttpResponse<String> right = exchange(Map.of("code", code));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(
                "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
        assertThat(right.statusCode()).isEqualTo(200);
    }

    @Test
    void theScopeStringLeavesOutReadScopesImpliedByWriteScopesWhileTheTokenHoldsBoth() throws Exception {
        start(OAuthSettings.defaults());
        JsonNode token = JSON.readTree(exchange(Map.of("code",
                code("read_products,write_products,read_orders"))).body());

        assertThat(token.get("scope").asText()).isEqualTo("write_products,read_orders");
        HttpResponse<String> scopes = send(HttpRequest.newBuilder(URI.create(shopify.baseUrl()
                        + "/admin/oauth/access_scopes.json"))
                .header("X-Shopify-Access-Token", token.get("access_token").asText()).GET().build());
        assertThat(scopes.body()).isEqualTo("{\"access_scopes\":[{\"handle\":\"read_orders\"},"
                + "{\"handle\":\"read_products\"},{\"handle\":\"write_products\"}]}");
    }

    @Test
    void withheldScopesAreNotGranted() throws Exception {
        start(OAuthSettings.defaults().withWithheldScopes(Set.of("read_all_orders")));
        JsonNode token = JSON.readTree(exchange(Map.of("code", code("read_orders,read_all_orders"))).body());

        assertThat(token.get("scope").asText()).isEqualTo("read_orders");
    }

    @Test
    void expiringExchangeReturnsRefreshDataAndTheOldRefreshTokenWorksUntilTheNewOneIsUsed() throws Exception {
        start(OAuthSettings.defaults());
        JsonNode first = JSON.readTree(exchange(Map.of("code", code("read_orders"), "expiring", "1")).body());
        assertThat(first.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(first.get("refresh_token_expires_in").asLong()).isEqualTo(7_776_000);
        String r1 = first.get("refresh_token").asText();

        JsonNode second = JSON.readTree(refresh(r1).body());
        String r2 = second.get("refresh_token").asText();
        assertThat(r2).isNotEqualTo(r1);
        assertThat(second.get("access_token").asText()).isNotEqualTo(first.get("access_token").asText());

        // The response with r2 may have been lost: r1 still works while r2 is unused.
        HttpResponse<String> retried = refresh(r1);
        assertThat(retried.statusCode()).isEqualTo(200);
        String r3 = JSON.readTree(retried.body()).get("refresh_token").asText();

        assertThat(refresh(r3).statusCode()).isEqualTo(200);
        HttpResponse<String> stale = refresh(r1);
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(stale.body()).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void anExpiredAccessTokenGets401AndItsRefreshGivesAWorkingOne() throws Exception {
        start(OAuthSettings.defaults());
        JsonNode first = JSON.readTree(exchange(Map.of("code", code("read_orders"), "expiring", "1")).body());
        String access = first.get("access_token").asText();
        assertThat(graphql(access).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofHours(1));

        HttpResponse<String> expired = graphql(access);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("Invalid API key or access token");
        String renewed = JSON.readTree(refresh(first.get("refresh_token").asText()).body()).get("access_token").asText();
        assertThat(graphql(renewed).statusCode()).isEqualTo(200);
    }

    @Test
    void aRefreshTokenExpiresAfterItsLifetime() throws Exception {
        start(OAuthSettings.defaults().withExpiringLifetimes(Duration.ofMinutes(5), Duration.ofDays(1)));
        JsonNode first = JSON.readTree(exchange(Map.of("code", code("read_orders"), "expiring", "1")).body());
        assertThat(first.get("expires_in").asLong()).isEqualTo(300);
        clock.advance(Duration.ofDays(1));

        assertThat(refresh(first.get("refresh_token").asText()).statusCode()).isEqualTo(400);
    }

    @Test
    void tokenModesOverrideTheRequest() throws Exception {
        start(OAuthSettings.defaults().withTokenMode(TokenMode.ALWAYS_EXPIRING));
        assertThat(JSON.readTree(exchange(Map.of("code", code("read_orders"))).body()).has("refresh_token")).isTrue();
        shopify.close();

        shopify = FakeShopify.builder().clock(clock).tokenMode(TokenMode.NEVER_EXPIRING)
                .store(StoreFixture.builder().orders(10).end(Instant.parse("2026-11-01T00:00:00Z")).build())
                .graphqlBackend(new StandInGraphql()).start();
        assertThat(JSON.readTree(exchange(Map.of("code", code("read_orders"), "expiring", "1")).body())
                .has("refresh_token")).isFalse();
    }

    @Test
    void theExchangeAcceptsAFormBodyToo() throws Exception {
        start(OAuthSettings.defaults());
        Map<String, String> params = new LinkedHashMap<>(Map.of("client_id", shopify.clientId(),
                "client_secret", shopify.clientSecret(), "code", code("read_orders"), "expiring", "1"));

        HttpResponse<String> response = post(params, false);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).has("refresh_token")).isTrue();
    }

    @Test
    void perUserGrantGivesAnOnlineTokenWithItsUser() throws Exception {
        start(OAuthSettings.defaults());
        HttpResponse<String> redirect = authorize("read_orders", "s", "per-user");
        String code = query(URI.create(redirect.headers().firstValue("Location").orElseThrow()).getRawQuery())
                .get("code");

        JsonNode token = JSON.readTree(exchange(Map.of("code", code)).body());

        assertThat(token.get("access_token").asText()).startsWith("shpua_");
        assertThat(token.get("expires_in").asLong()).isEqualTo(86_400);
        assertThat(token.get("associated_user").get("account_owner").asBoolean()).isTrue();
    }

    @Test
    void clientCredentialsGrantGivesADayLongTokenWithTheAppsScopes() throws Exception {
        start(OAuthSettings.defaults().withAppScopes(Set.of("read_products")));
        HttpResponse<String> response = post(Map.of("grant_type", "client_credentials",
                "client_id", shopify.clientId(), "client_secret", shopify.clientSecret()), false);

        JsonNode token = JSON.readTree(response.body());
        assertThat(token.get("scope").asText()).isEqualTo("read_products");
        assertThat(token.get("expires_in").asLong()).isEqualTo(86_399);
        String access = token.get("access_token").asText();
        assertThat(graphql(access).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofDays(1));
        assertThat(graphql(access).statusCode()).isEqualTo(401);
    }

    @Test
    void aRevokedTokenGets401() throws Exception {
        start(OAuthSettings.defaults());
        String token = shopify.issueToken(Set.of("read_orders"));
        assertThat(graphql(token).statusCode()).isEqualTo(200);

        shopify.revokeToken(token);

        assertThat(graphql(token).statusCode()).isEqualTo(401);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private HttpResponse<String> authorize(String scopes, String state, String grantOption) throws Exception {
        String url = shopify.baseUrl() + "/admin/oauth/authorize?client_id=" + shopify.clientId()
                + "&scope=" + URLEncoder.encode(scopes, StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8)
                + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)
                + (grantOption == null ? "" : "&grant_options%5B%5D=" + grantOption);
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private String code(String scopes) throws Exception {
        HttpResponse<String> response = authorize(scopes, "state-1", null);
        return query(URI.create(response.headers().firstValue("Location").orElseThrow()).getRawQuery()).get("code");
    }

    private HttpResponse<String> exchange(Map<String, String> extra) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", shopify.clientId());
        params.put("client_secret", shopify.clientSecret());
        params.putAll(extra);
        return post(params, true);
    }

    private HttpResponse<String> refresh(String refreshToken) throws Exception {
        return post(Map.of("client_id", shopify.clientId(), "client_secret", shopify.clientSecret(),
                "grant_type", "refresh_token", "refresh_token", refreshToken), true);
    }

    private HttpResponse<String> post(Map<String, String> params, boolean asJson) throws Exception {
        String body = asJson ? JSON.writeValueAsString(params) : params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(shopify.baseUrl() + "/admin/oauth/access_token"))
                .header("Content-Type", asJson ? "application/json" : "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> graphql(String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(shopify.graphqlUrl()))
                .header("X-Shopify-Access-Token", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ shop { name } }\"}")).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String hmacHex(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
