package dev.shopifyingest.core.internal;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * Lossless JSON trees: objects as ordered {@code Map<String, Object>}, arrays as {@code List},
 * numbers as {@link BigDecimal} (so 64-bit ids and money survive exactly, unlike a parse into
 * {@code double}), strings, booleans and {@code null}. Not part of the public API.
 */
public final class Json {

    private Json() {
    }

    /**
     * Parses one JSON document.
     *
     * @throws MalformedJsonException when the text is not JSON
     */
    public static Object parse(String text) {
        try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(text))) {
            Object value = read(reader);
            if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
                throw new MalformedJsonException("Unexpected content after the JSON document");
            }
            return value;
        } catch (com.squareup.moshi.JsonDataException | com.squareup.moshi.JsonEncodingException e) {
            throw new MalformedJsonException(e.getMessage());
        } catch (java.io.EOFException e) {
            throw new MalformedJsonException("The JSON document ends too early");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next value of {@code reader} as a tree. */
    public static Object read(JsonReader reader) throws IOException {
        return switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    object.put(reader.nextName(), read(reader));
                }
                reader.endObject();
                yield object;
            }
            case BEGIN_ARRAY -> {
                List<Object> array = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader));
                }
                reader.endArray();
                yield array;
            }
            case STRING -> reader.nextString();
            case NUMBER -> new BigDecimal(reader.nextString());
            case BOOLEAN -> reader.nextBoolean();
            case NULL -> reader.nextNull();
            default -> throw new MalformedJsonException("Unexpected JSON token " + reader.peek());
        };
    }

    /** The object at {@code key}, or {@code null} when absent or null. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new MalformedJsonException("Expected an object at '" + key + "'");
    }

    /** The array at {@code key}, or an empty list when absent or null. */
    @SuppressWarnings("unchecked")
    public static List<Object> array(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new MalformedJsonException("Expected an array at '" + key + "'");
    }

    /** The objects of the array at {@code key}. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(Map<String, Object> parent, String key) {
        List<Object> values = array(parent, key);
        for (Object value : values) {
            if (!(value instanceof Map<?, ?>)) {
                throw new MalformedJsonException("Expected objects in '" + key + "'");
            }
        }
        return (List<Map<String, Object>>) (List<?>) values;
    }

    /** The string at {@code key} (numbers are given in their exact text), or {@code null}. */
    public static String string(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        throw new MalformedJsonException("Expected a string at '" + key + "'");
    }

    /** The number at {@code key} (a JSON number or a numeric string), or {@code null}. */
    public static BigDecimal decimal(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            return null;
        }
        try {
            return value instanceof BigDecimal d ? d : new BigDecimal(string(parent, key));
        } catch (NumberFormatException e) {
            throw new MalformedJsonException("Expected a number at '" + key + "'");
        }
    }

    /** The boolean at {@code key}, or {@code fallback} when absent or null. */
    public static boolean bool(Map<String, Object> parent, String key, boolean fallback) {
        Object value = parent.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new MalformedJsonException("Expected a boolean at '" + key + "'");
    }

    /** Writes a tree (maps, lists, strings, numbers, booleans, nulls) as compact JSON. */
    public static String write(Object value) {
        Buffer buffer = new Buffer();
        try (JsonWriter writer = JsonWriter.of(buffer)) {
            writer.setSerializeNulls(true);
            write(writer, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.readUtf8();
    }

    private static void write(JsonWriter writer, Object value) throws IOException {
        if (value == null) {
            writer.nullValue();
        } else if (value instanceof Map<?, ?> map) {
            writer.beginObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                writer.name(String.valueOf(entry.getKey()));
                write(writer, entry.getValue());
            }
            writer.endObject();
        } else if (value instanceof Iterable<?> list) {
            writer.beginArray();
            for (Object item : list) {
                write(writer, item);
            }
            writer.endArray();
        } else if (value instanceof String s) {
            writer.value(s);
        } else if (value instanceof Boolean b) {
            writer.value(b);
        } else if (value instanceof BigDecimal d) {
            writer.value(d);
        } else if (value instanceof Number n) {
            writer.value(n);
        } else {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    /** The text was not valid JSON. */
    public static final class MalformedJsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** A message saying what was wrong. */
        public MalformedJsonException(String message) {
            super(message);
        }
    }
}
