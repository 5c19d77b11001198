package dev.shopifyingest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.config.ConfigException;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Start-up as {@code main} does it: configuration, database, migrations, server, demo. */
class MainTest {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    @TempDir
    Path workingDirectory;

    @TempDir
    Path home;

    private final ByteArrayOutputStream banner = new ByteArrayOutputStream();

    private Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("SHOPIFY_API_KEY", "key");
        env.put("SHOPIFY_API_SECRET", "shpss_secret-value");
        env.put("APP_URL", "http://localhost:8080");
        env.put("JWT_SECRET", "jwt-secret-of-more-than-32-bytes-0123456789");
        env.put("TOKEN_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        env.put("PORT", "0");
        return env;
    }

    private Main.Running start(Map<String, String> env, String... args) {
        return Main.start(List.of(args), env, workingDirectory, home, new PrintStream(banner, true, StandardCharsets.UTF_8));
    }

    @Test
    void aMissingSecretOutsideDemoModeStopsStartUpNamingIt() {
        Map<String, String> env = complete();
        env.remove("JWT_SECRET");

        assertThatThrownBy(() -> start(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing: JWT_SECRET.")
                .hasMessageNotContaining("shpss_secret-value");
        assertThat(home.resolve(".shopify-ingest")).as("nothing was started").doesNotExist();
    }

    @Test
    void aWebhookRetentionShorterThanShopifysRetriesStopsStartUpNamingIt() {
        Map<String, String> env = complete();
        env.put("WEBHOOK_RETENTION_DAYS", "1");

        assertThatThrownBy(() -> start(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("WEBHOOK_RETENTION_DAYS must be a whole number of days, at least 3");
        assertThat(home.resolve(".shopify-ingest")).as("nothing was started").doesNotExist();
    }

    @Test
    void startsOnAnExternalDatabaseAndMigratesIt() throws IOException {
        Map<String, String> env = complete();
        Files.writeString(workingDirectory.resolve(".env"), "DATABASE_URL=" + db.jdbcUrl() + "\nDATABASE_USER="
                + db.user() + "\nDATABASE_PASSWORD=" + db.password() + "\n");

        try (Main.Running app = start(env)) {
            Browser browser = new Browser(URI.create("http://127.0.0.1:" + app.server().port()));

            assertThat(browser.signUp("main@example.com", "a long enough password").status()).isEqualTo(201);
            assertThat(browser.get("/health/ready").status()).isEqualTo(200);
        }
        assertThat(banner.toString(StandardCharsets.UTF_8)).contains("Open:      http://localhost:8080/")
                .doesNotContain(db.password().isEmpty() ? "\u0000" : db.password());
    }

    @Test
    void demoModeComesUpWithItsOwnDatabaseAndShopifyAndServesTheApp() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        try (Main.Running app = start(Map.of("PORT", Integer.toString(port)), "--demo")) {
            Browser browser = new Browser(URI.create("http://127.0.0.1:" + port));

            Reply index = browser.get("/");
            assertThat(index.status()).isEqualTo(200);
            assertThat(index.body()).contains("shopify-ingest");
            assertThat(browser.signUp("demo@example.com", "a long enough password").status()).isEqualTo(201);
            assertThat(browser.me().json().path("user").path("email").asText()).isEqualTo("demo@example.com");
        }
        assertThat(banner.toString(StandardCharsets.UTF_8))
                .contains("(demo mode) is running")
                .contains("Open:      http://localhost:" + port + "/")
                .contains("FakeShopify at http://127.0.0.1:")
                .contains("demo-store.myshopify.com");
    }
}
