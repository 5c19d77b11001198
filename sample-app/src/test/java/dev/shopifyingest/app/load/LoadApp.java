package dev.shopifyingest.app.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.app.AppProcess;
import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.shops.Memberships;
import dev.shopifyingest.app.webhooks.Webhooks;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.postgres.EmbeddedPostgres;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The sample app as the load benchmarks run it: the real app ({@code dev.shopifyingest.app.Main})
 * in its own JVM, configured through its environment as a deployment is, so the load driver in
 * this JVM shares neither its heap nor its collector pauses; every service, the webhook worker,
 * live events and the sync orchestrator, over the app's own connection pool (the default
 * {@code DATABASE_POOL_SIZE}); an embedded PostgreSQL 17 started here in a temporary directory,
 * durable by default (fsync and synchronous commit on, as in production: a 200 means the row is
 * on disk); a FakeShopify store here, connected through the real OAuth flow by a signed-up user.
 */
final class LoadApp implements AutoCloseable {

    /** The password of every user the benchmarks sign up. */
    static final String PASSWORD = "correct horse battery staple";

    /** The app's JVM options unless {@code benchmark.appJvm} gives others (space-separated). */
    static final String DEFAULT_APP_JVM = "-Xmx1g";

    private static final String DATABASE = "shopify_ingest";

    private final Path directory;
    private final EmbeddedPostgres postgres;
    private final DataSource dataSource;
    private final FakeShopify fake;
    private final AppProcess server;
    private final Browser owner;
    private final long ownerId;

    private LoadApp(Path directory, EmbeddedPostgres postgres, DataSource dataSource, FakeShopify fake,
            AppProcess server, Browser owner, long ownerId) {
        this.directory = directory;
        this.postgres = postgres;
        this.dataSource = dataSource;
        this.fake = fake;
        this.server = server;
        this.owner = owner;
        this.ownerId = ownerId;
    }

    /**
     * Starts the database, the fake store and the app, and signs up the shop's owner.
     *
     * @param durable  fsync and synchronous commit on (the default a deployment has), or off
     * @param orders   orders in the fake store
     * @param throttle the fake's query-cost bucket, which paces the sync as Shopify would
     * @param name     names the app's log file, {@code target/reliability/{name}-app.log}
     * @return the running app
     */
    static LoadApp start(boolean durable, int orders, ThrottleSettings throttle, String name) {
        List<AutoCloseable> started = new ArrayList<>();
        Path directory = null;
        try {
            directory = Files.createTempDirectory("sample-app-load-");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .dataDirectory(directory.resolve("postgres-data"))
                    .durable(durable)
                    .start();
            started.add(postgres);
            postgres.createDatabase(DATABASE);
            Clock clock = Clock.systemUTC();
            FakeShopify fake = FakeShopify.builder()
                    .store(StoreFixture.builder().orders(orders).period(Duration.ofDays(365)).end(clock.instant())
                            .seed(42).build())
                    .clientId("load-benchmark-app")
                    .clientSecret(Webhooks.SECRET)
                    .throttle(throttle)
                    .clock(clock)
                    .start();
            started.add(fake);
            AppProcess server = AppProcess.prepare(postgres.jdbcUrl(DATABASE), postgres.superuser(),
                    postgres.superuserPassword(), fake, name)
                    .withJvmOptions(List.of(appJvm().split("\\s+")));
            started.add(server);
            server.start();
            Browser owner = new Browser(server.uri());
            long ownerId = owner.signUp("owner@load.example", PASSWORD).json().path("user").path("id").asLong();
            return new LoadApp(directory, postgres, postgres.dataSource(DATABASE), fake, server, owner, ownerId);
        } catch (IOException e) {
            close(started, directory);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close(started, directory);
            throw e;
        }
    }

    /** The app's JVM options, for the report. */
    static String appJvm() {
        return System.getProperty("benchmark.appJvm", DEFAULT_APP_JVM).trim();
    }

    /** The server's base URL. */
    URI uri() {
        return server.uri();
    }

    /** The app's database, connected as its superuser (for the books, not through the app). */
    DataSource dataSource() {
        return dataSource;
    }

