package dev.shopifyingest.app;

import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The real sample app ({@code dev.shopifyingest.app.Main}) as a child JVM, configured through its
 * environment as an operator would: an external PostgreSQL (the test's, so the data outlives the
 * process) and {@code SHOPIFY_ADMIN_URL} pointing at a FakeShopify in the test JVM (so the store
 * outlives it too). It can be killed with SIGKILL and started again with the same environment, on
 * the same port.
 *
 * <p>The child's console output (INFO and above, the app's production logging configuration) is
 * appended to one log file across every start, which the suites read. The reliability suites and
 * the load benchmarks use it, the benchmarks so that the server does not share a JVM (heap,
 * collector pauses, compiler threads) with the load driver.
 */
public final class AppProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Path workingDirectory;
    private final Path log;
    private final int port;
    private Process process;
    private int starts;

    private AppProcess(Map<String, String> environment, List<String> jvmOptions, Path workingDirectory, Path log,
            int port) {
        this.environment = environment;
        this.jvmOptions = jvmOptions;
        this.workingDirectory = workingDirectory;
        this.log = log;
        this.port = port;
    }

    /**
     * Prepares (does not start) an app using the test's database and fake, with the fake's client
     * credentials and no periodic safety sync, so every sync it runs is one it resumes or was asked for.
     *
     * @param db      the database the app keeps its data in
     * @param shopify the Shopify every shop's OAuth and Admin API traffic goes to
     * @param name    names the log file, {@code target/reliability/{name}-app.log}
     * @return the app, not yet started
     */
    public static AppProcess prepare(PostgresDatabase db, FakeShopify shopify, String name) {
        return prepare(db.jdbcUrl(), db.user(), db.password(), shopify, name);
    }

    /**
     * Prepares (does not start) an app on a database given by its coordinates, as
     * {@link #prepare(PostgresDatabase, FakeShopify, String)} does.
     *
     * @param jdbcUrl  the database's {@code jdbc:postgresql:} URL
     * @param user     its user
     * @param password the user's password
     * @param shopify  the Shopify every shop's OAuth and Admin API traffic goes to
     * @param name     names the log file, {@code target/reliability/{name}-app.log}
     * @return the app, not yet started
     */
    public static AppProcess prepare(String jdbcUrl, String user, String password, FakeShopify shopify, String name) {
        try {
            int port = freePort();
            Path directory = Files.createDirectories(Path.of("target", "reliability")).toAbsolutePath();
            Path log = directory.resolve(name + "-app.log");
            Files.deleteIfExists(log);
            // An empty working directory: no stray .env is read.
            Path workingDirectory = Files.createTempDirectory(directory, name + "-cwd");
            Map<String, String> env = new HashMap<>();
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("HOME", System.getProperty("user.home"));
            env.put("DATABASE_URL", jdbcUrl);
            env.put("DATABASE_USER", user);
            env.put("DATABASE_PASSWORD", password);
            env.put("SHOPIFY_API_KEY", shopify.clientId());
            env.put("SHOPIFY_API_SECRET", shopify.clientSecret());
            env.put("SHOPIFY_ADMIN_URL", shopify.baseUrl());
            env.put("APP_URL", "http://127.0.0.1:" + port);
            env.put("PORT", Integer.toString(port));
            env.put("JWT_SECRET", "reliability-jwt-secret-that-is-long-enough-0123456789");
            env.put("TOKEN_ENCRYPTION_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
            env.put("SYNC_INTERVAL_MINUTES", "0");
            List<String> jvm = List.of("-Xmx" + System.getProperty("reliability.appHeap", "512m"), "-XX:+UseSerialGC");
            return new AppProcess(Map.copyOf(env), jvm, workingDirectory, log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same app, not yet started, with one more environment variable.
     *
     * @param name  the variable
     * @param value its value
     * @return the app with it
     */
    public AppProcess withEnvironment(String name, String value) {
        if (process != null) {
            throw new IllegalStateException("Set the environment before the app starts");
        }
        Map<String, String> env = new HashMap<>(environment);
        env.put(name, value);
        return new AppProcess(Map.copyOf(env), jvmOptions, workingDirectory, log, port);
    }

    /**
     * The same app, not yet started, run with other JVM options (heap, collector) than the
     * suites' small serial-collector default.
     *
     * @param options the options, e.g. {@code -Xmx1g}
     * @return the app with them
     */
    public AppProcess withJvmOptions(List<String> options) {
        if (process != null) {
            throw new IllegalStateException("Set the JVM options before the app starts");
        }
        return new AppProcess(environment, List.copyOf(options), workingDirectory, log, port);
    }

    /** The app's base URL (also its configured {@code APP_URL}). */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The file the child's console output is appended to. */
    public Path log() {
        return log;
    }

    /** How many times the app was started. */
    public int starts() {
        return starts;
    }

    /**
     * Starts the app and waits until it reports ready ({@code /health/ready} answers 200).
     *
     * @throws AssertionError when it exits or is not ready in time
     */
    public void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("The app is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dlogback.configurationFile=" + productionLogging());
        command.add("-cp");
        command.add(classPath());
        command.add("dev.shopifyingest.app.Main");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        starts++;
        awaitReady();
    }

    /**
     * Kills the app with SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook,
     * no connection closed politely. Returns once the process is gone.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("The app did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the child process is running. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest ready = HttpRequest.newBuilder(uri().resolve("/health/ready")).timeout(Duration.ofSeconds(2))
                .GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("The app exited with status " + process.exitValue() + " during start-up; see "
                        + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting: poll again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause();
        }
        throw new AssertionError("The app was not ready within " + START_TIMEOUT + "; see " + log);
    }

    /** The polling interval of loops bounded by a deadline; not a wait for an event. */
    public static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Surefire runs tests from a manifest-only jar by default; its full class path is in this property. */
    private static String classPath() {
        return Objects.requireNonNullElse(System.getProperty("surefire.test.class.path"),
                System.getProperty("java.class.path"));
    }

    /** The app's own {@code logback.xml}, rather than the tests' quieter configuration. */
    private static String productionLogging() {
        URL url = AppProcess.class.getClassLoader().getResource("logback.xml");
        if (url == null) {
            throw new IllegalStateException("The app's logback.xml is not on the class path");
        }
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Kills the app if it is still running, and removes its (empty) working directory. */
    @Override
    public void close() {
        if (isAlive()) {
            kill();
        }
        try {
            Files.deleteIfExists(workingDirectory);
        } catch (IOException leftBehind) {
            // not empty: something the app wrote, kept for a look
        }
    }
}
