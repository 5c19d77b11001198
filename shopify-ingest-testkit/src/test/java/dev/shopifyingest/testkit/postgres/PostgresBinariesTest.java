package dev.shopifyingest.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {

    @Test
    void concurrentUnpacksIntoAnEmptyCacheAgreeOnOneCompleteCopy(@TempDir Path cache)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<PostgresBinaries>> racers = Stream.of(1, 2)
                .map(racer -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return PostgresBinaries.unpackInto(cache);
                }))
                .toList();
        start.countDown();
        PostgresBinaries first = racers.get(0).get();
        PostgresBinaries second = racers.get(1).get();

        assertThat(first.home()).isEqualTo(second.home());
        assertThat(first.home().getFileName().toString()).startsWith("17.7.0-");
        assertThat(first.majorVersion()).isEqualTo(17);
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries).as("no staging directory is left behind").containsExactly(first.home());
        }
    }

    @Test
    void keepsFileModesAndSymbolicLinks(@TempDir Path cache) throws Exception {
        PostgresBinaries binaries = PostgresBinaries.unpackInto(cache);

        assertThat(binaries.program("postgres")).isExecutable();
        assertThat(binaries.program("initdb")).isExecutable();
        assertThat(Files.isSymbolicLink(binaries.home().resolve("lib/libpq.so.5"))).isTrue();
        assertThat(binaries.home().resolve("lib/libpq.so.5")).isReadable();
        assertThat(Files.getPosixFilePermissions(binaries.home()).toString())
                .as("readable by the unprivileged server account").contains("OTHERS_EXECUTE");

        long before = Files.getLastModifiedTime(binaries.program("postgres")).toMillis();
        PostgresBinaries again = PostgresBinaries.unpackInto(cache);
        assertThat(again.home()).isEqualTo(binaries.home());
        assertThat(Files.getLastModifiedTime(again.program("postgres")).toMillis())
                .as("unpacked once").isEqualTo(before);
    }
}
