package dev.shopifyingest.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.OAuthCallbackException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ShopifyOAuthTest {

    private static final String SECRET = "shpss_test_secret_5f2b";
    private static final String CODE = "0907a61c0c8d55e99db179b68161bc00";
    private static final String HOST = "YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvbXktc3RvcmU";
    private static final String SESSION = "user-42";
    private static final ShopDomain SHOP = ShopDomain.parse("my-store");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final OAuthConfig config = OAuthConfig.builder()
            .clientId("client-123")
            .clientSecret(SECRET)
            .scopes("read_orders", "write_products")
            .redirectUri("https://app.example.com/auth/callback")
            .clock(clock)
            .build();
    private final ShopifyOAuth oauth = ShopifyOAuth.builder(config).build();

    // ---- authorize URL ----

    @Test
    void authorizeUrlPointsAtTheShopsAdminWithClientIdScopesRedirectUriAndState() {
        AuthorizationRedirect redirect = oauth.authorize(SHOP, SESSION);
        HttpUrl url = HttpUrl.get(redirect.url());

        assertThat(url.scheme()).isEqualTo("https");
        assertThat(url.host()).isEqualTo("my-store.myshopify.com");
        assertThat(url.encodedPath()).isEqualTo("/admin/oauth/authorize");
        assertThat(url.queryParameterNames()).containsExactlyInAnyOrder("client_id", "scope", "redirect_uri", "state");
        assertThat(url.queryParameter("client_id")).isEqualTo("client-123");
        assertThat(url.queryParameter("scope")).isEqualTo("read_orders,write_products");
        assertThat(url.queryParameter("redirect_uri")).isEqualTo("https://app.example.com/auth/callback");
        assertThat(redirect.url().getRawQuery())
                .contains("scope=read_orders,write_products")
                .contains("redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2Fcallback")
                .doesNotContain("grant_options");
    }

    @Test
    void stateIsThirtyTwoRandomBytesInBase64UrlAndFreshEveryTime() {
        String first = stateOf(oauth.authorize(SHOP, SESSION));
        String second = stateOf(oauth.authorize(SHOP, SESSION));
        assertThat(first).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(first)).hasSize(32);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void redirectReportsWhenItsStateExpires() {
        AuthorizationRedirect redirect = oauth.authorize(SHOP, SESSION);
        assertThat(redirect.stateExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(redirect.shop()).isEqualTo(SHOP);
        assertThat(redirect.toString()).doesNotContain(stateOf(redirect));
    }

    @Test
    void authorizeUrlFollowsTheShopBaseUrlResolver() {
        ShopifyOAuth local = ShopifyOAuth.builder(config)
                .shopBaseUrl(shop -> HttpUrl.get("http://localhost:41234/shops/" + shop.handle() + "/"))
                .build();
        HttpUrl url = HttpUrl.get(local.authorize(SHOP, SESSION).url());
        assertThat(url.toString()).startsWith("http://localhost:41234/shops/my-store/admin/oauth/authorize?client_id=client-123&");
    }

    @Test
    void authorizeRequiresASessionBinding() {
        assertThatThrownBy(() -> oauth.authorize(SHOP, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> oauth.authorize(SHOP, null)).isInstanceOf(NullPointerException.class);
    }

    // ---- callback: happy path ----

    @Test
    void acceptsAGenuineCallbackAndReturnsShopCodeHostAndState() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        VerifiedCallback callback = oauth.verifyCallback(signedCallback(SHOP.value(), state, now()), SESSION);

        assertThat(callback.shop()).isEqualTo(SHOP);
        assertThat(callback.code()).isEqualTo(CODE);
        assertThat(callback.host()).isEqualTo(HOST);
        assertThat(callback.state()).isEqualTo(state);
        assertThat(callback.timestamp()).isEqualTo(clock.instant());
        assertThat(callback.toString()).doesNotContain(CODE).doesNotContain(state).contains("my-store.myshopify.com");
    }

    @Test
    void acceptsTheCallbackAsAParameterMap() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        long ts = now();
        String message = "code=" + CODE + "&shop=" + SHOP + "&state=" + state + "&timestamp=" + ts;
        Map<String, List<String>> params = Map.of(
                "code", List.of(CODE),
                "shop", List.of(SHOP.value()),
                "state", List.of(state),
                "timestamp", List.of(Long.toString(ts)),
                "hmac", List.of(hmacHex(SECRET, message)));
        assertThat(oauth.verifyCallback(params, SESSION).host()).isNull();
    }

    @Test
    void signsExtraParametersFormEncodedWithSpacesAsPercentTwentyAndRepeatedKeysJoinedByCommas() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        long ts = now();
        // What Shopify's validator signs: keys sorted, values URLSearchParams-encoded, "+" as "%20",
        // a repeated key joined with "," before encoding (so the comma becomes %2C).
        String message = "code=" + CODE + "&ids=1%2C2&locale=en%20US&path=%2Fa%2Fb%3Fc%3Dd&shop=" + SHOP
                + "&state=" + state + "&timestamp=" + ts;
        String raw = "?locale=en+US&ids=1&path=%2Fa%2Fb%3Fc%3Dd&ids=2&code=" + CODE + "&shop=" + SHOP
                + "&state=" + state + "&timestamp=" + ts + "&hmac=" + hmacHex(SECRET, message);
        assertThat(oauth.verifyCallback(raw, SESSION).shop()).isEqualTo(SHOP);
    }

    @Test
    void ignoresASignatureParameterWhenCheckingTheHmac() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        String raw = signedCallback(SHOP.value(), state, now()) + "&signature=whatever";
        assertThat(oauth.verifyCallback(raw, SESSION).shop()).isEqualTo(SHOP);
    }

    @Test
    void acceptsAnUpperCaseHexHmac() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        String raw = signedCallback(SHOP.value(), state, now());
        String upper = raw.substring(0, raw.indexOf("hmac=") + 5) + raw.substring(raw.indexOf("hmac=") + 5).toUpperCase();
        assertThat(oauth.verifyCallback(upper, SESSION).shop()).isEqualTo(SHOP);
    }

    // ---- callback: rejections ----

    @Test
    void rejectsATamperedParameterWithoutConsumingTheState() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        String genuine = signedCallback(SHOP.value(), state, now());
        String tampered = genuine.replace("code=" + CODE, "code=attacker-code");

        assertRejected(() -> oauth.verifyCallback(tampered, SESSION), Reason.BAD_HMAC);
        // The forged request must not have burnt the state: the genuine callback still works.
        assertThat(oauth.verifyCallback(genuine, SESSION).shop()).isEqualTo(SHOP);
    }

    @Test
    void rejectsAnAddedParameter() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        assertRejected(() -> oauth.verifyCallback(signedCallback(SHOP.value(), state, now()) + "&extra=1", SESSION),
                Reason.BAD_HMAC);
    }

    @Test
    void rejectsACallbackWithoutHmac() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        String raw = signedCallback(SHOP.value(), state, now()).replaceAll("&hmac=[0-9a-f]+", "");
        assertRejected(() -> oauth.verifyCallback(raw, SESSION), Reason.MISSING_PARAMETER)
                .hasMessageContaining("hmac");
        assertRejected(() -> oauth.verifyCallback(raw + "&hmac=", SESSION), Reason.MISSING_PARAMETER);
    }

    @Test
    void rejectsAnHmacMadeWithAnotherSecret() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        long ts = now();
        String message = "code=" + CODE + "&host=" + HOST + "&shop=" + SHOP + "&state=" + state + "&timestamp=" + ts;
        String raw = "code=" + CODE + "&host=" + HOST + "&shop=" + SHOP + "&state=" + state + "&timestamp=" + ts
                + "&hmac=" + hmacHex("another_apps_secret", message);
        assertRejected(() -> oauth.verifyCallback(raw, SESSION), Reason.BAD_HMAC);
    }

    @Test
    void rejectsAnHmacThatIsNotHexOrHasTheWrongLength() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        String raw = signedCallback(SHOP.value(), state, now()).replaceAll("hmac=[0-9a-f]+", "hmac=");
        assertRejected(() -> oauth.verifyCallback(raw + "zz-not-hex", SESSION), Reason.BAD_HMAC);
        assertRejected(() -> oauth.verifyCallback(raw + "abcd", SESSION), Reason.BAD_HMAC);
    }

    @Test
    void rejectsAReusedState() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        String raw = signedCallback(SHOP.value(), state, now());
        oauth.verifyCallback(raw, SESSION);
        assertRejected(() -> oauth.verifyCallback(raw, SESSION), Reason.UNKNOWN_STATE);
    }

    @Test
    void rejectsAStateThatWasNeverIssued() {
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        assertRejected(() -> oauth.verifyCallback(signedCallback(SHOP.value(), forged, now()), SESSION),
                Reason.UNKNOWN_STATE);
    }

    @Test
    void rejectsAnExpiredState() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        clock.advance(Duration.ofMinutes(10));
        assertRejected(() -> oauth.verifyCallback(signedCallback(SHOP.value(), state, now()), SESSION),
                Reason.EXPIRED_STATE);
    }

    @Test
    void acceptsAStateJustBeforeItExpires() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(oauth.verifyCallback(signedCallback(SHOP.value(), state, now()), SESSION).shop()).isEqualTo(SHOP);
    }

    @Test
    void rejectsAStateIssuedToAnotherSessionAndBurnsIt() {
        String state = stateOf(oauth.authorize(SHOP, "attacker-session"));
        String raw = signedCallback(SHOP.value(), state, now());
        assertRejected(() -> oauth.verifyCallback(raw, SESSION), Reason.STATE_SESSION_MISMATCH);
        assertRejected(() -> oauth.verifyCallback(raw, "attacker-session"), Reason.UNKNOWN_STATE);
    }

    @Test
    void rejectsAStateIssuedForAnotherShop() {
        String state = stateOf(oauth.authorize(ShopDomain.parse("other-store"), SESSION));
        assertRejected(() -> oauth.verifyCallback(signedCallback(SHOP.value(), state, now()), SESSION),
                Reason.STATE_SHOP_MISMATCH)
                .hasMessageContaining("other-store.myshopify.com")
                .hasMessageContaining("my-store.myshopify.com");
    }

    @Test
    void rejectsATimestampOlderThanTheToleranceWithoutConsumingTheState() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        assertRejected(() -> oauth.verifyCallback(signedCallback(SHOP.value(), state, now() - 91), SESSION),
                Reason.STALE_TIMESTAMP)
                .hasMessageContaining("91 s old");
        assertThat(oauth.verifyCallback(signedCallback(SHOP.value(), state, now() - 90), SESSION).shop()).isEqualTo(SHOP);
    }

    @Test
    void rejectsATimestampFurtherInTheFutureThanTheTolerance() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        assertRejected(() -> oauth.verifyCallback(signedCallback(SHOP.value(), state, now() + 91), SESSION),
                Reason.STALE_TIMESTAMP)
                .hasMessageContaining("in the future");
        assertThat(oauth.verifyCallback(signedCallback(SHOP.value(), state, now() + 90), SESSION).shop()).isEqualTo(SHOP);
    }

    @Test
    void honoursAConfiguredTimestampTolerance() {
        ShopifyOAuth lenient = ShopifyOAuth.builder(config.toBuilder().timestampTolerance(Duration.ofMinutes(5)).build())
                .build();
        String state = stateOf(lenient.authorize(SHOP, SESSION));
        assertThat(lenient.verifyCallback(signedCallback(SHOP.value(), state, now() - 200), SESSION).shop())
                .isEqualTo(SHOP);
    }

    @Test
    void rejectsATimestampThatIsNotANumber() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        String message = "code=" + CODE + "&shop=" + SHOP + "&state=" + state + "&timestamp=yesterday";
        String raw = message + "&hmac=" + hmacHex(SECRET, message);
        assertRejected(() -> oauth.verifyCallback(raw, SESSION), Reason.MALFORMED_PARAMETER);
    }

    @Test
    void rejectsASignedShopThatIsNotACanonicalShopDomain() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        for (String shop : List.of("evil.com", "my-store.myshopify.com.evil.com", "My-Store.myshopify.com", "my-store")) {
            assertRejected(() -> oauth.verifyCallback(signedCallback(shop, state, now()), SESSION), Reason.INVALID_SHOP);
        }
        // None of those consumed the state.
        assertThat(oauth.verifyCallback(signedCallback(SHOP.value(), state, now()), SESSION).shop()).isEqualTo(SHOP);
    }

    @Test
    void rejectsASignedCallbackMissingARequiredParameter() {
        String state = stateOf(oauth.authorize(SHOP, SESSION));
        String message = "shop=" + SHOP + "&state=" + state + "&timestamp=" + now();
        assertRejected(() -> oauth.verifyCallback(message + "&hmac=" + hmacHex(SECRET, message), SESSION),
                Reason.MISSING_PARAMETER)
                .hasMessageContaining("code");
    }

    @Test
    void rejectsBrokenUrlEncoding() {
        assertRejected(() -> oauth.verifyCallback("shop=%zz&hmac=00", SESSION), Reason.MALFORMED_PARAMETER);
    }

    @Test
    void rejectionMessagesNeverContainTheSecretHmacCodeOrState() {
        String state = stateOf(oauth.authorize(ShopDomain.parse("other-store"), SESSION));
        String raw = signedCallback(SHOP.value(), state, now());
        String hmac = raw.substring(raw.indexOf("hmac=") + 5);
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> oauth.verifyCallback(raw.replace(CODE, "x" + CODE), SESSION),
                () -> oauth.verifyCallback(raw, SESSION))) {
            assertThatThrownBy(call)
                    .isInstanceOf(OAuthCallbackException.class)
                    .message()
                    .doesNotContain(SECRET)
                    .doesNotContain(hmac)
                    .doesNotContain(CODE)
                    .doesNotContain(state);
        }
    }

    // ---- token exchange: what needs no HTTP server ----

    @Test
    void exchangeReportsANetworkFailureWithoutLeakingTheCodeOrSecret() {
        ShopifyOAuth unreachable = ShopifyOAuth.builder(config)
                .shopBaseUrl(ShopBaseUrl.fixed(HttpUrl.get("http://127.0.0.1:1/")))
                .build();
        VerifiedCallback callback = new VerifiedCallback(SHOP, CODE, HOST, "state", clock.instant());
        assertThatThrownBy(() -> unreachable.exchangeCode(callback))
                .isInstanceOfSatisfying(TokenExchangeException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenExchangeException.Reason.NETWORK))
                .message()
                .contains("my-store.myshopify.com")
                .doesNotContain(CODE)
                .doesNotContain(SECRET);
    }

    @Test
    void toStringNeverPrintsTheClientSecret() {
        assertThat(oauth.toString()).doesNotContain(SECRET);
    }

    // ---- helpers, independent of production code ----

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static String stateOf(AuthorizationRedirect redirect) {
        return HttpUrl.get(redirect.url()).queryParameter("state");
    }

    /**
     * The query Shopify would redirect with: the test writes out the signed message itself (keys in
     * sorted order, values that need no encoding) and sends the parameters in a different order.
     */
    private static String signedCallback(String shop, String state, long timestamp) {
        String message = "code=" + CODE + "&host=" + HOST + "&shop=" + shop + "&state=" + state + "&timestamp=" + timestamp;
        return "shop=" + shop + "&state=" + state + "&timestamp=" + timestamp + "&code=" + CODE + "&host=" + HOST
                + "&hmac=" + hmacHex(SECRET, message);
    }

    private static String hmacHex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(message.getBytes(StandardCharsets.UTF_8))) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
            ThrowingCallable call, Reason reason) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(OAuthCallbackException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
