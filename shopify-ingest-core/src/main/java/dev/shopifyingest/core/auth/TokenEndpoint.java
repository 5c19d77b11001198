package dev.shopifyingest.core.auth;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * Shopify's {@code POST {shopBase}/admin/oauth/access_token}, for every grant an app uses: sends
 * one token request as JSON with the app's credentials and the grant's own fields, and sorts the
 * answer into a token, a refusal or a network failure.
 *
 * <p>What a refusal means depends on the grant (Shopify answers 400 to a bad code or refresh
 * token, 401 to wrong client credentials), so each call names the status that refuses its
 * credential and what that means; any other failure is {@code UNEXPECTED_RESPONSE}, quoting
 * Shopify's {@code error} and {@code error_description}. Messages never contain the client secret
 * or a credential the request carried.
 */
final class TokenEndpoint {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** Request fields that carry no secret; every other field's value is kept out of messages. */
    private static final List<String> PUBLIC_FIELDS = List.of("grant_type", "expiring");

    /**
     * What one grant makes of Shopify's answers.
     *
     * @param name           the grant, as messages name it ({@code the client credentials grant})
     * @param refusedStatus  the HTTP status by which Shopify refuses this grant's credential
     * @param refusedReason  the reason reported for that status
     * @param refusedMessage the message reported for that status: what was refused and what to do
     * @param advice         what to check after any other failure
     */
    record Grant(String name, int refusedStatus, TokenExchangeException.Reason refusedReason, String refusedMessage,
                 String advice) {
    }

    private final OkHttpClient httpClient;
    private final ShopBaseUrl shopBaseUrl;
    private final Clock clock;
    private final String clientId;
    private final String clientSecret;

    /**
     * The endpoint for one app.
     *
     * @param httpClient   sends the requests
     * @param shopBaseUrl  where shops' admin endpoints live
     * @param clock        dates the tokens (their relative expiries count from the answer)
     * @param clientId     the app's client id
     * @param clientSecret the app's client secret
     */
    TokenEndpoint(OkHttpClient httpClient, ShopBaseUrl shopBaseUrl, Clock clock, String clientId,
                  String clientSecret) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
        this.shopBaseUrl = Objects.requireNonNull(shopBaseUrl, "shopBaseUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    }

    /**
     * Asks for a token. Blocks for one HTTP round trip.
     *
     * @param shop   the shop the token is for
     * @param grant  what the grant makes of Shopify's refusals
     * @param fields the grant's own request fields, names and values in pairs
     * @return the token Shopify answered with
     * @throws TokenExchangeException with the grant's refused reason for its refused status,
     *     {@code UNEXPECTED_RESPONSE} for any other failing status or a body that is not a token,
     *     {@code NETWORK} when Shopify cannot be reached
     */
    AccessToken request(ShopDomain shop, Grant grant, String... fields) {
        Request request = new Request.Builder()
                .url(shopBaseUrl.resolve(shop, "admin/oauth/access_token"))
                .header("Accept", "application/json")
                .post(RequestBody.create(json(fields), JSON))
                .build();
        int status;
        String body;
        try (Response response = httpClient.newCall(request).execute()) {
            status = response.code();
            body = response.body() == null ? "" : response.body().string();
        } catch (IOException e) {
            throw new TokenExchangeException(TokenExchangeException.Reason.NETWORK,
                    "Could not reach Shopify for " + grant.name() + " for " + shop + ": " + e.getClass().getSimpleName()
                            + ". Check the shop domain and the network, then try again.", e);
        }
        if (status == grant.refusedStatus()) {
            throw new TokenExchangeException(grant.refusedReason(), grant.refusedMessage());
        }
        if (status < 200 || status > 299) {
            throw new TokenExchangeException(TokenExchangeException.Reason.UNEXPECTED_RESPONSE,
                    "Shopify answered HTTP " + status + " to " + grant.name() + " for " + shop
                            + quotedError(body, fields) + ". " + grant.advice());
        }
        return TokenResponse.parse(body, shop, clock.instant());
    }

    /** The JSON body: the app's credentials and the grant's own fields. */
    private byte[] json(String... fields) {
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

    // Shopify's OAuth errors are {"error": code, "error_description": text}; quote them, never the request.
    private String quotedError(String body, String... fields) {
        String error = null;
        String description = null;
        try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body))) {
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (reader.peek() == JsonReader.Token.STRING && name.equals("error")) {
                    error = reader.nextString();
                } else if (reader.peek() == JsonReader.Token.STRING && name.equals("error_description")) {
                    description = reader.nextString();
                } else {
                    reader.skipValue();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        String text = (error == null ? "" : error) + (description == null ? "" : (error == null ? "" : ": ") + description);
        if (text.isEmpty()) {
            return "";
        }
        List<String> secrets = new ArrayList<>(List.of(clientSecret));
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (!PUBLIC_FIELDS.contains(fields[i]) && !fields[i + 1].isEmpty()) {
                secrets.add(fields[i + 1]);
            }
        }
        for (String secret : secrets) {
            text = text.replace(secret, "<redacted>");
        }
        return " (" + text + ")";
    }
}
