package dev.shopifyingest.testkit.oauth;

import java.util.Map;
import java.util.Objects;

/**
 * What an OAuth endpoint answers, independent of the HTTP server that sends it.
 *
 * @param status HTTP status
 * @param headers response headers, including {@code Content-Type} and, for redirects, {@code Location}
 * @param body response body (JSON or a small HTML error page), empty for redirects
 */
public record OAuthReply(int status, Map<String, String> headers, String body) {

    /** Checks and copies the fields. */
    public OAuthReply {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }
}
