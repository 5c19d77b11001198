package dev.shopifyingest.core.webhook;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.shopifyingest.core.InvalidShopDomainException;
import dev.shopifyingest.core.ShopDomain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook delivery as received over HTTPS: what its headers say, plus the raw body.
 *
 * <p>Build it with {@link #parse(Map, byte[])}. The body is kept as the exact bytes received
 * (copied in and out, so nobody can change it behind the record's back) because the HMAC covers
 * those bytes. {@link #toString()} leaves the body and the HMAC out: payloads carry customers'
 * personal data.
 *
 * <p>Deduplicate per delivery on {@link #webhookId()} (the same across Shopify's retries) and per
 * event on {@link #eventId()} when present (shared by every subscription that saw the event).
 *
 * @param topic the topic, known or not
 * @param shopDomain the shop the delivery claims to be for (the header is not signed; see
 *     {@link #checkShopAgainstBody()})
 * @param webhookId the delivery id, stable across retries
 * @param eventId the event id, or null (Shopify does not always send it)
 * @param triggeredAt when the event was triggered (kept across retries), or null if absent or
 *     unreadable
 * @param apiVersion the API version the payload is shaped by, for example {@code 2026-10}, or null
 * @param subTopic the sub-topic, or null
 * @param name the subscription's name, or null
 * @param hmac the {@code X-Shopify-Hmac-Sha256} header, for {@link WebhookVerifier#verify(WebhookDelivery)}
 * @param body the raw body bytes
 */
public record WebhookDelivery(
        WebhookTopic topic,
        ShopDomain shopDomain,
        String webhookId,
        String eventId,
        Instant triggeredAt,
        String apiVersion,
        String subTopic,
        String name,
        String hmac,
        byte[] body) {

    /** {@code X-Shopify-Topic}: the topic, for example {@code orders/create}. Required. */
    public static final String HEADER_TOPIC = "X-Shopify-Topic";
    /** {@code X-Shopify-Shop-Domain}: the shop's myshopify.com domain. Required. */
    public static final String HEADER_SHOP_DOMAIN = "X-Shopify-Shop-Domain";
    /** {@code X-Shopify-Webhook-Id}: the delivery id. Required. */
    public static final String HEADER_WEBHOOK_ID = "X-Shopify-Webhook-Id";
    /** {@code X-Shopify-Hmac-Sha256}: base64 HMAC-SHA256 of the body. Required. */
    public static final String HEADER_HMAC = "X-Shopify-Hmac-Sha256";
    /** {@code X-Shopify-Event-Id}: the event id. Optional. */
    public static final String HEADER_EVENT_ID = "X-Shopify-Event-Id";
    /** {@code X-Shopify-Triggered-At}: ISO-8601 trigger time. Optional. */
    public static final String HEADER_TRIGGERED_AT = "X-Shopify-Triggered-At";
    /** {@code X-Shopify-API-Version}: the payload's API version. Optional. */
    public static final String HEADER_API_VERSION = "X-Shopify-API-Version";
    /** {@code X-Shopify-Sub-Topic}: the sub-topic. Optional. */
    public static final String HEADER_SUB_TOPIC = "X-Shopify-Sub-Topic";
    /** {@code X-Shopify-Name}: the subscription's name. Optional. */
    public static final String HEADER_NAME = "X-Shopify-Name";

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final int MAX_QUOTED = 100;

    /**
     * Validates the required components and copies the body.
     *
     * @param topic the topic
     * @param shopDomain the shop
     * @param webhookId the delivery id
     * @param eventId the event id, nullable
     * @param triggeredAt the trigger time, nullable
     * @param apiVersion the API version, nullable
     * @param subTopic the sub-topic, nullable
     * @param name the subscription name, nullable
     * @param hmac the HMAC header
     * @param body the raw body
     */
    public WebhookDelivery {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(shopDomain, "shopDomain");
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(hmac, "hmac");
        body = Objects.requireNonNull(body, "body").clone();
    }

    /**
     * Reads a delivery from its HTTP headers and raw body.
     *
     * <p>Header names are matched case-insensitively, as HTTP requires. Verify the HMAC with
     * {@link WebhookVerifier} first; parsing does not.
     *
     * @param headers the request headers, one value per name
     * @param rawBody the body bytes exactly as received
     * @return the delivery
     * @throws WebhookDeliveryException naming the header, if {@code X-Shopify-Topic},
     *     {@code X-Shopify-Shop-Domain}, {@code X-Shopify-Webhook-Id} or {@code X-Shopify-Hmac-Sha256}
     *     is missing or blank, if the shop domain is not canonical, or if a header is given twice
     *     with different values
     */
    public static WebhookDelivery parse(Map<String, String> headers, byte[] rawBody) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(rawBody, "rawBody");
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach(
                (key, value) -> {
                    if (key == null || value == null) {
                        return;
                    }
                    String previous = byName.putIfAbsent(key, value);
                    if (previous != null && !previous.equals(value)) {
                        throw new WebhookDeliveryException(WebhookDeliveryException.Reason.INVALID_HEADER, canonicalName(key),
                                "Webhook header " + canonicalName(key) + " appears twice with different values.");
                    }
                });

        String topic = required(byName, HEADER_TOPIC);
        String shopHeader = required(byName, HEADER_SHOP_DOMAIN);
        String webhookId = required(byName, HEADER_WEBHOOK_ID);
        String hmac = required(byName, HEADER_HMAC);

        ShopDomain shop;
        try {
            shop = new ShopDomain(shopHeader);
        } catch (InvalidShopDomainException e) {
            throw new WebhookDeliveryException(WebhookDeliveryException.Reason.INVALID_HEADER, HEADER_SHOP_DOMAIN,
                    "Webhook header " + HEADER_SHOP_DOMAIN + " is not a canonical *.myshopify.com domain: '"
                            + printable(shopHeader) + "'.", e);
        }

        return new WebhookDelivery(
                WebhookTopic.of(topic),
                shop,
                webhookId,
                optional(byName, HEADER_EVENT_ID),
                triggeredAt(optional(byName, HEADER_TRIGGERED_AT), shop, webhookId),
                optional(byName, HEADER_API_VERSION),
                optional(byName, HEADER_SUB_TOPIC),
                optional(byName, HEADER_NAME),
                hmac,
                rawBody);
    }

    /**
     * A copy of the raw body bytes.
     *
     * @return a new array each call
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * Cross-checks the unsigned {@code X-Shopify-Shop-Domain} header against the signed body, for
     * the topics whose payload names the shop: the compliance topics ({@code shop_domain}),
     * {@code app/uninstalled} and {@code shop/update} ({@code myshopify_domain}). Without this, a
     * genuine body captured from one shop could be replayed with another shop's name in the header,
     * for example to redact or uninstall the wrong tenant.
     *
     * @return true if the body names the shop and it matches; false if this topic's payload carries
     *     no shop to compare against (all other topics)
     * @throws WebhookDeliveryException with {@code SHOP_MISMATCH} if the body names another shop or
     *     lacks the field its topic always carries, or {@code MALFORMED_BODY} if the body is not a
     *     JSON object in valid UTF-8
     */
    public boolean checkShopAgainstBody() {
        String field = shopFieldOf(topic);
        if (field == null) {
            return false;
        }
        String named = topLevelString(field);
        if (named == null) {
            throw new WebhookDeliveryException(WebhookDeliveryException.Reason.SHOP_MISMATCH, null,
                    "The " + topic.wireName() + " payload for " + shopDomain + " has no " + field + " field to confirm the shop.");
        }
        ShopDomain bodyShop;
        try {
            bodyShop = ShopDomain.parse(named);
        } catch (InvalidShopDomainException e) {
            bodyShop = null;
        }
        if (!shopDomain.equals(bodyShop)) {
            log.warn("Webhook {} ({}): header names shop {} but the body's {} names '{}'",
                    webhookId, topic.wireName(), shopDomain, field, printable(named));
            throw new WebhookDeliveryException(WebhookDeliveryException.Reason.SHOP_MISMATCH, HEADER_SHOP_DOMAIN,
                    "Webhook header " + HEADER_SHOP_DOMAIN + " says " + shopDomain + " but the signed body's " + field
                            + " says '" + printable(named) + "'; the delivery may be a replay under another shop's name.");
        }
        return true;
    }

    /**
     * Compares all components, the body by content.
     *
     * @param other the object to compare with
     * @return true if equal
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookDelivery that
                && topic.equals(that.topic)
                && shopDomain.equals(that.shopDomain)
                && webhookId.equals(that.webhookId)
                && Objects.equals(eventId, that.eventId)
                && Objects.equals(triggeredAt, that.triggeredAt)
                && Objects.equals(apiVersion, that.apiVersion)
                && Objects.equals(subTopic, that.subTopic)
                && Objects.equals(name, that.name)
                && hmac.equals(that.hmac)
                && Arrays.equals(body, that.body);
    }

    /**
     * Hashes all components, the body by content.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(topic, shopDomain, webhookId, eventId, triggeredAt, apiVersion, subTopic, name, hmac)
                * 31 + Arrays.hashCode(body);
    }

    /**
     * Describes the delivery without its body or HMAC.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "WebhookDelivery[topic=" + topic.wireName() + ", shopDomain=" + shopDomain + ", webhookId=" + webhookId
                + ", eventId=" + eventId + ", triggeredAt=" + triggeredAt + ", apiVersion=" + apiVersion
                + ", subTopic=" + subTopic + ", name=" + name + ", body=<" + body.length + " bytes>]";
    }

    /** The top-level body field that names the shop for this topic, or null if it has none. */
    private static String shopFieldOf(WebhookTopic topic) {
        if (topic instanceof WebhookTopic.Known known) {
            return switch (known) {
                case CUSTOMERS_DATA_REQUEST, CUSTOMERS_REDACT, SHOP_REDACT -> "shop_domain";
                case APP_UNINSTALLED, SHOP_UPDATE -> "myshopify_domain";
                default -> null;
            };
        }
        return null;
    }

    /** Reads one top-level string field of the JSON body; null if absent or not a string. */
    private String topLevelString(String field) {
        // The JSON reader would turn invalid bytes into U+FFFD, and the shop named would then look
        // like another shop: a malformed body, not a replay.
        int malformedAt = firstMalformedUtf8Byte(body);
        if (malformedAt >= 0) {
            throw new WebhookDeliveryException(WebhookDeliveryException.Reason.MALFORMED_BODY, null,
                    "The " + topic.wireName() + " payload for " + shopDomain + " is not valid UTF-8 JSON: byte "
                            + (malformedAt + 1) + " does not start a character.");
        }
        try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
            reader.beginObject();
            String found = null;
            while (reader.hasNext()) {
                if (reader.nextName().equals(field) && reader.peek() == JsonReader.Token.STRING) {
                    found = reader.nextString();
                } else {
                    reader.skipValue();
                }
            }
            reader.endObject();
            return found;
        } catch (IOException | JsonDataException e) {
            throw new WebhookDeliveryException(WebhookDeliveryException.Reason.MALFORMED_BODY, null,
                    "The " + topic.wireName() + " payload for " + shopDomain + " is not a JSON object.", e);
        }
    }

    /** The index of the first byte that is not well-formed UTF-8 (overlong forms and surrogates included), or -1. */
    private static int firstMalformedUtf8Byte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(1024);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new WebhookDeliveryException(WebhookDeliveryException.Reason.MISSING_HEADER, name,
                    "Webhook request has no " + name + " header; it is not a Shopify webhook delivery.");
        }
        return value.strip();
    }

    private static String optional(Map<String, String> headers, String name) {
        String value = headers.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant triggeredAt(String value, ShopDomain shop, String webhookId) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            // Not worth failing a signed delivery over: Shopify would retry it and then drop the subscription.
            log.debug("Webhook {} for {}: unreadable {} header ignored", webhookId, shop, HEADER_TRIGGERED_AT);
            return null;
        }
    }

    /** Shopify's spelling of a header name we know, or the name as given. */
    private static String canonicalName(String name) {
        for (String known : new String[] {HEADER_TOPIC, HEADER_SHOP_DOMAIN, HEADER_WEBHOOK_ID, HEADER_HMAC,
                HEADER_EVENT_ID, HEADER_TRIGGERED_AT, HEADER_API_VERSION, HEADER_SUB_TOPIC, HEADER_NAME}) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return printable(name);
    }

    /** Untrusted text made safe for messages and logs: shortened, non-printable characters escaped. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(text.length(), MAX_QUOTED);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
            }
        }
        return text.length() > limit ? out.append("...").toString() : out.toString();
    }
}
