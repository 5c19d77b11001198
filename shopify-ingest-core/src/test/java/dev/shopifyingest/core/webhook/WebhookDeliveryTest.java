package dev.shopifyingest.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.core.ShopDomain;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookDeliveryTest {

    private static final byte[] BODY = "{\"id\":820982911946154508}".getBytes(StandardCharsets.UTF_8);

    private static Map<String, String> requiredHeaders(String topic) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Shopify-Topic", topic);
        headers.put("X-Shopify-Shop-Domain", "my-store.myshopify.com");
        headers.put("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        headers.put("X-Shopify-Hmac-Sha256", "XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=");
        return headers;
    }

    @Test
    void readsEveryHeaderWhateverItsCase() {
        Map<String, String> headers = new HashMap<>();
        headers.put("x-shopify-topic", "orders/create");
        headers.put("X-SHOPIFY-SHOP-DOMAIN", "my-store.myshopify.com");
        headers.put("x-Shopify-Webhook-ID", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        headers.put("X-Shopify-HMAC-SHA256", "XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=");
        headers.put("x-shopify-event-id", "98880550-7158-44d4-b7cd-2c97c8a091b5");
        headers.put("X-Shopify-Triggered-At", "2026-11-27T12:34:56.789012345Z");
        headers.put("x-shopify-api-version", "2026-10");
        headers.put("X-Shopify-Sub-Topic", "payment");
        headers.put("x-shopify-name", "orders-to-ingest");
        headers.put("Content-Type", "application/json");

        WebhookDelivery delivery = WebhookDelivery.parse(headers, BODY);

        assertThat(delivery.topic()).isEqualTo(WebhookTopic.Known.ORDERS_CREATE);
        assertThat(delivery.shopDomain()).isEqualTo(ShopDomain.parse("my-store"));
        assertThat(delivery.webhookId()).isEqualTo("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        assertThat(delivery.eventId()).isEqualTo("98880550-7158-44d4-b7cd-2c97c8a091b5");
        assertThat(delivery.triggeredAt()).isEqualTo(Instant.parse("2026-11-27T12:34:56.789012345Z"));
        assertThat(delivery.apiVersion()).isEqualTo("2026-10");
        assertThat(delivery.subTopic()).isEqualTo("payment");
        assertThat(delivery.name()).isEqualTo("orders-to-ingest");
        assertThat(delivery.hmac()).isEqualTo("XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=");
        assertThat(delivery.body()).isEqualTo(BODY);
    }

    @Test
    void leavesOptionalHeadersNullWhenAbsentOrBlank() {
        Map<String, String> headers = requiredHeaders("orders/paid");
        headers.put("X-Shopify-Event-Id", " ");
        WebhookDelivery delivery = WebhookDelivery.parse(headers, BODY);
        assertThat(delivery.eventId()).isNull();
        assertThat(delivery.triggeredAt()).isNull();
        assertThat(delivery.apiVersion()).isNull();
        assertThat(delivery.subTopic()).isNull();
        assertThat(delivery.name()).isNull();
    }

    @Test
    void readsATriggeredAtWithAnOffsetAndIgnoresAnUnreadableOne() {
        Map<String, String> headers = requiredHeaders("orders/paid");
        headers.put("X-Shopify-Triggered-At", "2026-11-27T13:00:00+01:00");
        assertThat(WebhookDelivery.parse(headers, BODY).triggeredAt()).isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
        headers.put("X-Shopify-Triggered-At", "yesterday");
        assertThat(WebhookDelivery.parse(headers, BODY).triggeredAt()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id", "X-Shopify-Hmac-Sha256"})
    void namesAMissingRequiredHeader(String header) {
        Map<String, String> headers = requiredHeaders("orders/create");
        headers.remove(header);
        assertThatThrownBy(() -> WebhookDelivery.parse(headers, BODY))
                .isInstanceOfSatisfying(WebhookDeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebhookDeliveryException.Reason.MISSING_HEADER);
                    assertThat(e.header()).contains(header);
                })
                .hasMessageContaining(header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-shopify-topic", "X-SHOPIFY-SHOP-DOMAIN", "x-shopify-webhook-id", "x-shopify-hmac-sha256"})
    void treatsABlankRequiredHeaderAsMissing(String header) {
        Map<String, String> headers = new HashMap<>();
        requiredHeaders("orders/create").forEach((k, v) -> headers.put(k.equalsIgnoreCase(header) ? header : k, v));
        headers.put(header, "  ");
        assertThatThrownBy(() -> WebhookDelivery.parse(headers, BODY))
                .isInstanceOfSatisfying(WebhookDeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookDeliveryException.Reason.MISSING_HEADER))
                .hasMessageContaining("X-Shopify-");
    }

    @Test
    void rejectsAShopHeaderThatIsNotACanonicalShopDomain() {
        for (String shop : new String[] {"evil.com", "my-store", "https://my-store.myshopify.com", "x.myshopify.com.evil.com"}) {
            Map<String, String> headers = requiredHeaders("orders/create");
            headers.put("X-Shopify-Shop-Domain", shop);
            assertThatThrownBy(() -> WebhookDelivery.parse(headers, BODY))
                    .as(shop)
                    .isInstanceOfSatisfying(WebhookDeliveryException.class, e -> {
                        assertThat(e.reason()).isEqualTo(WebhookDeliveryException.Reason.INVALID_HEADER);
                        assertThat(e.header()).contains("X-Shopify-Shop-Domain");
                    });
        }
    }

    @Test
    void rejectsAHeaderGivenTwiceWithDifferentValues() {
        Map<String, String> headers = requiredHeaders("orders/create");
        headers.put("x-shopify-topic", "app/uninstalled");
        assertThatThrownBy(() -> WebhookDelivery.parse(headers, BODY))
                .isInstanceOfSatisfying(WebhookDeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookDeliveryException.Reason.INVALID_HEADER))
                .hasMessageContaining("X-Shopify-Topic");
    }

    @Test
    void carriesAnUnknownTopicForTheCallerToReject() {
        WebhookDelivery delivery = WebhookDelivery.parse(requiredHeaders("carts/update"), BODY);
        assertThat(delivery.topic()).isEqualTo(new WebhookTopic.Unknown("carts/update"));
        assertThatThrownBy(() -> delivery.topic().requireKnown())
                .isInstanceOfSatisfying(WebhookDeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookDeliveryException.Reason.UNKNOWN_TOPIC));
    }

    @Test
    void keepsItsOwnCopyOfTheBody() {
        byte[] body = BODY.clone();
        WebhookDelivery delivery = WebhookDelivery.parse(requiredHeaders("orders/create"), body);
        body[0] = 'X';
        delivery.body()[1] = 'Y';
        assertThat(delivery.body()).isEqualTo(BODY);
    }

    @Test
    void comparesTheBodyByContent() {
        WebhookDelivery a = WebhookDelivery.parse(requiredHeaders("orders/create"), BODY.clone());
        WebhookDelivery b = WebhookDelivery.parse(requiredHeaders("orders/create"), BODY.clone());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void toStringLeavesOutTheBodyAndTheHmac() {
        byte[] personal = "{\"email\":\"jon@example.com\"}".getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = WebhookDelivery.parse(requiredHeaders("customers/create"), personal);
        assertThat(delivery.toString())
                .doesNotContain("jon@example.com")
                .doesNotContain("XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=")
                .contains("customers/create")
                .contains("my-store.myshopify.com");
    }

    // ---- cross-checking the unsigned shop header against the signed body ----

    @ParameterizedTest
    @ValueSource(strings = {"customers/data_request", "customers/redact", "shop/redact"})
    void confirmsTheShopOfACompliancePayload(String topic) {
        byte[] body = "{\"shop_id\":954889,\"shop_domain\":\"my-store.myshopify.com\",\"customer\":{\"id\":1}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookDelivery.parse(requiredHeaders(topic), body).checkShopAgainstBody()).isTrue();
    }

    @Test
    void rejectsACompliancePayloadReplayedUnderAnotherShopsName() {
        byte[] body = "{\"shop_id\":954889,\"shop_domain\":\"victim-store.myshopify.com\"}".getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = WebhookDelivery.parse(requiredHeaders("shop/redact"), body);
        assertThatThrownBy(delivery::checkShopAgainstBody)
                .isInstanceOfSatisfying(WebhookDeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookDeliveryException.Reason.SHOP_MISMATCH))
                .hasMessageContaining("my-store.myshopify.com")
                .hasMessageContaining("victim-store.myshopify.com");
    }

    @Test
    void rejectsACompliancePayloadWithoutItsShopDomain() {
        byte[] body = "{\"shop_id\":954889,\"nested\":{\"shop_domain\":\"my-store.myshopify.com\"}}"
                .getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = WebhookDelivery.parse(requiredHeaders("customers/redact"), body);
        assertThatThrownBy(delivery::checkShopAgainstBody)
                .isInstanceOfSatisfying(WebhookDeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookDeliveryException.Reason.SHOP_MISMATCH))
                .hasMessageContaining("shop_domain");
    }

    @Test
    void confirmsTheShopOfAnUninstallPayloadByItsMyshopifyDomain() {
        byte[] body = "{\"id\":548380009,\"name\":\"My Store\",\"domain\":\"shop.example.com\",\"myshopify_domain\":\"my-store.myshopify.com\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookDelivery.parse(requiredHeaders("app/uninstalled"), body).checkShopAgainstBody()).isTrue();
    }

    @Test
    void rejectsAnUninstallPayloadForAnotherShop() {
        byte[] body = "{\"id\":548380009,\"myshopify_domain\":\"victim-store.myshopify.com\"}".getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = WebhookDelivery.parse(requiredHeaders("app/uninstalled"), body);
        assertThatThrownBy(delivery::checkShopAgainstBody)
                .isInstanceOfSatisfying(WebhookDeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookDeliveryException.Reason.SHOP_MISMATCH));
    }

    @Test
    void reportsNothingToCompareForTopicsWhosePayloadDoesNotNameTheShop() {
        assertThat(WebhookDelivery.parse(requiredHeaders("orders/create"), BODY).checkShopAgainstBody()).isFalse();
        assertThat(WebhookDelivery.parse(requiredHeaders("carts/update"), BODY).checkShopAgainstBody()).isFalse();
    }

    @Test
    void rejectsACompliancePayloadThatIsNotAJsonObject() {
        byte[] body = "[\"my-store.myshopify.com\"]".getBytes(StandardCharsets.UTF_8);
        WebhookDelivery delivery = WebhookDelivery.parse(requiredHeaders("shop/redact"), body);
        assertThatThrownBy(delivery::checkShopAgainstBody)
                .isInstanceOfSatisfying(WebhookDeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookDeliveryException.Reason.MALFORMED_BODY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"customers/data_request", "customers/redact", "shop/redact", "app/uninstalled", "shop/update"})
    void rejectsAPayloadNamingTheShopInInvalidUtf8AsMalformedNotAsAnotherShop(String topic) {
        String field = topic.equals("app/uninstalled") || topic.equals("shop/update") ? "myshopify_domain" : "shop_domain";
        byte[] body = concat("{\"" + field + "\":\"my-", new byte[] {(byte) 0xFF}, "store.myshopify.com\"}");
        WebhookDelivery delivery = WebhookDelivery.parse(requiredHeaders(topic), body);
        int badByte = field.length() + 9;
        assertThatThrownBy(delivery::checkShopAgainstBody)
                .isInstanceOfSatisfying(WebhookDeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookDeliveryException.Reason.MALFORMED_BODY))
                .hasMessage("The " + topic + " payload for my-store.myshopify.com is not valid UTF-8 JSON: byte "
                        + badByte + " does not start a character.");
    }

    @Test
    void rejectsACompliancePayloadWithInvalidUtf8OutsideItsShopDomain() {
        // An overlong '@' (C1 80) in the customer's email: the shop matches, the body is still not UTF-8.
        byte[] body = concat("{\"shop_domain\":\"my-store.myshopify.com\",\"customer\":{\"email\":\"jon",
                new byte[] {(byte) 0xC1, (byte) 0x80}, "example.com\"}}");
        WebhookDelivery delivery = WebhookDelivery.parse(requiredHeaders("customers/redact"), body);
        assertThatThrownBy(delivery::checkShopAgainstBody)
                .isInstanceOfSatisfying(WebhookDeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookDeliveryException.Reason.MALFORMED_BODY))
                .hasMessageContaining("is not valid UTF-8 JSON: byte 65 ")
                .hasMessageNotContaining("jon");
    }

    private static byte[] concat(String before, byte[] bytes, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bytes.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        System.arraycopy(tail, 0, all, head.length + bytes.length, tail.length);
        return all;
    }
}
