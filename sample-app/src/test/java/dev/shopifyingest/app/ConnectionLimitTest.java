package dev.shopifyingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server holds at most a set number of client connections, so a flood of connections cannot
 * exhaust the process's file descriptors (which would stop the listener for good); a connection
 * beyond the limit waits and is served once another one closes.
 */
class ConnectionLimitTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(db.dataSource(), builder -> builder.maxConnections(2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientBeyondTheLimitIsServedOnceAHeldConnectionCloses() throws Exception {
        URI uri = server.uri();
        try (Socket first = new Socket(uri.getHost(), uri.getPort());
                Socket second = new Socket(uri.getHost(), uri.getPort());
                Socket third = new Socket(uri.getHost(), uri.getPort())) {
            for (Socket held : new Socket[] {first, second}) {
                assertThat(exchange(held)).as("a held connection is served").startsWith("HTTP/1.1 200");
            }
            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return exchange(third);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });

            first.close();

            assertThat(waiting.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
            assertThat(exchange(second)).as("the held connection still works").startsWith("HTTP/1.1 200");
        }
        for (int i = 0; i < 5; i++) {
            try (Socket next = new Socket(uri.getHost(), uri.getPort())) {
                assertThat(exchange(next)).as("connection %d after the others closed", i).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void theDefaultLimitStaysBelowTheOpenFileLimit() {
        long files = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();

        assertThat((long) AppServer.defaultMaxConnections())
                .isGreaterThanOrEqualTo(64)
                .isLessThan(Math.max(files, 64 + 1));
    }

    /** Sends {@code GET /health/live} on a keep-alive connection and reads the answer's head and body. */
    private static String exchange(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("The server closed the connection after: " + head);
            }
            head.append((char) b);
        }
        String lowerHead = head.toString().toLowerCase(java.util.Locale.ROOT);
        if (lowerHead.contains("transfer-encoding: chunked")) {
            StringBuilder body = new StringBuilder();
            while (!body.toString().endsWith("\r\n0\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("The server closed the connection in the body");
                }
                body.append((char) b);
            }
        } else {
            for (String line : lowerHead.split("\r\n")) {
                if (line.startsWith("content-length:")) {
                    in.readNBytes(Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()));
                }
            }
        }
        return head.toString();
    }
}
