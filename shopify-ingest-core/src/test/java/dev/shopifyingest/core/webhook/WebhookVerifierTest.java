package dev.shopifyingest.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookVerifierTest {

    private static final String SECRET = "shpss_current_secret";
    private static final String OLD_SECRET = "shpss_previous_secret";
    private static final byte[] BODY =
            "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"note\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookVerifier verifier = WebhookVerifier.of(SECRET);

    @Test
    void acceptsABodySignedWithTheSecret() {
        assertThat(verifier.verify(BODY, sign(SECRET, BODY))).isTrue();
    }

    @Test
    void acceptsAnEmptyBodySignedWithTheSecret() {
        assertThat(verifier.verify(new byte[0], sign(SECRET, new byte[0]))).isTrue();
    }

    @Test
    void toleratesWhitespaceAroundTheHeader() {
        assertThat(verifier.verify(BODY, " " + sign(SECRET, BODY) + " ")).isTrue();
    }

    @Test
    void rejectsATamperedBody() {
        String header = sign(SECRET, BODY);
        byte[] tampered = BODY.clone();
        tampered[10] ^= 1;
        assertThat(verifier.verify(tampered, header)).isFalse();
    }

    @Test
    void rejectsABodyThatWasReencodedAfterSigning() {
        String header = sign(SECRET, BODY);
        byte[] reencoded = new String(BODY, StandardCharsets.UTF_8).replace(":", ": ").getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(reencoded, header)).isFalse();
    }

    @Test
    void rejectsATamperedHeader() {
        byte[] mac = Base64.getDecoder().decode(sign(SECRET, BODY));
        mac[0] ^= 1;
        assertThat(verifier.verify(BODY, Base64.getEncoder().encodeToString(mac))).isFalse();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "not base64 at all!", "%%%", "====", "c2hvcnQ=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void rejectsMissingBlankGarbageShortAndLongHeaders(String header) {
        assertThat(verifier.verify(BODY, header)).isFalse();
    }

    @Test
    void rejectsTheHexFormThatOAuthCallbacksUse() {
        assertThat(verifier.verify(BODY, hexOf(Base64.getDecoder().decode(sign(SECRET, BODY))))).isFalse();
    }

    @Test
    void rejectsABodySignedWithAnotherSecret() {
        assertThat(verifier.verify(BODY, sign("someone_elses_secret", BODY))).isFalse();
    }

    @Test
    void acceptsTheOldSecretAsSecondaryDuringRotation() {
        WebhookVerifier rotating = WebhookVerifier.builder().secret(SECRET).previousSecret(OLD_SECRET).build();
        assertThat(rotating.verify(BODY, sign(SECRET, BODY))).isTrue();
        assertThat(rotating.verify(BODY, sign(OLD_SECRET, BODY))).isTrue();
        assertThat(rotating.verify(BODY, sign("unknown_secret", BODY))).isFalse();
    }

    @Test
    void rejectsTheOldSecretOnceRotationIsOver() {
        assertThat(verifier.verify(BODY, sign(OLD_SECRET, BODY))).isFalse();
    }

    @Test
    void verifiesAParsedDelivery() {
        Map<String, String> headers = Map.of(
                "X-Shopify-Topic", "orders/create",
                "X-Shopify-Shop-Domain", "my-store.myshopify.com",
                "X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                "X-Shopify-Hmac-Sha256", sign(SECRET, BODY));
        assertThat(verifier.verify(WebhookDelivery.parse(headers, BODY))).isTrue();
    }

    @Test
    void neverPrintsItsSecrets() {
        WebhookVerifier rotating = WebhookVerifier.builder().secret(SECRET).previousSecret(OLD_SECRET).build();
        assertThat(rotating.toString()).doesNotContain(SECRET).doesNotContain(OLD_SECRET);
    }

    @Test
    void requiresANonEmptySecret() {
        assertThatThrownBy(() -> WebhookVerifier.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookVerifier.builder().build()).isInstanceOf(NullPointerException.class);
    }

    /** The test's own signer, as Shopify signs: base64 of HMAC-SHA256 over the raw bytes. */
    private static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hexOf(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
