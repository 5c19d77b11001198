package dev.shopifyingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Map;
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
        byte[] live = RawHttp.request("GET", uri, "/health/live", Map.of(), new byte[0]);
        try (RawHttp.Connection first = new RawHttp.Connection(uri);
                RawHttp.Connection second = new RawHttp.Connection(uri);
                RawHttp.Connection third = new RawHttp.Connection(uri)) {
            assertThat(first.exchange(live).status()).as("a held connection is served").isEqualTo(200);
            assertThat(second.exchange(live).status()).as("a held connection is served").isEqualTo(200);
            CompletableFuture<RawHttp.Response> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return third.exchange(live);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            first.close();

            assertThat(waiting.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(second.exchange(live).status()).as("the held connection still works").isEqualTo(200);
        }
        for (int i = 0; i < 5; i++) {
            try (RawHttp.Connection next = new RawHttp.Connection(uri)) {
                assertThat(next.exchange(live).status()).as("connection %d after the others closed", i).isEqualTo(200);
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
}
