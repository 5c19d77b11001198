package dev.shopifyingest.app.auth;

import dev.shopifyingest.app.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens bound to a session: the token is an HMAC of the session id, under a key derived
 * from {@code JWT_SECRET}. It goes to the browser in a readable {@code csrf} cookie; a
 * state-changing request must echo it in {@code X-CSRF-Token}. A page on another origin can
 * neither read the cookie nor compute the token, and a token from another session does not match.
 */
final class CsrfTokens {

    private static final String MAC = "HmacSHA256";

    private final SecretKeySpec key;

    CsrfTokens(Secret jwtSecret) {
        // A key of its own, so a CSRF token can never double as anything signed with JWT_SECRET.
        this.key = new SecretKeySpec(mac(new SecretKeySpec(jwtSecret.bytes(), MAC),
                "shopify-ingest sample-app csrf token key v1"), MAC);
    }

    /** The token for a session. */
    String tokenFor(UUID sessionId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, sessionId.toString()));
    }

    /**
     * Whether a request's header and cookie both carry the session's token, compared in constant time.
     *
     * @param header    the {@code X-CSRF-Token} header, or {@code null}
     * @param cookie    the {@code csrf} cookie, or {@code null}
     * @param sessionId the session the request is authenticated with
     * @return whether the request may change state
     */
    boolean matches(String header, String cookie, UUID sessionId) {
        if (header == null || cookie == null) {
            return false;
        }
        byte[] expected = tokenFor(sessionId).getBytes(StandardCharsets.US_ASCII);
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        byte[] cookieBytes = cookie.getBytes(StandardCharsets.UTF_8);
        // Non-short-circuiting: both comparisons always run.
        return MessageDigest.isEqual(headerBytes, expected) & MessageDigest.isEqual(cookieBytes, expected);
    }

    private static byte[] mac(SecretKeySpec key, String message) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
