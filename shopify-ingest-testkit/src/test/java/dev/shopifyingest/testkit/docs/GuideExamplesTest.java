package dev.shopifyingest.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuideExamplesTest {

    @Test
    void aRegionIsTheDeindentedLinesBetweenItsMarkers() {
        List<String> lines = List.of("class A {", "    // tag::x[]", "    int a;", "", "        int b;",
                "    // end::x[]", "}");

        assertThat(GuideExamples.region(lines, "x", "A.java")).isEqualTo("int a;\n\n    int b;\n");
    }

    @Test
    void aMissingOrUnclosedRegionIsNamed() {
        assertThatThrownBy(() -> GuideExamples.region(List.of("// tag::y[]", "int a;"), "x", "A.java"))
                .hasMessage("no region x in A.java");
        assertThatThrownBy(() -> GuideExamples.region(List.of("// tag::x[]", "int a;"), "x", "A.java"))
                .hasMessage("region x is not closed in A.java");
    }

    @Test
    void everyJavaBlockNamesItsRegion(@TempDir Path dir) throws IOException {
        Path guide = Files.writeString(dir.resolve("guide.md"), """
                # Guide

                <!-- include: a/A.java#x -->

                ```java
                int a;
                ```

                ```xml
                <not-java/>
                ```
                """);

        assertThat(GuideExamples.quotes(guide)).containsExactly(new GuideExamples.Quote(5, "a/A.java", "x", "int a;\n"));
    }

    @Test
    void aJavaBlockWithoutAMarkerFails(@TempDir Path dir) throws IOException {
        Path guide = Files.writeString(dir.resolve("guide.md"), "Text\n\n```java\nint a;\n```\n");

        assertThatThrownBy(() -> GuideExamples.quotes(guide)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("line 3").hasMessageContaining("<!-- include: path#region -->");
    }

    @Test
    void aBlockThatDiffersFromItsRegionFailsWithBothTexts(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/A.java"), "class A {\n    // tag::x[]\n    int b;\n    // end::x[]\n}\n");
        Files.writeString(root.resolve("docs/guide.md"), "<!-- include: src/A.java#x -->\n```java\nint a;\n```\n");

        assertThatThrownBy(() -> GuideExamples.check(root, "guide.md", 1)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("guide.md line 2 (src/A.java#x) differs from the code")
                .hasMessageContaining("int a;").hasMessageContaining("int b;");
    }

    @Test
    void aBlockEqualToItsRegionPasses(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/A.java"), "class A {\n    // tag::x[]\n    int a;\n    // end::x[]\n}\n");
        Files.writeString(root.resolve("docs/guide.md"), "<!-- include: src/A.java#x -->\n```java\nint a;\n```\n");

        assertThat(GuideExamples.check(root, "guide.md", 1)).isEqualTo(1);
        assertThatThrownBy(() -> GuideExamples.check(root, "guide.md", 2)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("quotes 1 Java blocks; expected at least 2");
    }
}
