package dev.shopifyingest.app;

import dev.shopifyingest.app.auth.LoginLimits;
import dev.shopifyingest.app.config.AppConfig;
import dev.shopifyingest.app.config.DatabaseTarget;
import dev.shopifyingest.app.config.Secret;
import dev.shopifyingest.app.database.AppMigrations;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The real app server on a free port, over a test class's own PostgreSQL database, with a clock
 * the test controls. Tests talk to it over real HTTP through {@link Browser}.
 */
public final class TestServer implements AutoCloseable {

    /** The session-token key every test server uses, so tests can forge tokens with it or without it. */
    public static final String JWT_SECRET = "test-jwt-secret-that-is-long-enough-0123456789";
    /** The configured public URL; requests reach the server at 127.0.0.1 on its port. */
    public static final URI APP_URL = URI.create("http://app.test");

    private final AppServer server;
    private final Clock clock;

    private TestServer(AppServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    /**
     * A database extension whose databases hold the app's migrated schema.
     *
     * @return the extension, to register on a static field
     */
    public static PostgresDatabase database() {
        return PostgresDatabase.migratedWith("sample-app-v2", dataSource -> {
            AppMigrations.migrate(dataSource);
            Backend.migrate(dataSource);
        });
    }

    /** A configuration for tests: fixed secrets, port 0. */
    public static AppConfig config() {
        return AppConfig.builder()
                .database(new DatabaseTarget.External("jdbc:postgresql://unused/", null, null))
                .shopifyApiKey("test-api-key")
                .shopifyApiSecret(Secret.ofText("test-api-secret"))
                .appUrl(APP_URL)
                .jwtSecret(Secret.ofText(JWT_SECRET))
                .tokenEncryptionKey(Secret.ofBytes(new byte[32]))
                .port(0)
                .build();
    }

    /** Starts a server with the default limits. */
    public static TestServer start(DataSource dataSource) {
        return start(dataSource, builder -> builder);
    }

    /**
     * Starts a server, letting the test adjust the builder (limits, body size).
     *
     * @param dataSource the test's database
     * @param customise  changes to the builder
     * @return the running server
     */
    public static TestServer start(DataSource dataSource, UnaryOperator<AppServer.Builder> customise) {
        return start(dataSource, ShopBaseUrl.https(), new MutableClock(START), customise);
    }

    /** When every test server's clock starts. */
    public static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

    /**
     * Starts a server whose Shopify calls go to {@code shopUrls} (a FakeShopify), on a given clock.
     *
     * @param dataSource the test's database
     * @param shopUrls   where each shop's Shopify is
     * @param clock      the server's clock (share it with the fake, so OAuth timestamps agree)
     * @param customise  changes to the builder
     * @return the running server
     */
    public static TestServer start(DataSource dataSource, ShopBaseUrl shopUrls, Clock clock,
            UnaryOperator<AppServer.Builder> customise) {
        AppServer server = customise.apply(AppServer.builder()
                .config(config())
                .dataSource(dataSource)
                .backend(Backend.create(config(), dataSource, shopUrls, clock))
                .clock(clock)
                .loginLimits(LoginLimits.DEFAULT)).start();
        return new TestServer(server, clock);
    }

    /** The server's base URL. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** The server's clock, for servers started on a {@link MutableClock} (the default). */
    public MutableClock clock() {
        return (MutableClock) clock;
    }

    /** A new browser with an empty cookie jar. */
    public Browser browser() {
        return new Browser(uri());
    }

    /** A new browser with an empty cookie jar that shows every reply it gets to an observer. */
    public Browser browser(Consumer<Browser.Reply> observer) {
        return new Browser(uri(), observer);
    }

    /** The services the server routes to, as it registered them. */
    public List<AppServer.RegisteredService> services() {
        return server.services();
    }

    @Override
    public void close() {
        server.close();
    }
}
