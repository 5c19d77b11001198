package dev.shopifyingest.app.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;

/** The app's JSON settings, and writing a value as a JSON response. */
public final class Json {

    private Json() {
    }

    /**
     * The app's mapper: instants as ISO-8601 text, duplicate keys in input rejected.
     *
     * @return a new mapper
     */
    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * Sends a value as {@code application/json}.
     *
     * @param mapper   the mapper
     * @param response the response
     * @param status   the status
     * @param body     the value, usually a record
     */
    public static void send(ObjectMapper mapper, ServerResponse response, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        response.status(status);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(bytes);
    }
}