    /** The fake Shopify store. */
    FakeShopify fake() {
        return fake;
    }

    /** The browser of the signed-up owner of every shop. */
    Browser owner() {
        return owner;
    }

    /** A new browser with an empty cookie jar. */
    Browser browser() {
        return new Browser(server.uri());
    }

    /** The owner's {@code Cookie} header, for event streams. */
    String ownerCookie() {
        return "session=" + owner.cookie("session").orElseThrow();
    }

    /**
     * Connects the fake store as a merchant does (the app's authorize URL, approval on Shopify,
     * the callback); its first sync starts.
     *
     * @return the shop's id
     */
    long connectShop() {
        Browser.Reply connect = owner.postJson("/api/shops/connect",
                "{\"shop\":\"" + fake.shopDomain() + "\"}");
        require(connect.status() == 200, "connect answered " + connect.status() + " " + connect.body());
        URI authorize = URI.create(connect.json().path("authorizeUrl").asText());
        HttpResponse<String> approval = send(HttpRequest.newBuilder(authorize).build());
        require(approval.statusCode() == 302, "Shopify's approval answered " + approval.statusCode());
        URI callback = URI.create(approval.headers().firstValue("Location").orElseThrow());
        Browser.Reply back = owner.send(owner.request(callback.getRawPath() + "?" + callback.getRawQuery()).GET());
        require(back.status() == 302, "the callback answered " + back.status() + " " + back.body());
        for (JsonNode shop : owner.get("/api/shops").json().path("shops")) {
            if (shop.path("domain").asText().equals(fake.shopDomain())) {
                return shop.path("id").asLong();
            }
        }
        throw new IllegalStateException("The connected shop is not listed");
    }

    /** The shop's status as the API reports it ({@code syncing}, {@code connected}, …). */
    String status(long shopId) {
        return owner.get("/api/shops/" + shopId).json().path("status").asText();
    }

    /** Waits until the shop's first sync is over; fails if it ends in another state than connected. */
    void awaitConnected(long shopId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String status = status(shopId);
            if (status.equals("connected")) {
                return;
            }
            require(status.equals("connecting") || status.equals("syncing"), "the shop became " + status);
            Thread.sleep(200); // polling the API with a deadline
        }
        throw new IllegalStateException("The shop's sync did not finish within " + timeout);
    }

    /**
     * Registers another shop without OAuth, owned by the owner (for measuring one shop while
     * another takes the load).
     *
     * @param domain the shop's {@code *.myshopify.com} domain
     * @return its id
     */
    long registerShop(String domain) {
        return Webhooks.registerShop(dataSource(), domain, ownerId);
    }

    /**
     * Signs up users (Argon2id hashing makes this take a while).
     *
     * @param count how many
     * @return their emails (all with {@link #PASSWORD}) by user id
     */
    Map<Long, String> signUpUsers(int count) {
        Map<Long, String> users = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String email = "user" + i + "@load.example";
            Browser.Reply reply = browser().signUp(email, PASSWORD);
            require(reply.status() == 201, "sign-up answered " + reply.status() + " " + reply.body());
            users.put(reply.json().path("user").path("id").asLong(), email);
        }
        return users;
    }

    /** Makes the users members of a shop. */
    void addMembers(Collection<Long> userIds, long shopId) {
        Memberships memberships = new Memberships(dataSource(), Clock.systemUTC());
        for (long userId : userIds) {
            memberships.add(userId, shopId);
        }
    }

    /** Customer ids of the fake store, for orders arriving by webhook. */
    List<Long> customerIds() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < Math.min(200, fake.store().fixture().customerCount()); i++) {
            ids.add(StoreFixture.customerId(i));
        }
        return ids;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }

    /** Stops the app, the fake and the database, and deletes the database's files. */
    @Override
    public void close() {
        close(new ArrayList<>(List.of(postgres, fake, server)), directory);
    }

    private static void close(List<AutoCloseable> started, Path directory) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("Could not stop " + started.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.err.println("Could not delete " + directory + ": " + e);
            }
        }
    }
}
