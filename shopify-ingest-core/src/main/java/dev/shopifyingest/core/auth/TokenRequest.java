package dev.shopifyingest.core.auth;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import okio.Buffer;

/** The JSON body of a request to Shopify's {@code /admin/oauth/access_token}, for every grant. */
final class TokenRequest {

    private TokenRequest() {
    }

    /**
     * The app's credentials and the grant's own fields.
     *
     * @param clientId     the app's client id
     * @param clientSecret the app's client secret
     * @param fields       further names and values, in pairs
     * @return the UTF-8 JSON object
     */
    static byte[] json(String clientId, String clientSecret, String... fields) {
        Buffer buffer = new Buffer();
        try (JsonWriter json = JsonWriter.of(buffer)) {
            json.beginObject();
            json.name("client_id").value(clientId);
            json.name("client_secret").value(clientSecret);
            for (int i = 0; i + 1 < fields.length; i += 2) {
                json.name(fields[i]).value(fields[i + 1]);
            }
            json.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to an in-memory buffer does not fail
        }
        return buffer.readByteArray();
    }
}
