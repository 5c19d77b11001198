package dev.shopifyingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged {@code target/fake-shopify.jar} starts with {@code java -jar} and serves what it prints. */
class FakeShopifyJarIT {

    @Test
    void theJarStartsPrintsItsCredentialsAndServes() throws Exception {
        Path jar = Path.of("target", "fake-shopify.jar");
        assertThat(jar).exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0", "--orders", "50")
                .redirectErrorStream(true).start();
        try {
            // Read the banner on another thread, so a jar that never prints fails by the deadline.
            CompletableFuture<Map<String, String>> banner = CompletableFuture.supplyAsync(() -> readBanner(process));
            Map<String, String> printed = banner.get(60, TimeUnit.SECONDS);

            assertThat(printed).containsKeys("base URL", "shop", "client id", "client secret", "admin token");
            assertThat(printed.get("shop")).isEqualTo("demo-store.myshopify.com");
            HttpResponse<String> scopes = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(printed.get("base URL") + "/admin/oauth/access_scopes.json"))
                    .header("X-Shopify-Access-Token", printed.get("admin token")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scopes.statusCode()).isEqualTo(200);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(Files.size(jar)).isPositive();
    }

    private static Map<String, String> readBanner(Process process) {
        Map<String, String> values = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("Stop it with")) {
                int colon = line.indexOf(':');
                if (line.startsWith("  ") && colon > 0) {
                    values.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return values;
    }
}
