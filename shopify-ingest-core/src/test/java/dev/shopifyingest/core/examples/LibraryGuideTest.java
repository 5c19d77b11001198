package dev.shopifyingest.core.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/library-guide-core.md} quotes code that compiles: every {@code ```java} block is
 * preceded by {@code <!-- include: path#region -->} and equals that region of the file, the lines
 * between {@code // tag::region[]} and {@code // end::region[]}, de-indented. A guide edited
 * without its example, or an example changed without its guide, fails here.
 */
class LibraryGuideTest {

    private static final Pattern INCLUDE = Pattern.compile("<!-- include: (\\S+)#(\\S+) -->");

    /** One quoted block: where it points and what the guide shows. */
    private record Quote(int line, String path, String region, String shown) {
    }

    @Test
    void everyJavaBlockOfTheGuideIsARegionOfCompilingCode() throws IOException {
        Path root = repositoryRoot();
        List<Quote> quotes = quotes(root.resolve("docs/library-guide-core.md"));

        assertThat(quotes).as("quoted examples in the guide").hasSizeGreaterThanOrEqualTo(8);
        for (Quote quote : quotes) {
            Path file = root.resolve(quote.path());
            assertThat(file).as("the file quoted at line %s of the guide", quote.line()).isRegularFile();
            assertThat(quote.shown()).as("the block at line %s of the guide, against %s#%s", quote.line(),
                    quote.path(), quote.region()).isEqualTo(region(file, quote.region()));
        }
    }

    @Test
    void aRegionIsTheDeindentedLinesBetweenItsMarkers() {
        List<String> lines = List.of("class A {", "    // tag::x[]", "    int a;", "        int b;", "    // end::x[]",
                "}");

        assertThat(region(lines, "x", "A.java")).isEqualTo("int a;\n    int b;\n");
    }

    private static List<Quote> quotes(Path guide) throws IOException {
        List<String> lines = Files.readAllLines(guide, StandardCharsets.UTF_8);
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
            assertThat(include != null && include.matches())
                    .as("the ```java block at line %s of the guide is preceded by <!-- include: path#region -->", i + 1)
                    .isTrue();
            StringBuilder shown = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals("```")) {
                shown.append(lines.get(j)).append('\n');
                j++;
            }
            assertThat(j).as("the ```java block at line %s is closed", i + 1).isLessThan(lines.size());
            quotes.add(new Quote(i + 1, include.group(1), include.group(2), shown.toString()));
            i = j;
        }
        return quotes;
    }

    private static String region(Path file, String name) {
        try {
            return region(Files.readAllLines(file, StandardCharsets.UTF_8), name, file.toString());
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + file, e);
        }
    }

    static String region(List<String> lines, String name, String where) {
        String start = "// tag::" + name + "[]";
        String end = "// end::" + name + "[]";
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals(start)) {
                assertThat(from).as("region %s opens once in %s", name, where).isEqualTo(-1);
                from = i + 1;
            } else if (line.equals(end)) {
                to = i;
            }
        }
        assertThat(from).as("region %s in %s", name, where).isNotNegative();
        assertThat(to).as("end of region %s in %s", name, where).isGreaterThanOrEqualTo(from);
        List<String> body = lines.subList(from, to);
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : body) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }

    // The module runs its tests in its own directory; the guide lives in the repository's docs/.
    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a directory above the module with docs/").isNotNull();
        return dir;
    }
}
