package dev.shopifyingest.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.webhooks.Webhooks;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every kind the app takes from outside, as a table: webhook headers and bodies,
 * OAuth callback parameters, shop domains, sign-up and log-in payloads, session-token and cookie
 * tampering, CSRF and origin checks, date, granularity and limit parameters, and JSON bodies that
 * are malformed, mistyped, huge, deeply nested or not UTF-8. Each case asserts the status, the
 * error code and the exact message of the contract's error body (for the OAuth callback, its
 * redirect), and that the database did not change: a {@link DatabaseSnapshot} of every table of
 * the {@code app} and {@code shopify_ingest} schemas is equal before and after.
 */
class BadInputTest {

    @RegisterExtension
    static final dev.shopifyingest.testkit.postgres.PostgresDatabase db = TestServer.database();

    @RegisterExtension
    static final SecretsWatch secrets = new SecretsWatch(db::dataSource);

    private static final String PASSWORD = "a sturdy password for bad input";
    /** Passwords of the table this long or longer are declared secrets (shorter ones are common words). */
    private static final int PASSWORD_WORTH_WATCHING = 12;
    private static final String SHOP = "bad-input-store.myshopify.com";
    private static final String ISSUER = "http://app.test";
    private static final String AUDIENCE = "http://app.test/api";

    private static final String UNAUTHENTICATED = "Log in to continue.";
    private static final String BAD_HMAC = "The X-Shopify-Hmac-Sha256 header does not match the body.";
    private static final String CSRF = "This request needs the X-CSRF-Token header, equal to the csrf cookie."
            + " Reload the page and try again.";
    private static final String CROSS_SITE = "Requests from other sites are not accepted.";
    private static final String NOT_AN_EMAIL = "Enter a valid email address, such as name@example.com.";
    private static final String JSON_ONLY = "Send the request body as JSON, with Content-Type: application/json.";
    private static final String TOO_LARGE = "The request body is larger than the limit of 1048576 bytes.";
    private static final String NO_SHOP = "There is no such shop.";
    private static final String NOTHING_HERE = "There is nothing at this address.";
    private static final String EXPECTED_CREDENTIALS = "Expected: email, password.";
    private static final String ADDRESS_HINT = "Enter the store's address as my-store, my-store.myshopify.com,"
            + " https://my-store.myshopify.com/admin or https://admin.shopify.com/store/my-store.";
    private static final String NOT_A_REDACT_OBJECT = "The shop/redact payload for " + SHOP + " is not a JSON object.";

    static TestServer server;
    static Browser user;
    static long userId;
    static long shopId;
    static String validToken;
    static String revokedToken;
    static String otherCsrf;

