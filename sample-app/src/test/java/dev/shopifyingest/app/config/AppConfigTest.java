package dev.shopifyingest.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    private static final String JWT_SECRET = "jwt-secret-of-more-than-32-bytes-0123456789";
    private static final String ENCRYPTION_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String API_SECRET = "shpss_do-not-print-me";

    @TempDir
    Path workingDirectory;

    @TempDir
    Path home;

    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("SHOPIFY_API_KEY", "key");
        env.put("SHOPIFY_API_SECRET", API_SECRET);
        env.put("APP_URL", "https://app.example.com/");
        env.put("JWT_SECRET", JWT_SECRET);
        env.put("TOKEN_ENCRYPTION_KEY", ENCRYPTION_KEY);
        return env;
    }

    private AppConfig load(Map<String, String> env, String... args) {
        return AppConfig.load(env, workingDirectory, home, List.of(args));
    }

    @Test
    void readsACompleteConfiguration() {
        Map<String, String> env = complete();
        env.put("PORT", "9000");
        env.put("DATABASE_URL", "jdbc:postgresql://db:5432/shop?sslmode=require&password=in-url");
        env.put("DATABASE_USER", "app");
        env.put("DATABASE_PASSWORD", "db-password");

        AppConfig config = load(env);

        assertThat(config.appUrl()).isEqualTo(URI.create("https://app.example.com"));
        assertThat(config.appOrigin()).isEqualTo("https://app.example.com");
        assertThat(config.httpsOnly()).isTrue();
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.demoMode()).isFalse();
        assertThat(config.shopifyApiKey()).isEqualTo("key");
        assertThat(config.shopifyApiSecret().text()).isEqualTo(API_SECRET);
        assertThat(config.tokenEncryptionKey().bytes()).hasSize(32);
        assertThat(config.database()).isInstanceOfSatisfying(DatabaseTarget.External.class, external -> {
            assertThat(external.user()).isEqualTo("app");
            assertThat(external.password().text()).isEqualTo("db-password");
        });
    }

    @Test
    void readsThePreviousClientSecretAndAnAdminUrlForAFakeShopify() {
        Map<String, String> env = complete();
        env.put("SHOPIFY_API_SECRET_PREVIOUS", "shpss_the-old-one");
        env.put("SHOPIFY_ADMIN_URL", "http://127.0.0.1:8443/");

        AppConfig config = load(env);

        assertThat(config.previousShopifyApiSecret().text()).isEqualTo("shpss_the-old-one");
        assertThat(config.shopifyAdminUrl()).isEqualTo(URI.create("http://127.0.0.1:8443"));
        assertThat(config.toString()).doesNotContain("shpss_the-old-one");
    }

    @Test
    void withoutThemThereIsNoPreviousSecretAndShopifyIsReal() {
        AppConfig config = load(complete());

        assertThat(config.previousShopifyApiSecret()).isNull();
        assertThat(config.shopifyAdminUrl()).isNull();
    }

    @Test
    void theApiVersionDefaultsToTheTestedOneAndCanBeChosen() {
        assertThat(load(complete()).shopifyApiVersion()).isEqualTo("2026-10");

        Map<String, String> env = complete();
        env.put("SHOPIFY_API_VERSION", "2027-01");
        assertThat(load(env).shopifyApiVersion()).isEqualTo("2027-01");
    }

    @Test
    void anApiVersionShopifyNeverReleasesIsRefusedByName() {
        Map<String, String> env = complete();
        env.put("SHOPIFY_API_VERSION", "2026-11");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SHOPIFY_API_VERSION must be a Shopify API version such as 2026-10");
    }

    @Test
    void anAdminUrlThatIsNotHttpIsRefusedByName() {
        Map<String, String> env = complete();
        env.put("SHOPIFY_ADMIN_URL", "ftp://fake");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SHOPIFY_ADMIN_URL must be an http:// or https:// URL");
    }

    @Test
    void withoutDatabaseUrlUsesADurableEmbeddedDatabaseUnderTheHome() {
        AppConfig config = load(complete());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.database()).isEqualTo(
                new DatabaseTarget.EmbeddedDurable(home.resolve(".shopify-ingest").resolve("postgres-data")));
    }

    @Test
    void aMissingSecretStopsStartUpNamingEveryMissingVariable() {
        Map<String, String> env = complete();
        env.remove("JWT_SECRET");
        env.remove("TOKEN_ENCRYPTION_KEY");
        env.put("APP_URL", "   ");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing: APP_URL, JWT_SECRET, TOKEN_ENCRYPTION_KEY.")
                .hasMessageContaining("--demo")
                .hasMessageNotContaining(API_SECRET);
    }

    @Test
    void invalidValuesAreNamedWithoutTheirValues() {
        Map<String, String> env = complete();
        env.put("JWT_SECRET", "too-short-secret");
        env.put("TOKEN_ENCRYPTION_KEY", "bm90LTMyLWJ5dGVz");
        env.put("PORT", "eighty");
        env.put("APP_URL", "ftp://files.example.com");
        env.put("DATABASE_URL", "postgres://user:pw@db/shop");

        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("JWT_SECRET must be at least 32 bytes")
                .hasMessageContaining("TOKEN_ENCRYPTION_KEY must be 32 random bytes in base64")
                .hasMessageContaining("PORT must be a number")
                .hasMessageContaining("APP_URL must be an http:// or https:// URL")
                .hasMessageContaining("DATABASE_URL must be a JDBC URL")
                .hasMessageNotContaining("too-short-secret")
                .hasMessageNotContaining("bm90LTMyLWJ5dGVz")
                .hasMessageNotContaining("user:pw");
    }

    @Test
    void readsDotEnvInTheWorkingDirectoryAndTheEnvironmentWins() throws IOException {
        Files.writeString(workingDirectory.resolve(".env"), """
                SHOPIFY_API_KEY=from-dotenv
                SHOPIFY_API_SECRET=secret-from-dotenv
                APP_URL=http://localhost:3000
                JWT_SECRET=%s
                TOKEN_ENCRYPTION_KEY=%s
                PORT=3000
                """.formatted(JWT_SECRET, ENCRYPTION_KEY));

        AppConfig config = load(Map.of("SHOPIFY_API_KEY", "from-environment", "PORT", ""));

        assertThat(config.shopifyApiKey()).isEqualTo("from-environment");
        assertThat(config.shopifyApiSecret().text()).isEqualTo("secret-from-dotenv");
        assertThat(config.port()).as("an empty variable counts as unset").isEqualTo(3000);
        assertThat(config.httpsOnly()).isFalse();
    }

    @Test
    void demoModeGeneratesWhatIsMissingAndUsesATemporaryDatabase() {
        AppConfig fromArgument = load(Map.of(), "--demo");
        AppConfig fromVariable = load(Map.of("DEMO_MODE", "true", "PORT", "8181"));

        assertThat(fromArgument.demoMode()).isTrue();
        assertThat(fromArgument.appUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(fromArgument.jwtSecret().length()).isGreaterThanOrEqualTo(32);
        assertThat(fromArgument.tokenEncryptionKey().length()).isEqualTo(32);
        assertThat(fromArgument.database()).isEqualTo(new DatabaseTarget.EmbeddedEphemeral());
        assertThat(fromVariable.appUrl()).isEqualTo(URI.create("http://localhost:8181"));
        assertThat(fromVariable.jwtSecret()).as("generated per run").isNotEqualTo(fromArgument.jwtSecret());
    }

    @Test
    void demoModeNeverUsesARealShopifyAppsCredentials() {
        AppConfig config = load(complete(), "--demo");

        assertThat(config.shopifyApiKey()).startsWith("demo-");
        assertThat(config.shopifyApiSecret().text()).isNotEqualTo(API_SECRET);
        assertThat(config.jwtSecret().text()).as("configured secrets are kept").isEqualTo(JWT_SECRET);
    }

    @Test
    void rejectsUnknownArgumentsAndUnclearFlags() {
        assertThatThrownBy(() -> load(complete(), "--verbose")).hasMessageContaining("Unknown argument '--verbose'");
        assertThatThrownBy(() -> load(Map.of("DEMO_MODE", "maybe"))).hasMessageContaining("DEMO_MODE must be true or false");
    }

    @Test
    void printingTheConfigurationNeverShowsASecret() {
        Map<String, String> env = complete();
        env.put("DATABASE_URL", "jdbc:postgresql://db/shop?password=url-password");
        env.put("DATABASE_PASSWORD", "db-password");

        String printed = load(env).toString();

        assertThat(printed).doesNotContain(API_SECRET, JWT_SECRET, ENCRYPTION_KEY, "url-password", "db-password")
                .contains("[redacted]");
    }
}
