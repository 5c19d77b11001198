package dev.shopifyingest.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A merchant using an app over HTTP as a browser does: signs up, then connects the FakeShopify
 * store through the real OAuth redirects (the app's authorize URL, the merchant's approval on
 * the fake, the callback), which starts the shop's first sync.
 */
final class Merchant {

    private static final HttpClient SHOPIFY = HttpClient.newHttpClient();

    private Merchant() {
    }

    /**
     * Signs up a new account and connects a shop.
     *
     * @param app    the app's base URL
     * @param email  the new account's email
     * @param domain the shop's {@code *.myshopify.com} domain
     * @return the connected shop's id
     */
    static long signUpAndConnect(URI app, String email, String domain) {
        Browser browser = new Browser(app);
        assertThat(browser.signUp(email, "correct horse battery").status()).isEqualTo(201);
        Reply connect = browser.postJson("/api/shops/connect", "{\"shop\":\"" + domain + "\"}");
        assertThat(connect.status()).as(connect.body()).isEqualTo(200);
        URI callback = approve(URI.create(connect.json().path("authorizeUrl").asText()));
        // The callback exchanges the code, reads the shop and subscribes webhooks before answering;
        // the fake's first GraphQL answer waits for its schema, slow on a loaded machine.
        Reply back = browser.send(browser.request(callback.getRawPath() + "?" + callback.getRawQuery())
                .timeout(Duration.ofMinutes(3)).GET());
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.header("Location")).hasValue("/shops?connected=" + domain);
        return browser.get("/api/shops").json().path("shops").get(0).path("id").asLong();
    }

    /** The merchant approves on (fake) Shopify, which redirects to the app's callback. */
    private static URI approve(URI authorizeUrl) {
        try {
            HttpResponse<String> approval = SHOPIFY.send(HttpRequest.newBuilder(authorizeUrl).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(approval.statusCode()).isEqualTo(302);
            return URI.create(approval.headers().firstValue("Location").orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
