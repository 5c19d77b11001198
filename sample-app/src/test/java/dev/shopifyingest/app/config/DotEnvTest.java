package dev.shopifyingest.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {

    @Test
    void readsKeysAndValuesSkippingCommentsAndBlankLines() {
        Map<String, String> values = DotEnv.parse("""
                # the app's settings
                PORT=9090

                export APP_URL=https://app.example.com
                  JWT_SECRET = spaced out value  \s
                """, ".env");

        assertThat(values).containsExactly(
                Map.entry("PORT", "9090"),
                Map.entry("APP_URL", "https://app.example.com"),
                Map.entry("JWT_SECRET", "spaced out value"));
    }

    @Test
    void understandsQuotesAndInlineComments() {
        Map<String, String> values = DotEnv.parse("""
                SINGLE='keeps $HOME and \\n and # literally'
                DOUBLE="line one\\nline \\"two\\"" # a comment
                UNQUOTED=value # a comment
                HASH_INSIDE=abc#def
                STARTS_WITH_HASH=#abc
                EMPTY=
                EMPTY_WITH_COMMENT= # nothing here
                EQUALS=a=b=c
                """, ".env");

        assertThat(values)
                .containsEntry("SINGLE", "keeps $HOME and \\n and # literally")
                .containsEntry("DOUBLE", "line one\nline \"two\"")
                .containsEntry("UNQUOTED", "value")
                .containsEntry("HASH_INSIDE", "abc#def")
                .containsEntry("STARTS_WITH_HASH", "#abc")
                .containsEntry("EMPTY", "")
                .containsEntry("EMPTY_WITH_COMMENT", "")
                .containsEntry("EQUALS", "a=b=c");
    }

    @Test
    void theLastOfARepeatedKeyWinsAndWindowsLineEndsWork() {
        assertThat(DotEnv.parse("A=1\r\nA=2\r\n", ".env")).containsExactly(Map.entry("A", "2"));
    }

    @Test
    void malformedLinesNameTheLineButNeverItsContent() {
        assertThatThrownBy(() -> DotEnv.parse("A=1\nJWT_SECRET s3cr3t-value\n", ".env"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(".env line 2: expected KEY=VALUE.");
        assertThatThrownBy(() -> DotEnv.parse("JWT_SECRET=\"s3cr3t-value\n", ".env"))
                .hasMessageContaining("line 1").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> DotEnv.parse("1BAD=x", ".env")).hasMessageContaining("a key must be");
        assertThatThrownBy(() -> DotEnv.parse("A='x' trailing", ".env")).hasMessageContaining("after the closing quote");
    }

    @Test
    void aMissingFileIsEmpty(@TempDir Path directory) {
        assertThat(DotEnv.read(directory.resolve(".env"))).isEmpty();
    }

    @Test
    void readsAFile(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve(".env"), "\uFEFFPORT=1234\n");

        assertThat(DotEnv.read(directory.resolve(".env"))).containsEntry("PORT", "1234");
    }
}
