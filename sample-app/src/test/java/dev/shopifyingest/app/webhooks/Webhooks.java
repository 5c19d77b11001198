package dev.shopifyingest.app.webhooks;

import dev.shopifyingest.app.Backend;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.shops.Memberships;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.jdbc.PostgresStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/** Test helpers: signed deliveries as Shopify sends them, and shops registered without OAuth. */
public final class Webhooks {

    /** The client secret of {@link TestServer#config()}. */
    public static final String SECRET = "test-api-secret";

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Webhooks() {
    }

    /** The base64 HMAC-SHA256 of the body under a secret. */
    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The store of the test database, as the app builds it. */
    public static PostgresStore store(DataSource dataSource) {
        return Backend.create(TestServer.config(), dataSource, ShopBaseUrl.https(), Clock.systemUTC()).store();
    }

    /** Registers a shop and makes the user a member; returns its id. */
    public static long registerShop(DataSource dataSource, String domain, long memberUserId) {
        long shopId = store(dataSource).shops()
                .register(new AccessToken(new ShopDomain(domain), "shpat_test", Set.of("read_orders"), null, null, null))
                .shopId();
        new Memberships(dataSource, Clock.systemUTC()).add(memberUserId, shopId);
        return shopId;
    }

    /** Posts a delivery with the given headers (the HMAC among them or not). */
    public static HttpResponse<String> post(URI server, Map<String, String> headers, byte[] body) {
        return post(server, headers, body, false);
    }

    /** Posts a delivery, optionally asking the server to accept its length before the body is sent. */
    public static HttpResponse<String> post(URI server, Map<String, String> headers, byte[] body,
                                            boolean expectContinue) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/webhooks/shopify"))
                .expectContinue(expectContinue)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The headers of a signed delivery. */
    public static Map<String, String> signed(String topic, String shop, String webhookId, byte[] body) {
        return Map.of("X-Shopify-Topic", topic, "X-Shopify-Shop-Domain", shop, "X-Shopify-Webhook-Id", webhookId,
                "X-Shopify-Hmac-Sha256", sign(body, SECRET), "X-Shopify-API-Version", "2026-10");
    }
}
