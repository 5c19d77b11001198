package dev.shopifyingest.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the launcher in a separate JVM ({@link StartAndReport}): once as an unprivileged user,
 * to prove it works when the JVM is not root, and each time kills that JVM outright to prove the
 * server does not outlive it.
 */
class ChildJvmTest {
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);

    @Test
    void startsWhenTheJvmItselfIsNotRootAndStopsWhenThatJvmIsKilled(@TempDir Path temp)
            throws Exception {
        assumeTrue(ServerAccount.effectiveUid() == 0, "The JVM already runs as a non-root user, as"
                + " every other test in this module then proves; only root can start a JVM as nobody");
        Optional<Path> setpriv = ServerAccount.findProgram("setpriv");
        assumeTrue(setpriv.isPresent(),
                "setpriv (util-linux) is not installed, so no JVM can be started as user nobody");
        ServerAccount nobody = ServerAccount.forThisProcess();
        Path javaHome = Path.of(System.getProperty("java.home"));
        assumeTrue(nobody.canReach(javaHome.resolve("bin")),
                "The JDK at " + javaHome + " is not readable by user nobody");

        List<String> command = new ArrayList<>(List.of(setpriv.get().toString(),
                "--reuid=" + nobody.uid(), "--regid=" + nobody.gid(), "--clear-groups", "--"));
        command.addAll(javaCommand(copyClasspathReadableByAll(temp)));

        Map<String, String> result = runAndKill(command, Path.of("/tmp"));

        assertThat(result).containsEntry("jvmUid", "65534").containsEntry("serverUid", "65534");
        assertThat(result.get("version")).startsWith("PostgreSQL 17.");
    }

    @Test
    void theServerStopsWhenTheJvmThatStartedItIsKilled() throws Exception {
        Map<String, String> result = runAndKill(javaCommand(System.getProperty("java.class.path")),
                Path.of(System.getProperty("user.dir")));

        assertThat(result.get("version")).startsWith("PostgreSQL 17.");
    }

    /**
     * Runs the child until it reports, kills it with SIGKILL (no shutdown hook runs), and checks
     * that its server stops by itself.
     */
    private static Map<String, String> runAndKill(List<String> command, Path workingDirectory)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().remove("XDG_CACHE_HOME");
        Process child = builder.start();
        Map<String, String> result = new HashMap<>();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("RESULT ")) {
                        String[] pair = line.substring(7).split("=", 2);
                        result.put(pair[0], pair[1]);
                        if (pair[0].equals("ready")) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try {
            reading.get(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            child.destroyForcibly();
            synchronized (output) {
                throw new AssertionError("The child JVM did not report in time. Its output:\n" + output, e);
            }
        }
        assertThat(result).as("child output:\n%s", output).containsKey("pid");
        long serverPid = Long.parseLong(result.get("pid"));
        int port = Integer.parseInt(result.get("port"));
        try {
            assertThat(accepts(port)).isTrue();

            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (isRunning(serverPid) && System.nanoTime() < deadline) {
                // Poll the process table; the kernel delivers SIGINT to the orphaned server at once, and
                // its fast shutdown takes milliseconds.
                ProcessHandle.of(serverPid).ifPresent(handle -> handle.onExit()
                        .completeOnTimeout(handle, 50, TimeUnit.MILLISECONDS).join());
            }
            assertThat(isRunning(serverPid)).as("the server outlived the killed JVM").isFalse();
            assertThat(accepts(port)).isFalse();
        } finally {
            // No shutdown hook ran in the killed JVM, so its temporary data directory is left behind.
            PostgresBinaries.deleteRecursively(Path.of(result.get("dataDirectory")));
        }
        return result;
    }

    private static List<String> javaCommand(String classpath) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.io.tmpdir=/tmp", "-cp", classpath, StartAndReport.class.getName());
    }

    /** Copies this JVM's classpath (directories and jars) where every user can read it. */
    private static String copyClasspathReadableByAll(Path temp) throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> copies = new ArrayList<>();
        String[] entries = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
        for (int i = 0; i < entries.length; i++) {
            Path source = Path.of(entries[i]);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = temp.resolve(i + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (Stream<Path> tree = Files.walk(source)) {
                    for (Path path : (Iterable<Path>) tree::iterator) {
                        Path copy = target.resolve(source.relativize(path).toString());
                        if (Files.isDirectory(path)) {
                            Files.createDirectories(copy);
                            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                        } else {
                            Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                        }
                    }
                }
            } else {
                Files.copy(source, target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            }
            copies.add(target.toString());
        }
        return String.join(java.io.File.pathSeparator, copies);
    }

    private static boolean isRunning(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
            // A zombie has exited; it only waits for a parent to collect its status.
            return lines.noneMatch(line -> line.startsWith("State:") && line.contains("Z"));
        } catch (IOException | java.io.UncheckedIOException gone) {
            return false;
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
