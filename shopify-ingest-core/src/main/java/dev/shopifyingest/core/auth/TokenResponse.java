package dev.shopifyingest.core.auth;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.shopifyingest.core.ShopDomain;
import java.io.IOException;
import java.time.Instant;
import okio.Buffer;

/**
 * Reads the body of Shopify's {@code /admin/oauth/access_token} answer.
 *
 * <p>Fields: {@code access_token} (required), {@code scope}, and for expiring tokens
 * {@code expires_in}, {@code refresh_token} and {@code refresh_token_expires_in} (seconds). Other
 * fields (online tokens carry {@code associated_user}) are skipped.
 */
final class TokenResponse {

    private TokenResponse() {}

    /**
     * Parses the body into a token.
     *
     * @param json the response body
     * @param shop the shop the token is for
     * @param receivedAt when the response arrived; relative expiries count from here
     * @throws TokenExchangeException with {@code UNEXPECTED_RESPONSE} if the body is not a token
     *     response; the message never quotes the body
     */
    static AccessToken parse(String json, ShopDomain shop, Instant receivedAt) {
        String accessToken = null;
        String scope = null;
        Long expiresIn = null;
        String refreshToken = null;
        Long refreshTokenExpiresIn = null;
        try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json))) {
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (reader.peek() == JsonReader.Token.NULL) {
                    reader.nextNull();
                    continue;
                }
                switch (name) {
                    case "access_token" -> accessToken = reader.nextString();
                    case "scope" -> scope = reader.nextString();
                    case "expires_in" -> expiresIn = reader.nextLong();
                    case "refresh_token" -> refreshToken = reader.nextString();
                    case "refresh_token_expires_in" -> refreshTokenExpiresIn = reader.nextLong();
                    default -> reader.skipValue();
                }
            }
            reader.endObject();
        } catch (IOException | JsonDataException e) {
            throw new TokenExchangeException(
                    TokenExchangeException.Reason.UNEXPECTED_RESPONSE,
                    "Shopify's token response for " + shop + " is not the expected JSON object", e);
        }
        if (accessToken == null || accessToken.isBlank()) {
            throw new TokenExchangeException(
                    TokenExchangeException.Reason.UNEXPECTED_RESPONSE,
                    "Shopify's token response for " + shop + " has no access_token");
        }
        return new AccessToken(
                shop,
                accessToken,
                AccessScopes.parse(scope),
                expiresIn == null ? null : receivedAt.plusSeconds(expiresIn),
                refreshToken,
                refreshTokenExpiresIn == null ? null : receivedAt.plusSeconds(refreshTokenExpiresIn));
    }
}
