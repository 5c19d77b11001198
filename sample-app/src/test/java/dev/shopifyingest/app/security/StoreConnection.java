package dev.shopifyingest.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Connects a store as a merchant does, over real HTTP: the app's authorize URL, the (fake)
 * Shopify's approval redirect, the app's callback; then waits, with a deadline, for the first sync
 * to end. The OAuth code of the callback is declared to the {@link SecretsWatch}.
 */
final class StoreConnection {

    private StoreConnection() {
    }

    /**
     * Connects a store and waits until it is {@code connected}.
     *
     * @param browser the merchant's signed-in browser
     * @param typed   the store as the merchant types it
     * @param domain  its canonical domain
     * @param secrets the watch the OAuth code is declared to
     * @return the shop's id
     */
    static long connect(Browser browser, String typed, String domain, SecretsWatch secrets) throws Exception {
        Reply connect = browser.postJson("/api/shops/connect", "{\"shop\":\"" + typed + "\"}");
        assertThat(connect.status()).isEqualTo(200);
        HttpResponse<String> approval = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(connect.json().path("authorizeUrl").asText())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approval.statusCode()).isEqualTo(302);
        URI location = URI.create(approval.headers().firstValue("Location").orElseThrow());
        for (String parameter : location.getRawQuery().split("&")) {
            if (parameter.startsWith("code=")) {
                secrets.secret(URLDecoder.decode(parameter.substring(5), StandardCharsets.UTF_8));
            }
        }
        Reply back = browser.send(browser.request(location.getRawPath() + "?" + location.getRawQuery()).GET());
        assertThat(back.header("Location")).hasValue("/shops?connected=" + domain);
        String id = null;
        for (JsonNode shop : browser.get("/api/shops").json().path("shops")) {
            if (shop.path("domain").asText().equals(domain)) {
                id = shop.path("id").asText();
            }
        }
        assertThat(id).as("the connected shop in the list").isNotNull();
        Instant deadline = Instant.now().plusSeconds(90);
        while (!"connected".equals(browser.get("/api/shops/" + id).json().path("status").asText())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100); // polling interval of a loop bounded by the deadline
        }
        assertThat(browser.get("/api/shops/" + id).json().path("status").asText()).isEqualTo("connected");
        return Long.parseLong(id);
    }
}
