package dev.shopifyingest.app.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The figures of the reliability suites: each suite appends one section to
 * {@code sample-app/target/reliability/report.md} (and prints it), from which
 * {@code docs/reliability.md} takes its latest numbers.
 */
final class ReliabilityReport {

    private ReliabilityReport() {
    }

    /**
     * Appends a suite's figures.
     *
     * @param suite   the suite's name, a heading
     * @param figures each figure's name and value, in order
     */
    static synchronized void append(String suite, Map<String, ?> figures) {
        StringBuilder section = new StringBuilder("## " + suite + " (" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + ", " + Runtime.getRuntime().availableProcessors() + " cores)\n\n| figure | value |\n|---|---|\n");
        figures.forEach((name, value) -> section.append("| ").append(name).append(" | ").append(value).append(" |\n"));
        section.append('\n');
        System.out.print(section);
        try {
            Path file = Files.createDirectories(Path.of("target", "reliability")).resolve("report.md");
            Files.writeString(file, section, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
