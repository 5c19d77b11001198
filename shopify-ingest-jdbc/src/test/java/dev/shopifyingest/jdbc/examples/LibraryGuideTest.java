package dev.shopifyingest.jdbc.examples;

import dev.shopifyingest.testkit.docs.GuideExamples;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/library-guide-jdbc.md} quotes code that compiles: every {@code ```java} block is
 * preceded by {@code <!-- include: path#region -->} and equals that region of an example class
 * here (see {@link GuideExamples}); {@code ExamplesTest} runs the examples.
 */
class LibraryGuideTest {

    @Test
    void everyJavaBlockOfTheGuideIsARegionOfCompilingCode() {
        GuideExamples.check("library-guide-jdbc.md", 10);
    }
}
