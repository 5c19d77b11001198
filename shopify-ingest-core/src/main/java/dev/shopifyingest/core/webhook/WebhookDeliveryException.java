package dev.shopifyingest.core.webhook;

import dev.shopifyingest.core.ShopifyException;
import java.util.Objects;
import java.util.Optional;

/**
 * Thrown when a webhook delivery cannot be accepted: a required header is missing or malformed,
 * the topic is not one the application handles, or the body contradicts the headers. The message
 * names the header or field at fault and never contains the body or the HMAC.
 *
 * <p>An endpoint typically answers 400 for these (after the HMAC was verified), so Shopify reports
 * the failure instead of silently dropping data.
 */
public final class WebhookDeliveryException extends ShopifyException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the delivery. */
    public enum Reason {
        /** A required header is absent or blank; {@link #header()} names it. */
        MISSING_HEADER,
        /** A header is present but unusable (for example a shop domain that is not canonical); {@link #header()} names it. */
        INVALID_HEADER,
        /** The topic is not one of {@link WebhookTopic.Known}. */
        UNKNOWN_TOPIC,
        /** The body names a different shop than the {@code X-Shopify-Shop-Domain} header, or lacks the shop it always carries. */
        SHOP_MISMATCH,
        /** The body is not the JSON object the topic promises. */
        MALFORMED_BODY
    }

    private final Reason reason;
    private final String header;

    /**
     * Creates the exception.
     *
     * @param reason what was wrong
     * @param header the header at fault, or null if none
     * @param message what was wrong, without body content or secrets
     */
    public WebhookDeliveryException(Reason reason, String header, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.header = header;
    }

    /**
     * Creates the exception with its cause.
     *
     * @param reason what was wrong
     * @param header the header at fault, or null if none
     * @param message what was wrong, without body content or secrets
     * @param cause the underlying failure
     */
    public WebhookDeliveryException(Reason reason, String header, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.header = header;
    }

    /**
     * What was wrong with the delivery.
     *
     * @return the reason, never null
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The header at fault, as Shopify spells it (for example {@code X-Shopify-Topic}).
     *
     * @return the header name, or empty when the failure is not about one header
     */
    public Optional<String> header() {
        return Optional.ofNullable(header);
    }
}
