package dev.shopifyingest.testkit.postgres;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link ChildJvmTest}: starts an embedded server with default settings,
 * prints what it observed as {@code RESULT key=value} lines, then keeps the server running until
 * its standard input closes, so that the test can kill this JVM while the server runs.
 */
final class StartAndReport {
    private StartAndReport() {}

    public static void main(String[] args) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            report("jvmUid", ServerAccount.effectiveUid());
            report("version", EmbeddedPostgresTest.query(postgres, "postgres", "select version()"));
            report("serverUid", Files.lines(Path.of("/proc/" + postgres.pid() + "/status"))
                    .filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow()
                    .substring(4).trim().split("\\s+")[1]);
            report("pid", postgres.pid());
            report("port", postgres.port());
            report("dataDirectory", postgres.dataDirectory());
            report("ready", true);
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (in.readLine() != null) {
                    // Wait for the parent to close our input, or to kill us.
                }
            }
        }
    }

    private static void report(String key, Object value) {
        System.out.println("RESULT " + key + "=" + value);
        System.out.flush();
    }
}
