package dev.shopifyingest.app.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What a benchmark prints as it goes, also written to a file under {@code target/} at the end. */
final class BenchmarkReport {

    private final StringBuilder text = new StringBuilder();

    /** Prints a line and keeps it. */
    void line(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        text.append(line).append('\n');
    }

    /** The machine's load averages over 1, 5 and 15 minutes, from {@code /proc/loadavg}. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Writes everything printed so far. */
    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            System.out.println("Written to " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
