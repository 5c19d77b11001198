package dev.shopifyingest.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operating-system account PostgreSQL runs under, and how to get a program to run as it.
 *
 * <p>PostgreSQL refuses to run as root. When the JVM is not root, the server simply runs as the
 * JVM's own user. When the JVM is root, {@code initdb} and the server are started through
 * {@code setpriv --reuid=<nobody> --regid=<nobody's group> --clear-groups}, so they really run
 * as the unprivileged {@code nobody} account (kernel uid 65534 on Debian). Their data directory
 * is handed over to that account, and every path they use must be searchable by it.
 *
 * <p>A user namespace ({@code unshare --user}) was tried and rejected: PostgreSQL's own check is
 * satisfied there, but the server keeps kernel uid 0, so it still owns every root-owned file on
 * the machine (a superuser's {@code COPY ... TO '/etc/...'} succeeds). {@code setpriv} is a real
 * drop of privileges.
 *
 * <p>A directory that {@code nobody} cannot reach, such as a data directory under {@code /root}
 * (mode 0700), is made reachable without loosening any permission: the launcher runs the program
 * inside a private mount namespace ({@code unshare --mount --propagation private}) in which the
 * directory is bind-mounted onto a reachable, empty mount point; the mount is visible to that
 * process tree only and disappears with it. That needs {@code CAP_SYS_ADMIN}, which root has on an
 * ordinary machine or a privileged container; without it the launcher says which directory to move.
 */
final class ServerAccount {
    private static final Logger log = LoggerFactory.getLogger(ServerAccount.class);
    /** The uid of root. */
    static final int ROOT = 0;

    private final int uid;
    private final int gid;
    private final String name;
    private final boolean dropsPrivileges;
    private final Optional<Path> setpriv;

    private ServerAccount(int uid, int gid, String name, boolean dropsPrivileges,
            Optional<Path> setpriv) {
        this.uid = uid;
        this.gid = gid;
        this.name = name;
        this.dropsPrivileges = dropsPrivileges;
        this.setpriv = setpriv;
    }

    /**
     * Chooses the account for this JVM: the JVM's own user, or {@code nobody} when the JVM is root.
     *
     * @throws EmbeddedPostgresException when the JVM is root but cannot drop privileges
     */
    static ServerAccount forThisProcess() {
        int euid = effectiveUid();
        Optional<Path> setpriv = findProgram("setpriv");
        if (euid != ROOT) {
            return new ServerAccount(euid, -1, System.getProperty("user.name"), false, setpriv);
        }
        if (setpriv.isEmpty()) {
            throw new EmbeddedPostgresException("PostgreSQL refuses to run as root, and this JVM runs as"
                    + " root. The launcher would run PostgreSQL as user 'nobody' through setpriv, but setpriv"
                    + " (util-linux) is not on the PATH. Install util-linux (Debian/Ubuntu: apt-get install"
                    + " util-linux), or run the JVM as an unprivileged user.");
        }
        int[] nobody = lookUpPasswd("nobody").orElseThrow(() -> new EmbeddedPostgresException(
                "PostgreSQL refuses to run as root, and this JVM runs as root. The launcher would run"
                + " PostgreSQL as user 'nobody', but /etc/passwd has no such user. Add it, or run the JVM"
                + " as an unprivileged user."));
        return new ServerAccount(nobody[0], nobody[1], "nobody", true, setpriv);
    }

    /** The effective uid of this JVM, read from {@code /proc/self/status}. */
    static int effectiveUid() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(line -> line.startsWith("Uid:"))
                    .map(line -> Integer.parseInt(line.split("\\s+")[2]))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedPostgresException("Cannot tell which user this JVM runs as"
                    + " (/proc/self/status is unreadable); the embedded PostgreSQL needs Linux with /proc.",
                    e);
        }
    }

    /** Finds an executable on the PATH, then in the usual system directories. */
    static Optional<Path> findProgram(String name) {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(":")));
        }
        directories.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        return directories.stream()
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static Optional<int[]> lookUpPasswd(String user) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.map(line -> line.split(":"))
                    .filter(fields -> fields.length > 3 && fields[0].equals(user))
                    .map(fields -> new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])})
                    .findFirst();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The uid the server runs as. */
    int uid() {
        return uid;
    }

    /** The primary gid the server runs with (only meaningful when privileges are dropped). */
    int gid() {
        return gid;
    }

    /** The account's name, for messages. */
    String name() {
        return name;
    }

    /** Whether the JVM is root and the server runs as another, unprivileged account. */
    boolean dropsPrivileges() {
        return dropsPrivileges;
    }

    /**
     * Whether this account can traverse every directory from {@code /} down to {@code directory}
     * and enter it. Judged from permission bits (ACLs are not consulted), which errs on the side of
     * saying no.
     */
    boolean canReach(Path directory) {
        if (!dropsPrivileges) {
            return true;
        }
        try {
            Path real = directory.toRealPath();
            for (Path current = real; current != null; current = current.getParent()) {
                if (!canSearch(Files.readAttributes(current, "unix:uid,gid,mode"))) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean canSearch(Map<String, Object> attributes) {
        int mode = (Integer) attributes.get("mode");
        if ((Integer) attributes.get("uid") == uid) {
            return (mode & 0100) != 0;
        }
        if ((Integer) attributes.get("gid") == gid) {
            return (mode & 0010) != 0;
        }
        return (mode & 0001) != 0;
    }

    /**
     * Gives {@code path} and everything under it to this account, if the server runs as another
     * account than the JVM. Symbolic links are not followed.
     */
    void handOver(Path path) {
        if (!dropsPrivileges) {
            return;
        }
        int changed = 0;
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : (Iterable<Path>) walk::iterator) {
                if (ownerUid(each) != uid) {
                    Files.setAttribute(each, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(each, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                    changed++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new EmbeddedPostgresException("Could not give " + path + " to user " + name
                    + " (the account PostgreSQL runs as): " + e.getMessage(), e);
        }
        if (changed > 0) {
            log.debug("Gave {} files under {} to user {}, the account PostgreSQL runs as", changed, path,
                    name);
        }
    }

    /** The uid owning {@code path}, without following a symbolic link at the end. */
    static int ownerUid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Builds the command line that runs {@code command} as this account, with {@code mounts} applied
     * in a private mount namespace first. With {@code dieWithParent}, the program receives SIGINT
     * (PostgreSQL's fast shutdown) when the thread that started it ends, which includes this JVM
     * being killed.
     */
    List<String> command(List<String> command, List<BindMount> mounts, boolean dieWithParent) {
        List<String> line = new ArrayList<>();
        if (!mounts.isEmpty()) {
            line.addAll(List.of(findProgram("unshare").orElseThrow().toString(),
                    "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                    "while [ \"$1\" != -- ]; do mount --bind -- \"$1\" \"$2\" || exit 125; shift 2; done;"
                            + " shift; exec \"$@\"",
                    "sh"));
            for (BindMount mount : mounts) {
                line.add(mount.source().toString());
                line.add(mount.mountPoint().toString());
            }
            line.add("--");
        }
        if (setpriv.isPresent() && (dropsPrivileges || dieWithParent)) {
            line.add(setpriv.get().toString());
            if (dropsPrivileges) {
                line.addAll(List.of("--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
            }
            if (dieWithParent) {
                line.add("--pdeathsig=INT");
            }
            line.add("--");
        }
        line.addAll(command);
        return line;
    }

    /**
     * Whether this process may create a private mount namespace and bind-mount in it, which is how
     * unreachable directories are made reachable. Tried once by running {@code unshare} for real.
     */
    static boolean canBindMount() {
        Optional<Path> unshare = findProgram("unshare");
        if (unshare.isEmpty() || findProgram("mount").isEmpty()) {
            return false;
        }
        try {
            Process probe = new ProcessBuilder(unshare.get().toString(), "--mount", "--propagation",
                    "private", "--", "true")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A directory made visible at another path inside the server's private mount namespace. */
    record BindMount(Path source, Path mountPoint) {}
}
