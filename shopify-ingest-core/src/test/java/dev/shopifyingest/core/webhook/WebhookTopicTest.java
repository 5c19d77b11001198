package dev.shopifyingest.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WebhookTopicTest {

    @ParameterizedTest
    @EnumSource(WebhookTopic.Known.class)
    void everyKnownTopicRoundTripsThroughItsWireName(WebhookTopic.Known topic) {
        assertThat(WebhookTopic.of(topic.wireName())).isSameAs(topic);
        assertThat(topic.requireKnown()).isSameAs(topic);
    }

    @Test
    void knowsTheTopicsTheIngesterNeeds() {
        assertThat(Arrays.stream(WebhookTopic.Known.values()).map(WebhookTopic::wireName))
                .containsExactlyInAnyOrder(
                        "customers/create", "customers/update", "customers/delete",
                        "products/create", "products/update", "products/delete",
                        "orders/create", "orders/updated", "orders/delete", "orders/cancelled", "orders/paid",
                        "orders/fulfilled", "orders/partially_fulfilled", "orders/edited", "refunds/create",
                        "app/uninstalled", "app/scopes_update", "shop/update", "bulk_operations/finish",
                        "customers/data_request", "customers/redact", "shop/redact");
    }

    @Test
    void marksExactlyTheThreeMandatoryComplianceTopics() {
        assertThat(Arrays.stream(WebhookTopic.Known.values()).filter(WebhookTopic::isCompliance))
                .containsExactlyInAnyOrder(
                        WebhookTopic.Known.CUSTOMERS_DATA_REQUEST, WebhookTopic.Known.CUSTOMERS_REDACT, WebhookTopic.Known.SHOP_REDACT);
    }

    @Test
    void carriesAnUnknownTopicVerbatim() {
        WebhookTopic topic = WebhookTopic.of("inventory_levels/update");
        assertThat(topic).isEqualTo(new WebhookTopic.Unknown("inventory_levels/update"));
        assertThat(topic.wireName()).isEqualTo("inventory_levels/update");
        assertThat(topic.isCompliance()).isFalse();
    }

    @Test
    void matchesWireNamesExactly() {
        assertThat(WebhookTopic.of("Orders/Create")).isInstanceOf(WebhookTopic.Unknown.class);
        assertThat(WebhookTopic.of("orders/update")).isInstanceOf(WebhookTopic.Unknown.class);
    }

    @Test
    void requireKnownRejectsAnUnknownTopicWithAClearError() {
        assertThatThrownBy(() -> WebhookTopic.of("carts/create").requireKnown())
                .isInstanceOfSatisfying(WebhookDeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebhookDeliveryException.Reason.UNKNOWN_TOPIC);
                    assertThat(e.header()).contains("X-Shopify-Topic");
                })
                .hasMessageContaining("'carts/create'")
                .hasMessageContaining("not handled");
    }

    @Test
    void switchesExhaustively() {
        WebhookTopic topic = WebhookTopic.of("orders/paid");
        String handled = switch (topic) {
            case WebhookTopic.Known known -> "known " + known.name();
            case WebhookTopic.Unknown unknown -> "unknown " + unknown.wireName();
        };
        assertThat(handled).isEqualTo("known ORDERS_PAID");
    }
}
