package dev.shopifyingest.core.examples;

import dev.shopifyingest.testkit.docs.GuideExamples;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/library-guide-core.md} quotes code that compiles: every {@code ```java} block is
 * preceded by {@code <!-- include: path#region -->} and equals that region of the file (see
 * {@link GuideExamples}). A guide edited without its example, or an example changed without its
 * guide, fails here.
 */
class LibraryGuideTest {

    @Test
    void everyJavaBlockOfTheGuideIsARegionOfCompilingCode() {
        GuideExamples.check("library-guide-core.md", 10);
    }
}
