package dev.shopifyingest.app.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.app.MutableClock;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.core.webhook.WebhookTopic;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Applied deliveries leave the inbox after the retention; pending ones never do. */
class InboxRetentionTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    private static WebhookDelivery delivery(String shop, String webhookId) {
        byte[] body = ("{\"id\":1,\"admin_graphql_api_id\":\"gid://shopify/Customer/1\",\"first_name\":\"Ada\","
                + "\"updated_at\":\"2026-11-01T10:00:00Z\",\"created_at\":\"2026-11-01T10:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
        return new WebhookDelivery(WebhookTopic.of("customers/update"), new ShopDomain(shop), webhookId,
                "event-" + webhookId, Instant.now(), "2026-10", null, null, "verified", body);
    }

    @Test
    void trimsAppliedDeliveriesOlderThanTheRetentionAndKeepsPendingOnes() {
        PostgresStore store = Webhooks.store(db.dataSource());
        long shopId = store.shops().register(new AccessToken(new ShopDomain("retention.myshopify.com"), "shpat_test",
                Set.of("read_customers"), null, null, null)).shopId();
        store.inbox().receive(delivery("retention.myshopify.com", "applied"));
        store.inbox().processor().build().processPending(10);
        store.inbox().receive(delivery("retention.myshopify.com", "still-pending"));
        MutableClock clock = new MutableClock(Instant.now());

        try (InboxRetention retention = InboxRetention.start(store.inbox(), clock, Duration.ofDays(7),
                Duration.ofHours(1))) {
            assertThat(retention.trim()).isZero();
            assertThat(store.inbox().find(shopId, "applied")).isPresent();

            clock.advance(Duration.ofDays(8));

            assertThat(retention.trim()).isEqualTo(1);
            assertThat(store.inbox().find(shopId, "applied")).isEmpty();
            assertThat(store.inbox().find(shopId, "still-pending")).isPresent();
        }
    }

    @Test
    void refusesARetentionShorterThanShopifysRetries() {
        PostgresStore store = Webhooks.store(db.dataSource());

        assertThatThrownBy(() -> InboxRetention.start(store.inbox(), new MutableClock(Instant.now()),
                Duration.ofDays(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 3 days");
    }
}