    @BeforeAll
    static void start() {
        server = TestServer.start(db.dataSource());
        secrets.secret(PASSWORD);
        user = server.browser(secrets::observe);
        Reply signUp = user.signUp("merchant@example.com", PASSWORD);
        assertThat(signUp.status()).isEqualTo(201);
        userId = signUp.json().path("user").path("id").asLong();
        validToken = user.cookie("session").orElseThrow();
        shopId = Webhooks.registerShop(db.dataSource(), SHOP, userId);

        Browser leaving = server.browser(secrets::observe);
        leaving.logIn("merchant@example.com", PASSWORD);
        revokedToken = leaving.cookie("session").orElseThrow();
        assertThat(leaving.logOut().status()).isEqualTo(204);
        Browser other = server.browser(secrets::observe);
        other.logIn("merchant@example.com", PASSWORD);
        otherCsrf = other.cookie("csrf").orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * One bad input and what it must get.
     *
     * @param name    what is wrong, as the test report shows it
     * @param send    sends it
     * @param status  the expected status
     * @param code    the expected error code (for the OAuth callback: the {@code error} of its redirect)
     * @param message the expected message, exactly (for the OAuth callback: the redirect's location)
     */
    record Case(String name, Supplier<Reply> send, int status, String code, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsAClearErrorAndChangesNothing(Case badInput) throws Exception {
        DatabaseSnapshot before = DatabaseSnapshot.of(db.dataSource());

        Reply reply = badInput.send().get();

        assertThat(reply.status()).as("status; body %s", reply.body()).isEqualTo(badInput.status());
        if (reply.status() == 302) {
            String location = reply.header("Location").orElse("");
            assertThat(location).isEqualTo(badInput.message());
            assertThat(URLDecoder.decode(location.substring(location.indexOf("error=") + 6), StandardCharsets.UTF_8))
                    .isEqualTo(badInput.code());
        } else {
            assertThat(reply.header("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(reply.json().path("error").path("code").asText()).isEqualTo(badInput.code());
            assertThat(reply.json().path("error").path("message").asText()).isEqualTo(badInput.message());
        }
        assertThat(DatabaseSnapshot.of(db.dataSource())).as("the database after the request").isEqualTo(before);
    }

    static Stream<Case> cases() {
        return Stream.of(webhooks(), callbacks(), shopDomains(), signUps(), logIns(), sessions(), insights(), json())
                .flatMap(s -> s);
    }

    // ---------------------------------------------------------------- webhooks: headers and bodies

    static Stream<Case> webhooks() {
        byte[] order = "{\"id\":1,\"updated_at\":\"2026-11-02T09:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        byte[] otherShop = bytes("{\"shop_id\":1,\"shop_domain\":\"someone-else.myshopify.com\"}");
        byte[] otherCustomerShop = bytes("{\"shop_id\":1,\"shop_domain\":\"someone-else.myshopify.com\","
                + "\"customer\":{\"id\":1},\"orders_to_redact\":[]}");
        byte[] overlongEmail = concat(bytes("{\"shop_id\":1,\"shop_domain\":\"" + SHOP + "\",\"customer\":{\"id\":1,"
                + "\"email\":\"jon"), new byte[] {(byte) 0xC1, (byte) 0x80}, bytes("example.com\"},\"orders_to_redact\":[]}"));
        return Stream.of(
                webhook("webhook: no HMAC header", without(signed("orders/create", order), "X-Shopify-Hmac-Sha256"),
                        order, 401, "invalid_hmac", BAD_HMAC),
                webhook("webhook: empty HMAC", with(signed("orders/create", order), "X-Shopify-Hmac-Sha256", ""),
                        order, 401, "invalid_hmac", BAD_HMAC),
                webhook("webhook: HMAC of another body", with(signed("orders/create", order), "X-Shopify-Hmac-Sha256",
                        Webhooks.sign("{}".getBytes(StandardCharsets.UTF_8), Webhooks.SECRET)), order, 401,
                        "invalid_hmac", BAD_HMAC),
                webhook("webhook: HMAC with another secret", with(signed("orders/create", order),
                        "X-Shopify-Hmac-Sha256", Webhooks.sign(order, "not-the-client-secret")), order, 401,
                        "invalid_hmac", BAD_HMAC),
                webhook("webhook: HMAC in hex instead of base64", with(signed("orders/create", order),
                        "X-Shopify-Hmac-Sha256", HexFormat.of().formatHex(Base64.getDecoder().decode(
                                Webhooks.sign(order, Webhooks.SECRET)))), order, 401, "invalid_hmac", BAD_HMAC),
                webhook("webhook: HMAC cut short", with(signed("orders/create", order), "X-Shopify-Hmac-Sha256",
                        Webhooks.sign(order, Webhooks.SECRET).substring(0, 20)), order, 401, "invalid_hmac", BAD_HMAC),
                webhook("webhook: HMAC not base64", with(signed("orders/create", order), "X-Shopify-Hmac-Sha256",
                        "!!!not base64!!!"), order, 401, "invalid_hmac", BAD_HMAC),
                webhook("webhook: body changed after signing", signed("orders/create", order),
                        "{\"id\":2,\"updated_at\":\"2026-11-02T09:00:00Z\"}".getBytes(StandardCharsets.UTF_8), 401,
                        "invalid_hmac", BAD_HMAC),
                webhook("webhook: signed, no topic", without(signed("orders/create", order), "X-Shopify-Topic"),
                        order, 400, "bad_request",
                                "Webhook request has no X-Shopify-Topic header; it is not a Shopify webhook delivery."),
                webhook("webhook: signed, no shop domain", without(signed("orders/create", order),
                        "X-Shopify-Shop-Domain"), order, 400, "bad_request",
                        "Webhook request has no X-Shopify-Shop-Domain header; it is not a Shopify webhook delivery."),
                webhook("webhook: signed, no webhook id", without(signed("orders/create", order),
                        "X-Shopify-Webhook-Id"), order, 400, "bad_request",
                        "Webhook request has no X-Shopify-Webhook-Id header; it is not a Shopify webhook delivery."),
                webhook("webhook: signed, shop domain not on myshopify.com", with(signed("orders/create", order),
                        "X-Shopify-Shop-Domain", "evil.example.com"), order, 400, "bad_request",
                        notCanonical("evil.example.com")),
                webhook("webhook: signed, shop domain in capitals", with(signed("orders/create", order),
                        "X-Shopify-Shop-Domain", SHOP.toUpperCase()), order, 400, "bad_request",
                        notCanonical(SHOP.toUpperCase())),
                webhook("webhook: signed, shop domain with a path", with(signed("orders/create", order),
                        "X-Shopify-Shop-Domain", SHOP + "/../admin"), order, 400, "bad_request",
                        notCanonical(SHOP + "/../admin")),
                webhook("webhook: signed shop/redact naming another shop", signed("shop/redact", otherShop), otherShop,
                        401, "shop_mismatch", mismatch("'someone-else.myshopify.com'")),
                webhook("webhook: signed customers/redact naming another shop", signed("customers/redact",
                        otherCustomerShop), otherCustomerShop, 401, "shop_mismatch",
                                mismatch("'someone-else.myshopify.com'")),
                webhook("webhook: signed shop/redact, not JSON", signed("shop/redact", bytes("{\"shop_domain\":")),
                        bytes("{\"shop_domain\":"), 400, "bad_request", NOT_A_REDACT_OBJECT),
                webhook("webhook: signed shop/redact, 10,000 nested arrays", signed("shop/redact", nested(10_000)),
                        nested(10_000), 400, "bad_request", NOT_A_REDACT_OBJECT),
                webhook("webhook: signed shop/redact, invalid UTF-8 in the shop", signed("shop/redact",
                        invalidUtf8Shop()), invalidUtf8Shop(), 400, "bad_request", notUtf8Payload("shop/redact", 32)),
                webhook("webhook: signed customers/redact, overlong UTF-8 in the email", signed("customers/redact",
                        overlongEmail), overlongEmail, 400, "bad_request", notUtf8Payload("customers/redact", 91)),
                webhook("webhook: body over 1 MiB", signed("orders/create", new byte[1024 * 1024 + 1]),
                        new byte[1024 * 1024 + 1], 413, "payload_too_large", TOO_LARGE));
    }

    private static Map<String, String> signed(String topic, byte[] body) {
        return new LinkedHashMap<>(Webhooks.signed(topic, SHOP, "wh-" + UUID.randomUUID(), body));
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        headers.put(name, value);
        return headers;
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        headers.remove(name);
        return headers;
    }

    private static Case webhook(String name, Map<String, String> headers, byte[] body, int status, String code,
            String message) {
        return new Case(name, () -> {
            // A body over the limit asks first (Expect: 100-continue), so the 413 cannot race the body.
            HttpResponse<String> response = Webhooks.post(server.uri(), headers, body, body.length > 1024 * 1024);
            Reply reply = new Reply(response.statusCode(), response.headers().map(), response.body());
            secrets.observe(reply);
            return reply;
        }, status, code, message);
    }

    // ---------------------------------------------------------------- OAuth callback parameters

    static Stream<Case> callbacks() {
        String now = Long.toString(TestServer.START.getEpochSecond());
        String refused = "/shops?error=invalid_callback";
        return Stream.of(
                callback("callback: no parameters", "", true, "invalid_callback", refused),
                callback("callback: no hmac", "code=abc&shop=" + SHOP + "&state=s1&timestamp=" + now, true,
                        "invalid_callback", refused),
                callback("callback: wrong hmac", "code=abc&hmac=" + "ab".repeat(32) + "&shop=" + SHOP
                        + "&state=s1&timestamp=" + now, true, "invalid_callback", refused),
                callback("callback: hmac not hex", "code=abc&hmac=zzzz&shop=" + SHOP + "&state=s1&timestamp=" + now,
                        true, "invalid_callback", refused),
                callback("callback: signed, unknown state", signedQuery(Map.of("code", "abc", "shop", SHOP,
                        "state", "never-issued", "timestamp", now)), true, "invalid_callback", refused),
                callback("callback: signed, no code", signedQuery(Map.of("shop", SHOP, "state", "s1",
                        "timestamp", now)), true, "invalid_callback", refused),
                callback("callback: signed, no state", signedQuery(Map.of("code", "abc", "shop", SHOP,
                        "timestamp", now)), true, "invalid_callback", refused),
                callback("callback: signed, shop not on myshopify.com", signedQuery(Map.of("code", "abc",
                        "shop", "evil.example.com", "state", "s1", "timestamp", now)), true, "invalid_callback",
                        refused),
                callback("callback: signed, a day old", signedQuery(Map.of("code", "abc", "shop", SHOP,
                        "state", "s1", "timestamp", Long.toString(TestServer.START.getEpochSecond() - 86_400))), true,
                        "invalid_callback", refused),
                callback("callback: signed, timestamp not a number", signedQuery(Map.of("code", "abc", "shop", SHOP,
                        "state", "s1", "timestamp", "yesterday")), true, "invalid_callback", refused),
                callback("callback: signed, then the shop swapped", signedQuery(Map.of("code", "abc", "shop", SHOP,
                        "state", "s1", "timestamp", now)).replace(SHOP, "other-store.myshopify.com"), true,
                        "invalid_callback", refused),
                callback("callback: shop given twice", signedQuery(Map.of("code", "abc", "shop", SHOP,
                        "state", "s1", "timestamp", now)) + "&shop=other-store.myshopify.com", true,
                        "invalid_callback", refused),
                callback("callback: without a session", signedQuery(Map.of("code", "abc", "shop", SHOP,
                        "state", "s1", "timestamp", now)), false, "unauthenticated", "/shops?error=unauthenticated"));
    }

    /** A query signed as Shopify signs callbacks: HMAC-SHA256 (hex) of the sorted, encoded parameters. */
    private static String signedQuery(Map<String, String> parameters) {
        StringBuilder message = new StringBuilder();
        new TreeMap<>(parameters).forEach((key, value) -> message.append(message.isEmpty() ? "" : "&")
                .append(encode(key)).append('=').append(encode(value)));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Webhooks.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String hmac = HexFormat.of().formatHex(mac.doFinal(message.toString().getBytes(StandardCharsets.UTF_8)));
            return message + "&hmac=" + hmac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Case callback(String name, String query, boolean withSession, String code, String location) {
        return new Case(name, () -> {
            Browser browser = withSession ? user : server.browser(secrets::observe);
            String path = "/auth/shopify/callback" + (query.isEmpty() ? "" : "?" + query);
            return browser.send(browser.request(path).GET());
        }, 302, code, location);
    }

    // ---------------------------------------------------------------- shop domains

    static Stream<Case> shopDomains() {
        return Stream.of(
                connect("shop domain: words with spaces", "not a shop!",
                        "'not a shop!' contains whitespace or a control character. " + ADDRESS_HINT),
                connect("shop domain: empty", "", "The shop domain is empty. " + ADDRESS_HINT),
                connect("shop domain: blank", "   ", "The shop domain is empty. " + ADDRESS_HINT),
                connect("shop domain: another site", "evil.example.com", notAStore("evil.example.com")),
                connect("shop domain: myshopify.com as a subdomain", "shop.myshopify.com.evil.example.com",
                        notAStore("shop.myshopify.com.evil.example.com")),
                connect("shop domain: a URL of another site", "https://evil.example.com/shop.myshopify.com",
                        notAStore("https://evil.example.com/shop.myshopify.com")),
                connect("shop domain: user info", "https://shop.myshopify.com@evil.example.com",
                        "'https://shop.myshopify.com@evil.example.com' contains user information ('@'). "
                                + ADDRESS_HINT),
                connect("shop domain: starts with a hyphen", "-shop.myshopify.com",
                        "'-shop.myshopify.com' has a store name that starts or ends with a hyphen. " + ADDRESS_HINT),
                connect("shop domain: underscore", "my_shop.myshopify.com",
                        "'my_shop.myshopify.com' has a store name that contains an underscore; Shopify store names use"
                                + " only letters, digits and hyphens. " + ADDRESS_HINT),
                connect("shop domain: 300 characters", "a".repeat(300),
                        "'" + "a".repeat(80) + "...' has a store name that is longer than 63 characters. "
                                + ADDRESS_HINT),
                connect("shop domain: with a port", "shop.myshopify.com:8080",
                        "'shop.myshopify.com:8080' contains a port number or a stray ':'. " + ADDRESS_HINT),
                connect("shop domain: javascript URL", "javascript:alert(1)",
                        "'javascript:alert(1)' contains a port number or a stray ':'. " + ADDRESS_HINT),
                connect("shop domain: non-ASCII letters", "shöp.myshopify.com",
                        "'sh\\u00F6p.myshopify.com' contains a non-ASCII character; store addresses use only ASCII. "
                                + ADDRESS_HINT),
                connect("shop domain: NUL character", "shop\u0000.myshopify.com",
                        "'shop\\u0000.myshopify.com' contains whitespace or a control character. " + ADDRESS_HINT),
                connect("shop domain: path traversal", "../../admin", notAStore("../../admin")),
                api("connect: shop is a number", "POST", "/api/shops/connect", "{\"shop\":42}", 400,
                        "invalid_request", "Field 'shop' must be a string."),
                api("connect: shop is null", "POST", "/api/shops/connect", "{\"shop\":null}", 400, "invalid_request",
                        "Field 'shop' is required."),
                api("connect: shop is an array", "POST", "/api/shops/connect", "{\"shop\":[\"a\"]}", 400,
                        "invalid_request", "Field 'shop' must be a string."),
                api("connect: unknown field", "POST", "/api/shops/connect", "{\"shop\":\"a\",\"admin\":true}", 400,
                        "invalid_request", "Unknown field 'admin'. Expected: shop."));
    }

    private static Case connect(String name, String shop, String message) {
        String body = "{\"shop\":" + jsonString(shop) + "}";
        return api(name, "POST", "/api/shops/connect", body, 400, "invalid_shop_domain", message);
    }

    // ---------------------------------------------------------------- sign-up and log-in payloads

    static Stream<Case> signUps() {
        return Stream.of(
                signUp("sign-up: email without @", "merchant.example.com", PASSWORD, "invalid_email", NOT_AN_EMAIL),
                signUp("sign-up: email without domain", "someone@", PASSWORD, "invalid_email", NOT_AN_EMAIL),
                signUp("sign-up: email without name", "@example.com", PASSWORD, "invalid_email", NOT_AN_EMAIL),
                signUp("sign-up: email with a space", "some one@example.com", PASSWORD, "invalid_email", NOT_AN_EMAIL),
                signUp("sign-up: two @", "a@b@example.com", PASSWORD, "invalid_email", NOT_AN_EMAIL),
                signUp("sign-up: email of 300 characters", "a".repeat(290) + "@example.com", PASSWORD,
                        "invalid_email", NOT_AN_EMAIL),
                signUp("sign-up: empty email", "", PASSWORD, "invalid_email", NOT_AN_EMAIL),
                signUp("sign-up: email with a line break", "a@example.com\nBcc: b@example.com", PASSWORD,
                        "invalid_email", NOT_AN_EMAIL),
                signUp("sign-up: password of 11 characters", "new@example.com", "elevenchars", "weak_password",
                        "Use a password of at least 12 characters."),
                signUp("sign-up: empty password", "new@example.com", "", "weak_password",
                        "Use a password of at least 12 characters."),
                signUp("sign-up: one character repeated", "new@example.com", "qqqqqqqqqqqqqqqq", "weak_password",
                        "Use a password that is not one character repeated."),
                signUp("sign-up: password is the email", "new.person@example.com", "new.person@example.com",
                        "weak_password", "Use a password that is not your email address."),
                signUp("sign-up: password over 1024 bytes", "new@example.com", "é".repeat(513), "weak_password",
                        "Use a password of at most 1024 bytes."),
                signUp("sign-up: email already has an account", "merchant@example.com", "another sturdy password",
                        "signup_rejected", "No account could be created with this email and password. If you already"
                                + " have an account, log in."),
                api("sign-up: no password", "POST", "/api/auth/signup", "{\"email\":\"new@example.com\"}", 400,
                        "invalid_request", "Field 'password' is required."),
                api("sign-up: password is a number", "POST", "/api/auth/signup",
                        "{\"email\":\"new@example.com\",\"password\":123456789012}", 400, "invalid_request",
                        "Field 'password' must be a string."),
                api("sign-up: email is an object", "POST", "/api/auth/signup",
                        "{\"email\":{\"$ne\":null},\"password\":\"" + PASSWORD + "\"}", 400, "invalid_request",
                        "Field 'email' must be a string."),
                api("sign-up: extra role field", "POST", "/api/auth/signup",
                        "{\"email\":\"new@example.com\",\"password\":\"" + PASSWORD + "\",\"role\":\"admin\"}", 400,
                        "invalid_request", "Unknown field 'role'. " + EXPECTED_CREDENTIALS),
                api("sign-up: GET", "GET", "/api/auth/signup", null, 405, "method_not_allowed",
                        "This address accepts POST only."));
    }

    private static Case signUp(String name, String email, String password, String code, String message) {
        return new Case(name, () -> {
            if (password.length() >= PASSWORD_WORTH_WATCHING) {
                secrets.secret(password);
            }
            return server.browser(secrets::observe).signUp(email, password);
        }, 400, code, message);
    }

    static Stream<Case> logIns() {
        return Stream.of(
                anonymous("log-in: no password", "/api/auth/login", "{\"email\":\"merchant@example.com\"}",
                        "application/json", 400, "invalid_request", "Field 'password' is required."),
                anonymous("log-in: no email", "/api/auth/login", "{\"password\":\"" + PASSWORD + "\"}",
                        "application/json", 400, "invalid_request", "Field 'email' is required."),
                anonymous("log-in: password is true", "/api/auth/login",
                        "{\"email\":\"merchant@example.com\",\"password\":true}", "application/json", 400,
                        "invalid_request", "Field 'password' must be a string."),
                anonymous("log-in: email is an array", "/api/auth/login",
                        "{\"email\":[\"merchant@example.com\"],\"password\":\"x\"}", "application/json", 400,
                        "invalid_request", "Field 'email' must be a string."),
                anonymous("log-in: extra field", "/api/auth/login",
                        "{\"email\":\"merchant@example.com\",\"password\":\"x\",\"remember\":true}", "application/json",
                        400, "invalid_request", "Unknown field 'remember'. " + EXPECTED_CREDENTIALS),
                anonymous("log-in: form-encoded", "/api/auth/login", "email=merchant%40example.com&password=x",
                        "application/x-www-form-urlencoded", 415, "unsupported_media_type", JSON_ONLY),
                anonymous("log-in: text/plain", "/api/auth/login", "{\"email\":\"merchant@example.com\"}",
                        "text/plain", 415, "unsupported_media_type", JSON_ONLY),
                anonymous("log-in: empty body", "/api/auth/login", "", "application/json", 400, "invalid_json",
                        "The request body is empty; send a JSON object."),
                anonymous("log-in: a JSON array", "/api/auth/login", "[\"merchant@example.com\",\"x\"]",
                        "application/json", 400, "invalid_json", "The request body must be a JSON object."),
                anonymous("log-in: from another site", "/api/auth/login",
                        "{\"email\":\"a@example.com\",\"password\":\"x\"}",
                        "application/json", 403, "cross_site_request", CROSS_SITE, "Origin",
                        "https://evil.example.com"),
                anonymous("log-in: cross-site fetch", "/api/auth/login",
                        "{\"email\":\"a@example.com\",\"password\":\"x\"}",
                        "application/json", 403, "cross_site_request", CROSS_SITE, "Sec-Fetch-Site", "cross-site"));
    }

    private static Case anonymous(String name, String path, String body, String contentType, int status, String code,
            String message, String... headers) {
        return new Case(name, () -> {
            Browser browser = server.browser(secrets::observe);
            HttpRequest.Builder request = browser.request(path).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return browser.send(request);
        }, status, code, message);
    }

    // ---------------------------------------------------------------- session tokens, cookies, CSRF

    static Stream<Case> sessions() {
        Algorithm key = Algorithm.HMAC256(TestServer.JWT_SECRET);
        Instant now = TestServer.START;
        Supplier<com.auth0.jwt.JWTCreator.Builder> claims = () -> JWT.create().withIssuer(ISSUER)
                .withAudience(AUDIENCE).withSubject(Long.toString(userId)).withClaim("sid", sessionOf(validToken))
                .withIssuedAt(now).withExpiresAt(now.plusSeconds(1800));
        return Stream.of(
                session("session: no cookie", () -> null),
                session("session: empty cookie", () -> ""),
                session("session: not a JWT", () -> "not-a-jwt"),
                session("session: alg none", () -> unsigned(validToken, "{\"alg\":\"none\",\"typ\":\"JWT\"}")),
                session("session: HS512 with the right key",
                        () -> claims.get().sign(Algorithm.HMAC512(TestServer.JWT_SECRET))),
                session("session: signed with another key", () -> claims.get().sign(Algorithm.HMAC256(
                        "another-secret-that-is-long-enough-0123456789"))),
                session("session: another issuer", () -> claims.get().withIssuer("https://evil.example.com").sign(key)),
                session("session: another audience",
                        () -> claims.get().withAudience("https://evil.example.com").sign(key)),
                session("session: expired", () -> claims.get().withIssuedAt(now.minusSeconds(3600))
                        .withExpiresAt(now.minusSeconds(1)).sign(key)),
                session("session: issued in the future", () -> claims.get().withIssuedAt(now.plusSeconds(3600))
                        .withExpiresAt(now.plusSeconds(5400)).sign(key)),
                session("session: payload changed, signature kept", () -> swapPayload(validToken,
                        "{\"sub\":\"999\",\"sid\":\"" + sessionOf(validToken) + "\"}")),
                session("session: signature removed", () -> validToken.substring(0, validToken.lastIndexOf('.') + 1)),
                session("session: last signature byte changed", () -> validToken.substring(0, validToken.length() - 2)
                        + (validToken.endsWith("AA") ? "BB" : "AA")),
                session("session: unknown session id", () -> claims.get().withClaim("sid", UUID.randomUUID().toString())
                        .sign(key)),
                session("session: session id not a UUID", () -> claims.get().withClaim("sid", "1 or 1=1").sign(key)),
                session("session: user id not a number", () -> claims.get().withSubject("admin").sign(key)),
                session("session: another user with this session", () -> claims.get().withSubject(
                        Long.toString(userId + 1)).sign(key)),
                session("session: no session id", () -> JWT.create().withIssuer(ISSUER).withAudience(AUDIENCE)
                        .withSubject(Long.toString(userId)).withIssuedAt(now).withExpiresAt(now.plusSeconds(1800))
                        .sign(key)),
                session("session: logged out", () -> revokedToken),
                session("session: 3,000 characters", () -> validToken + "x".repeat(3000)),
                new Case("session: token as a bearer header instead of the cookie", () -> {
                    Browser browser = server.browser(secrets::observe);
                    return browser.send(browser.request("/api/me").header("Authorization",
                            "Bearer " + validToken).GET());
                }, 401, "unauthenticated", UNAUTHENTICATED),
                csrf("CSRF: no token", null, 403, "csrf_token_invalid", CSRF),
                csrf("CSRF: wrong token", "wrong", 403, "csrf_token_invalid", CSRF),
                csrf("CSRF: another session's token", otherCsrf, 403, "csrf_token_invalid", CSRF),
                api("CSRF: from another site", "POST", "/api/shops/connect", "{\"shop\":\"demo\"}", 403,
                        "cross_site_request", CROSS_SITE, "Origin", "https://evil.example.com"),
                api("CSRF: from a null origin", "POST", "/api/shops/connect", "{\"shop\":\"demo\"}", 403,
                        "cross_site_request", CROSS_SITE, "Origin", "null"));
    }

    private static Case session(String name, Supplier<String> token) {
        return new Case(name, () -> {
            Browser browser = server.browser(secrets::observe);
            HttpRequest.Builder request = browser.request("/api/me").GET();
            String value = token.get();
            if (value != null) {
                request.header("Cookie", "session=" + value);
            }
            return browser.send(request);
        }, 401, "unauthenticated", UNAUTHENTICATED);
    }

    private static Case csrf(String name, String token, int status, String code, String message) {
        return new Case(name, () -> {
            HttpRequest.Builder request = user.request("/api/shops/connect").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"shop\":\"demo\"}"));
            if (token != null) {
                request.header("X-CSRF-Token", token);
            }
            return user.send(request);
        }, status, code, message);
    }

    private static String sessionOf(String token) {
        return JWT.decode(token).getClaim("sid").asString();
    }

    private static String unsigned(String token, String header) {
        String[] parts = token.split("\\.");
        return base64Url(header) + "." + parts[1] + ".";
    }

    private static String swapPayload(String token, String payload) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + base64Url(payload) + "." + parts[2];
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- dates, granularities, limits

    static Stream<Case> insights() {
        return Stream.of(
                insight("dates: month 13", "summary?from=2026-13-01&to=2026-11-01", "invalid_date_range",
                        "'from' must be a day such as 2026-03-01, not '2026-13-01'."),
                insight("dates: 30 February", "summary?from=2026-02-30&to=2026-03-10", "invalid_date_range",
                        "'from' must be a day such as 2026-03-01, not '2026-02-30'."),
                insight("dates: a word", "summary?from=yesterday", "invalid_date_range",
                        "'from' must be a day such as 2026-03-01, not 'yesterday'."),
                insight("dates: no leading zeros", "summary?to=2026-3-1", "invalid_date_range",
                        "'to' must be a day such as 2026-03-01, not '2026-3-1'."),
                insight("dates: with a time", "summary?from=2026-03-01T00:00:00Z", "invalid_date_range",
                        "'from' must be a day such as 2026-03-01, not '2026-03-01T00:00:00Z'."),
                insight("dates: from after to", "summary?from=2026-03-10&to=2026-03-01", "invalid_date_range",
                        "from (2026-03-10) is after to (2026-03-01)."),
                insight("dates: over 731 days", "summary?from=2020-01-01&to=2026-10-01", "invalid_date_range",
                        "The range 2020-01-01 to 2026-10-01 spans 2466 days; at most 731 are allowed."
                                + " Ask for a shorter range."),
                insight("dates: year 999999999", "series?from=2026-01-01&to=%2B999999999-12-31", "invalid_date_range",
                        "The range 2026-01-01 to +999999999-12-31 spans 365241760018 days; at most 731 are allowed."
                        + " Ask for a shorter range."),
                insight("dates: year -999999999", "top-customers?from=-999999999-01-01&to=2026-01-01",
                        "invalid_date_range",
                        "The range -999999999-01-01 to 2026-01-01 spans 365243239617 days; at most 731 are allowed."
                        + " Ask for a shorter range."),
                insight("dates: year 10000 without its sign", "summary?to=10000-01-01", "invalid_date_range",
                        "'to' must be a day such as 2026-03-01, not '10000-01-01'."),
                insight("granularity: hour", "series?granularity=hour", "invalid_granularity",
                        "Unknown granularity 'hour'. Use day, week or month."),
                insight("granularity: SQL", "series?granularity=day'%20or%20'1'='1", "invalid_granularity",
                        "Unknown granularity 'day' or '1'='1'. Use day, week or month."),
                insight("granularity: 300 characters", "series?granularity=" + "w".repeat(300), "invalid_granularity",
                        "Unknown granularity '" + "w".repeat(300) + "'. Use day, week or month."),
                insight("limit: 0", "top-customers?limit=0", "invalid_limit", "limit must be from 1 to 100, not 0."),
                insight("limit: 101", "top-products?limit=101", "invalid_limit",
                        "limit must be from 1 to 100, not 101."),
                insight("limit: -1", "top-customers?limit=-1", "invalid_limit", "limit must be from 1 to 100, not -1."),
                insight("limit: a word", "top-products?limit=ten", "invalid_limit",
                        "limit must be a whole number from 1 to 100."),
                insight("limit: exponent", "top-customers?limit=1e2", "invalid_limit",
                        "limit must be a whole number from 1 to 100."),
                insight("limit: beyond a long", "top-customers?limit=99999999999999999999999", "invalid_limit",
                        "limit must be a whole number from 1 to 100."),
                insight("limit: fraction", "top-products?limit=2.5", "invalid_limit",
                        "limit must be a whole number from 1 to 100."),
                insight("ranking: by price", "top-products?by=price", "bad_request",
                        "Unknown ranking 'price'. Use revenue or units."),
                new Case("shop id: not a number", () -> user.get("/api/shops/abc/insights/summary"), 404, "not_found",
                        NO_SHOP),
                new Case("shop id: beyond a long", () -> user.get("/api/shops/99999999999999999999/insights/summary"),
                        404, "not_found", NO_SHOP),
                new Case("shop id: negative", () -> user.get("/api/shops/-1/insights/summary"), 404, "not_found",
                        NO_SHOP),
                new Case("unknown insight", () -> user.get("/api/shops/" + shopId + "/insights/everything"), 404,
                        "not_found", NOTHING_HERE));
    }

    private static Case insight(String name, String pathAndQuery, String code, String message) {
        return new Case(name, () -> user.get("/api/shops/" + shopId + "/insights/" + pathAndQuery), 400, code, message);
    }

    // ---------------------------------------------------------------- JSON bodies

    static Stream<Case> json() {
        return Stream.of(
                raw("JSON: ends too early", bytes("{\"shop\":\"demo"), 400, "invalid_json",
                        notJson(": it ends too early at line 1, column 14")),
                raw("JSON: missing closing brace", bytes("{\"shop\":\"demo\""), 400, "invalid_json",
                        notJson(": it ends too early at line 1, column 15")),
                raw("JSON: single quotes", bytes("{'shop':'demo'}"), 400, "invalid_json",
                        notJson(": unexpected content at line 1, column 2")),
                raw("JSON: trailing comma", bytes("{\"shop\":\"demo\",}"), 400, "invalid_json",
                        notJson(": unexpected content at line 1, column 16")),
                raw("JSON: a field twice", bytes("{\"shop\":\"demo\",\"shop\":\"evil\"}"), 400, "invalid_json",
                        notJson(": a field appears twice at line 1, column 22")),
                raw("JSON: comment", bytes("{/* hi */\"shop\":\"demo\"}"), 400, "invalid_json",
                        notJson(": unexpected content at line 1, column 2")),
                raw("JSON: NaN", bytes("{\"shop\":NaN}"), 400, "invalid_json",
                        notJson(": unexpected content at line 1, column 12")),
                raw("JSON: a string", bytes("\"demo\""), 400, "invalid_json",
                        "The request body must be a JSON object."),
                raw("JSON: null", bytes("null"), 400, "invalid_json", "The request body must be a JSON object."),
                raw("JSON: a number", bytes("42"), 400, "invalid_json", "The request body must be a JSON object."),
                raw("JSON: whitespace only", bytes("   \n "), 400, "invalid_json",
                        "The request body must be a JSON object."),
                raw("JSON: two objects", bytes("{\"shop\":\"a\"}{\"shop\":\"b\"}"), 400, "invalid_json",
                        notJson(": more content follows the JSON object at line 1, column 13")),
                raw("JSON: 10,000 nested arrays", nested(10_000), 400, "invalid_json",
                        notJson(": it nests arrays and objects more than 1000 levels deep")),
                raw("JSON: 10,000 nested objects", bytes("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)), 400,
                        "invalid_json", notJson(": it nests arrays and objects more than 1000 levels deep")),
                raw("JSON: 100,000 nested arrays as a field", bytes("{\"shop\":" + "[".repeat(100_000)), 400,
                        "invalid_json", notJson(": it nests arrays and objects more than 1000 levels deep")),
                raw("JSON: huge exponent", bytes("{\"shop\":1e999999999}"), 400, "invalid_request",
                        "Field 'shop' must be a string."),
                raw("JSON: number of 5,000 digits", bytes("{\"shop\":" + "9".repeat(5_000) + "}"), 400,
                        "invalid_json", notJson(": a number has more than 1000 characters")),
                raw("JSON: string of 900,000 characters", bytes("{\"shop\":\"" + "a".repeat(900_000) + "\"}"), 400,
                        "invalid_shop_domain",
                        "'" + "a".repeat(80) + "...' has a store name that is longer than 63 characters. "
                                + ADDRESS_HINT),
                raw("JSON: invalid UTF-8 byte", concat(bytes("{\"shop\":\"de"), new byte[] {(byte) 0xFF},
                        bytes("mo\"}")), 400, "invalid_json", notUtf8(12)),
                raw("JSON: overlong UTF-8 for '/'", concat(bytes("{\"shop\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF},
                        bytes("\"}")), 400, "invalid_json", notUtf8(10)),
                raw("JSON: UTF-8 cut in the middle", concat(bytes("{\"shop\":\"d"), new byte[] {(byte) 0xE2,
                        (byte) 0x82}, bytes("\"}")), 400, "invalid_json", notUtf8(11)),
                raw("JSON: a lone surrogate in UTF-8", concat(bytes("{\"shop\":\"d"), new byte[] {(byte) 0xED,
                        (byte) 0xA0, (byte) 0x80}, bytes("\"}")), 400, "invalid_json", notUtf8(11)),
                raw("JSON: UTF-16", "{\"shop\":\"demo\"}".getBytes(StandardCharsets.UTF_16LE), 400, "invalid_json",
                        notJson(": unexpected content at line 1, column 3")),
                raw("JSON: raw control character in a string", bytes("{\"shop\":\"de\u0001mo\"}"), 400,
                        "invalid_json", notJson(": unexpected content at line 1, column 12")),
                raw("JSON: body over 1 MiB", bytes("{\"shop\":\"" + "a".repeat(1024 * 1024) + "\"}"), 413,
                        "payload_too_large", TOO_LARGE));
    }

    private static Case raw(String name, byte[] body, int status, String code, String message) {
        return new Case(name, () -> user.send(user.request("/api/shops/connect")
                .header("Content-Type", "application/json")
                .header("X-CSRF-Token", user.cookie("csrf").orElseThrow())
                // A body over the limit asks first (Expect: 100-continue, as curl does for large
                // bodies): the server refuses by its length before the body is sent. Without it the
                // 413 races the server's close against the client still sending, and the client may
                // see a reset instead.
                .expectContinue(body.length > 1024 * 1024)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))), status, code, message);
    }

    private static Case api(String name, String method, String path, String body, int status, String code,
            String message, String... headers) {
        return new Case(name, () -> {
            HttpRequest.Builder request = user.request(path);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .header("X-CSRF-Token", user.cookie("csrf").orElseThrow());
            }
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            return user.send(request);
        }, status, code, message);
    }

    private static String notCanonical(String domain) {
        return "Webhook header X-Shopify-Shop-Domain is not a canonical *.myshopify.com domain: '" + domain + "'.";
    }

    private static String mismatch(String bodyShop) {
        return "Webhook header X-Shopify-Shop-Domain says " + SHOP + " but the signed body's shop_domain says "
                + bodyShop + "; the delivery may be a replay under another shop's name.";
    }

    private static String notUtf8Payload(String topic, int position) {
        return "The " + topic + " payload for " + SHOP + " is not valid UTF-8 JSON: byte " + position
                + " does not start a character.";
    }

    private static String notAStore(String typed) {
        return "'" + typed + "' is not a Shopify store address: the host must be <name>.myshopify.com or"
                + " admin.shopify.com. " + ADDRESS_HINT;
    }

    private static String notJson(String where) {
        return "The request body is not valid JSON" + where + ".";
    }

    private static String notUtf8(int position) {
        return "The request body is not valid UTF-8: byte " + position + " does not start a character.";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] nested(int depth) {
        return bytes("[".repeat(depth) + "]".repeat(depth));
    }

    private static byte[] invalidUtf8Shop() {
        return concat(bytes("{\"shop_id\":1,\"shop_domain\":\"" + SHOP.substring(0, 3)), new byte[] {(byte) 0xFF},
                bytes(SHOP.substring(3) + "\"}"));
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
