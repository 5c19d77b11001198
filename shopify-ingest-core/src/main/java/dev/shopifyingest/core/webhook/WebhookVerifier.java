package dev.shopifyingest.core.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a webhook delivery was signed by Shopify with the app's client secret.
 *
 * <p>Shopify signs the <em>raw body bytes</em> with HMAC-SHA256 and sends the result base64-encoded
 * in {@code X-Shopify-Hmac-Sha256}. This class recomputes it and compares in constant time. Any
 * problem with the header (missing, blank, not base64, wrong length, wrong value) gives
 * {@code false}, never an exception, so an endpoint has exactly one failure to handle: answer 401.
 *
 * <p>During a client-secret rotation Shopify may keep signing with the old secret for up to an hour;
 * configure it as the {@linkplain Builder#previousSecret(String) previous secret} until then, and a
 * delivery signed with either is accepted.
 *
 * <p>Immutable and thread-safe. Secrets are held privately and never printed.
 */
public final class WebhookVerifier {

    private static final Logger log = LoggerFactory.getLogger(WebhookVerifier.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int SHA256_BYTES = 32;

    private final SecretKeySpec secret;
    private final SecretKeySpec previousSecret;

    private WebhookVerifier(Builder b) {
        this.secret = key(Objects.requireNonNull(b.secret, "secret"));
        this.previousSecret = b.previousSecret == null ? null : key(b.previousSecret);
    }

    /**
     * Creates a verifier for one secret.
     *
     * @param secret the app's client secret
     * @return the verifier
     */
    public static WebhookVerifier of(String secret) {
        return builder().secret(secret).build();
    }

    /**
     * Starts a builder, for a verifier that also accepts a previous secret.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether {@code hmacHeader} is the HMAC of {@code rawBody} under the current or the previous
     * secret.
     *
     * @param rawBody the request body exactly as received, before any parsing
     * @param hmacHeader the {@code X-Shopify-Hmac-Sha256} header value, possibly null
     * @return true only if the signature is genuine
     */
    public boolean verify(byte[] rawBody, String hmacHeader) {
        Objects.requireNonNull(rawBody, "rawBody");
        if (hmacHeader == null || hmacHeader.isBlank()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(hmacHeader.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (given.length != SHA256_BYTES) {
            return false;
        }
        if (MessageDigest.isEqual(hmac(secret, rawBody), given)) {
            return true;
        }
        if (previousSecret != null && MessageDigest.isEqual(hmac(previousSecret, rawBody), given)) {
            log.debug("Webhook signed with the previous client secret; rotation still in progress");
            return true;
        }
        return false;
    }

    /**
     * Whether a parsed delivery's body carries a genuine signature.
     *
     * @param delivery the delivery, with its HMAC header and raw body
     * @return true only if the signature is genuine
     */
    public boolean verify(WebhookDelivery delivery) {
        Objects.requireNonNull(delivery, "delivery");
        return verify(delivery.body(), delivery.hmac());
    }

    /**
     * Describes the verifier without its secrets.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "WebhookVerifier[secrets=<redacted>, previousSecret=" + (previousSecret != null) + "]";
    }

    private static SecretKeySpec key(String secret) {
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("A webhook secret must not be empty");
        }
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Collects the secrets of a {@link WebhookVerifier}; not thread-safe. */
    public static final class Builder {
        private String secret;
        private String previousSecret;

        private Builder() {}

        /**
         * Sets the current client secret. Required.
         *
         * @param secret the app's client secret
         * @return this builder
         */
        public Builder secret(String secret) {
            this.secret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /**
         * Sets the client secret being rotated out, accepted as well until removed.
         *
         * @param previousSecret the old secret, or null for none
         * @return this builder
         */
        public Builder previousSecret(String previousSecret) {
            this.previousSecret = previousSecret;
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return the verifier
         * @throws NullPointerException if no secret was set
         * @throws IllegalArgumentException if a secret is empty
         */
        public WebhookVerifier build() {
            return new WebhookVerifier(this);
        }
    }
}
