package dev.shopifyingest.testkit.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a Markdown guide's Java examples equal to code that compiles. Every {@code ```java} block
 * of the guide is preceded by {@code <!-- include: path#region -->} (the path relative to the
 * repository root) and must equal that region of the file: the lines between
 * {@code // tag::region[]} and {@code // end::region[]}, de-indented. A guide edited without its
 * example, or an example changed without its guide, fails {@link #check(String, int)}.
 */
public final class GuideExamples {

    private static final Pattern INCLUDE = Pattern.compile("<!-- include: (\\S+)#(\\S+) -->");

    /**
     * One quoted block of a guide.
     *
     * @param line the line of the guide where the block opens (1-based)
     * @param path the quoted file, relative to the repository root
     * @param region the region's name
     * @param shown what the guide shows, one {@code \n} after each line
     */
    public record Quote(int line, String path, String region, String shown) {

        /** Checks the fields. */
        public Quote {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(shown, "shown");
        }
    }

    private GuideExamples() {
    }

    /**
     * Checks every Java block of {@code docs/<guide>} against the region it names.
     *
     * @param guide the guide's file name in the repository's {@code docs/}, e.g. {@code library-guide-jdbc.md}
     * @param minimumQuotes how many blocks the guide has at least, so a guide that lost its markers fails
     * @return the number of blocks checked
     * @throws AssertionError naming every block that differs from its region, a block without an
     *     include marker, a missing file or region, or too few blocks
     */
    public static int check(String guide, int minimumQuotes) {
        return check(repositoryRoot(), guide, minimumQuotes);
    }

    static int check(Path root, String guide, int minimumQuotes) {
        List<Quote> quotes = quotes(root.resolve("docs").resolve(guide));
        if (quotes.size() < minimumQuotes) {
            throw new AssertionError(guide + " quotes " + quotes.size() + " Java blocks; expected at least "
                    + minimumQuotes + ". Did a block lose its <!-- include: path#region --> marker?");
        }
        List<String> problems = new ArrayList<>();
        for (Quote quote : quotes) {
            Path file = root.resolve(quote.path());
            String where = guide + " line " + quote.line() + " (" + quote.path() + "#" + quote.region() + ")";
            if (!Files.isRegularFile(file)) {
                problems.add(where + ": the file does not exist");
                continue;
            }
            String code;
            try {
                code = region(readLines(file), quote.region(), quote.path());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            if (!code.equals(quote.shown())) {
                problems.add(where + " differs from the code.\n--- the guide shows:\n" + quote.shown()
                        + "--- the region is:\n" + code + "---");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " of " + quotes.size() + " Java blocks of " + guide
                    + " do not match their code:\n\n" + String.join("\n\n", problems));
        }
        return quotes.size();
    }

    /**
     * The Java blocks of a guide and the regions they name.
     *
     * @param guide the Markdown file
     * @return the blocks, in the order of the guide
     * @throws AssertionError if a block has no include marker before it or is not closed
     */
    public static List<Quote> quotes(Path guide) {
        List<String> lines = readLines(guide);
        List<Quote> quotes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            int marker = i - 1;
            while (marker >= 0 && lines.get(marker).isBlank()) {
                marker--;
            }
            Matcher include = marker < 0 ? null : INCLUDE.matcher(lines.get(marker).strip());
            if (include == null || !include.matches()) {
                throw new AssertionError("The ```java block at line " + (i + 1) + " of " + guide
                        + " is not preceded by <!-- include: path#region -->.");
            }
            StringBuilder shown = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals("```")) {
                shown.append(lines.get(j)).append('\n');
                j++;
            }
            if (j == lines.size()) {
                throw new AssertionError("The ```java block at line " + (i + 1) + " of " + guide + " is not closed.");
            }
            quotes.add(new Quote(i + 1, include.group(1), include.group(2), shown.toString()));
            i = j;
        }
        return quotes;
    }

    /**
     * The lines between {@code // tag::name[]} and {@code // end::name[]}, without the indentation
     * they share, one {@code \n} after each line; blank lines become empty.
     *
     * @param lines the file's lines
     * @param name the region's name
     * @param where the file's name, for messages
     * @return the region's text
     * @throws IllegalArgumentException if the region is missing, not closed or opened twice
     */
    public static String region(List<String> lines, String name, String where) {
        String start = "// tag::" + name + "[]";
        String end = "// end::" + name + "[]";
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals(start)) {
                if (from >= 0) {
                    throw new IllegalArgumentException("region " + name + " opens twice in " + where);
                }
                from = i + 1;
            } else if (line.equals(end) && from >= 0 && to < 0) {
                to = i;
            }
        }
        if (from < 0) {
            throw new IllegalArgumentException("no region " + name + " in " + where);
        }
        if (to < 0) {
            throw new IllegalArgumentException("region " + name + " is not closed in " + where);
        }
        List<String> body = lines.subList(from, to);
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : body) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }

    // A module's tests run in the module's directory; the guides live in the repository's docs/.
    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("No directory above " + System.getProperty("user.dir") + " has a docs/.");
        }
        return dir;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
