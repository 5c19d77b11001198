package dev.shopifyingest.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@code .env} file: one {@code KEY=VALUE} per line, the format Docker Compose and most
 * dotenv libraries share.
 *
 * <ul>
 *   <li>blank lines and lines starting with {@code #} are ignored; {@code export } before a key is allowed;</li>
 *   <li>an unquoted value is trimmed, and a {@code #} preceded by whitespace starts a comment;</li>
 *   <li>{@code 'single quotes'} keep everything literally;</li>
 *   <li>{@code "double quotes"} understand {@code \n}, {@code \r}, {@code \t}, {@code \"} and {@code \\};</li>
 *   <li>a key given twice keeps its last value; values span one line only.</li>
 * </ul>
 *
 * <p>Errors name the line number but never quote the line, which may hold a secret.
 */
public final class DotEnv {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private DotEnv() {
    }

    /**
     * Reads a file if it exists.
     *
     * @param file the {@code .env} file
     * @return its variables in file order; empty when the file does not exist
     * @throws ConfigException when the file cannot be read or a line is malformed
     */
    public static Map<String, String> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + file + ": " + e.getClass().getSimpleName()
                    + ". Fix its permissions or remove it.");
        }
        return parse(text, file.toString());
    }

    /**
     * The variables the app sees: {@code .env} in {@code workingDirectory} (if present) overlaid
     * by the environment, where a variable set to a blank value counts as not set.
     *
     * @param environment      the environment variables
     * @param workingDirectory where {@code .env} is looked for
     * @return the merged variables, none blank
     * @throws ConfigException when {@code .env} cannot be read or a line is malformed
     */
    public static Map<String, String> withEnvironment(Map<String, String> environment, Path workingDirectory) {
        Map<String, String> values = new HashMap<>(read(workingDirectory.resolve(".env")));
        environment.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                values.put(name, value);
            }
        });
        values.values().removeIf(String::isBlank);
        return values;
    }

    /**
     * Parses the text of a {@code .env} file.
     *
     * @param text   the file's content
     * @param source the file's name, for error messages
     * @return its variables in file order
     * @throws ConfigException when a line is malformed
     */
    public static Map<String, String> parse(String text, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring("export".length()).strip();
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw malformed(source, i, "expected KEY=VALUE");
            }
            String key = line.substring(0, equals).strip();
            if (!KEY.matcher(key).matches()) {
                throw malformed(source, i, "a key must be letters, digits and underscores, not starting with a digit");
            }
            values.put(key, value(line.substring(equals + 1), source, i));
        }
        return Collections.unmodifiableMap(values);
    }

    private static String value(String afterEquals, String source, int line) {
        String raw = afterEquals.strip();
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            if (end < 0) {
                throw malformed(source, line, "the single quote is not closed on this line");
            }
            requireOnlyComment(raw.substring(end + 1), source, line);
            return raw.substring(1, end);
        }
        if (raw.startsWith("\"")) {
            StringBuilder value = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    requireOnlyComment(raw.substring(i + 1), source, line);
                    return value.toString();
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char escaped = raw.charAt(++i);
                    value.append(switch (escaped) {
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        default -> escaped;
                    });
                } else {
                    value.append(c);
                }
            }
            throw malformed(source, line, "the double quote is not closed on this line");
        }
        // A '#' starts a comment only after whitespace, so KEY=#abc keeps its value.
        for (int i = 1; i < afterEquals.length(); i++) {
            if (afterEquals.charAt(i) == '#' && Character.isWhitespace(afterEquals.charAt(i - 1))) {
                return afterEquals.substring(0, i).strip();
            }
        }
        return raw;
    }

    private static void requireOnlyComment(String rest, String source, int line) {
        String trimmed = rest.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
            throw malformed(source, line, "unexpected text after the closing quote");
        }
    }

    private static ConfigException malformed(String source, int index, String problem) {
        return new ConfigException(source + " line " + (index + 1) + ": " + problem + ".");
    }
}
