package dev.shopifyingest.app.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads JSON request bodies into records, with errors that name the problem: a wrong content
 * type (415), an empty body, a body that is not UTF-8 (with the byte), malformed JSON (with line
 * and column; content after the object, nesting beyond Jackson's depth limit and numbers beyond
 * its length limit included), a missing, unknown or mistyped field (400). Error messages never
 * repeat the body's content, which may hold a password.
 *
 * <p>Every record component is a required field. Supported component types: {@code String},
 * {@code boolean}, {@code int}, {@code long}.
 */
public final class JsonBodies {

    private final ObjectMapper mapper;

    /**
     * Creates the reader.
     *
     * @param mapper the JSON mapper
     */
    public JsonBodies(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Reads the request body as a JSON object into a record.
     *
     * @param request the request
     * @param type    the record type
     * @param <T>     the record type
     * @return the record
     * @throws ApiException 415 for a content type other than JSON, 400 for anything else wrong
     */
    public <T extends Record> T read(ServerRequest request, Class<T> type) {
        Optional<HttpMediaType> contentType = request.headers().contentType();
        if (contentType.isEmpty() || !contentType.get().test(MediaTypes.APPLICATION_JSON)) {
            throw new ApiException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type",
                    "Send the request body as JSON, with Content-Type: application/json.");
        }
        byte[] bytes = request.content().hasEntity() ? request.content().as(byte[].class) : new byte[0];
        if (bytes.length == 0) {
            throw ApiException.badRequest("invalid_json", "The request body is empty; send a JSON object.");
        }
        JsonNode root;
        try {
            // Decoded strictly first: Jackson would guess UTF-16 or UTF-32 from the bytes and accept
            // overlong UTF-8 (C0 AF as '/'), while the contract says UTF-8 and nothing else.
            root = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(utf8(bytes));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "The request body is not valid JSON" + where(e) + ".");
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "The request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("invalid_json", "The request body must be a JSON object.");
        }
        return toRecord(root, type);
    }

    /** The body as text, if it is UTF-8; 400 {@code invalid_json} naming the first bad byte otherwise. */
    private static String utf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw ApiException.badRequest("invalid_json",
                    "The request body is not valid UTF-8: byte " + (in.position() + 1)
                            + " does not start a character.");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static String where(JsonProcessingException e) {
        String problem = e.getOriginalMessage();
        String kind;
        if (e instanceof StreamConstraintsException && problem != null && problem.contains("nesting depth")) {
            return ": it nests arrays and objects more than " + StreamReadConstraints.DEFAULT_MAX_DEPTH
                    + " levels deep";
        } else if (e instanceof StreamConstraintsException && problem != null
                && problem.startsWith("Number value length")) {
            return ": a number has more than " + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " characters";
        } else if (e instanceof StreamConstraintsException) {
            return ": it exceeds a size limit";
        } else if (problem != null && problem.startsWith("Unexpected end-of-input")) {
            kind = ": it ends too early";
        } else if (problem != null && problem.startsWith("Duplicate field")) {
            kind = ": a field appears twice";
        } else if (problem != null && problem.startsWith("Trailing token")) {
            kind = ": more content follows the JSON object";
        } else {
            kind = ": unexpected content";
        }
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return kind;
        }
        return kind + " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static <T extends Record> T toRecord(JsonNode root, Class<T> type) {
        RecordComponent[] components = type.getRecordComponents();
        Set<String> known = Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiException.badRequest("invalid_request", "Unknown field '" + printable(name) + "'. Expected: "
                        + Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.joining(", "))
                        + ".");
            }
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            types[i] = component.getType();
            JsonNode value = root.get(component.getName());
            if (value == null || value.isNull()) {
                throw ApiException.badRequest("invalid_request", "Field '" + component.getName() + "' is required.");
            }
            values[i] = value(component, value);
        }
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new IllegalStateException("Cannot create " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create " + type.getSimpleName(), e);
        }
    }

    private static Object value(RecordComponent component, JsonNode value) {
        Class<?> type = component.getType();
        String name = component.getName();
        if (type == String.class) {
            if (!value.isTextual()) {
                throw ApiException.badRequest("invalid_request", "Field '" + name + "' must be a string.");
            }
            return value.textValue();
        }
        if (type == boolean.class || type == Boolean.class) {
            if (!value.isBoolean()) {
                throw ApiException.badRequest("invalid_request", "Field '" + name + "' must be true or false.");
            }
            return value.booleanValue();
        }
        if (type == int.class || type == Integer.class) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw ApiException.badRequest("invalid_request", "Field '" + name + "' must be a whole number.");
            }
            return value.intValue();
        }
        if (type == long.class || type == Long.class) {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw ApiException.badRequest("invalid_request", "Field '" + name + "' must be a whole number.");
            }
            return value.longValue();
        }
        throw new IllegalArgumentException("Unsupported field type " + type + " in " + component);
    }

    /** A field name as typed, cut short and stripped of control characters so it can be quoted safely. */
    private static String printable(String name) {
        String cleaned = name.codePoints()
                .filter(c -> !Character.isISOControl(c))
                .limit(40)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return cleaned.length() < name.length() ? cleaned + "…" : cleaned;
    }
}
