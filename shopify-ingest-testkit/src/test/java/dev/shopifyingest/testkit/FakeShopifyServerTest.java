package dev.shopifyingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FakeShopifyServerTest {

    @Test
    void runStartsAFakeAndPrintsHowToReachIt() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (FakeShopify fake = FakeShopifyServer.run(new String[] {"--port", "0", "--orders", "25", "--seed", "7",
                "--shop", "other-shop.myshopify.com", "--client-id", "my-app", "--client-secret=s3cret"},
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String out = printed.toString(StandardCharsets.UTF_8);

            assertThat(out).contains("base URL:      " + fake.baseUrl(), "shop:          other-shop.myshopify.com",
                    "client id:     my-app", "client secret: s3cret", "admin token:   " + fake.adminToken(),
                    "orders:        25");
            assertThat(fake.store().fixture().seed()).isEqualTo(7);
            HttpResponse<String> scopes = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(fake.baseUrl() + "/admin/oauth/access_scopes.json"))
                    .header("X-Shopify-Access-Token", fake.adminToken()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scopes.statusCode()).isEqualTo(200);
            assertThat(scopes.body()).contains("read_all_orders");
        }
    }

    @Test
    void anUnknownOptionOrABadNumberIsRefusedWithItsName() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FakeShopifyServer.run(new String[] {"--prot", "80"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--prot");
        assertThatThrownBy(() -> FakeShopifyServer.run(new String[] {"--orders", "many"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--orders");
    }
}
