package dev.shopifyingest.app.shops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.app.Backend;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.http.Json;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.core.webhook.WebhookTopic;
import dev.shopifyingest.jdbc.InboxReceipt;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.ProcessingResult;
import dev.shopifyingest.jdbc.ShopDetails;
import dev.shopifyingest.jdbc.TenantStore;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.graphql.BulkOperationFinished;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The app's syncs with bulk exports: with a threshold of 0 every type is exported in bulk and the
 * store ends up holding exactly the shop's data; the {@code bulk_operations/finish} deliveries of
 * those exports, stored in the inbox, are applied by handing them to the sync engine.
 */
class BulkSyncTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    @Test
    void aBulkSyncStoresTheShopExactlyAndItsFinishWebhooksReachTheEngine() throws Exception {
        try (FakeShopify fake = FakeShopify.builder()
                .store(StoreFixture.builder().orders(60).customers(20).products(8).seed(11).build())
                .start()) {
            List<BulkOperationFinished> finished = new CopyOnWriteArrayList<>();
            fake.graphql().onBulkOperationFinished(finished::add);
            Clock clock = Clock.systemUTC();
            Backend backend = Backend.create(TestServer.config(), db.dataSource(),
                    ShopBaseUrl.fixed(HttpUrl.get(fake.baseUrl() + "/")), clock);
            PostgresStore store = backend.store();
            ShopDomain domain = ShopDomain.parse(fake.shopDomain());
            long shopId = store.shops().register(new AccessToken(domain, fake.adminToken(),
                    FakeShopify.PROJECT_SCOPES, null, null, null),
                    new ShopDetails("Bulk Store", "USD", ZoneId.of("UTC"))).shopId();
            AppEvents events = new AppEvents(db.dataSource(), Json.mapper());

            try (SyncOrchestrator orchestrator = new SyncOrchestrator(store, backend.client(), backend.oauth(),
                    db.dataSource(), events, clock, null, 0)) {
                assertThat(orchestrator.syncNow(shopId)).isEqualTo(SyncOrchestrator.Outcome.SYNCED);

                assertThat(fake.requests().stream()
                        .filter(r -> r.isGraphql() && r.body().contains("bulkOperationRunQuery")).count())
                        .as("one bulk export per type").isEqualTo(3);
                TenantStore tenant = store.forShop(shopId);
                assertThat(tenant.orders().count()).isEqualTo(fake.store().orders().size());
                assertThat(tenant.customers().count()).isEqualTo(fake.store().customers().size());
                assertThat(tenant.products().count()).isEqualTo(fake.store().products().size());

                ObjectMapper json = new ObjectMapper();
                assertThat(finished).hasSize(3);
                for (BulkOperationFinished operation : finished) {
                    byte[] body = json.writeValueAsBytes(operation.webhookPayload());
                    WebhookDelivery delivery = new WebhookDelivery(WebhookTopic.Known.BULK_OPERATIONS_FINISH, domain,
                            UUID.randomUUID().toString(), null, null, "2026-10", null, null, "verified-on-receipt",
                            body);
                    assertThat(store.inbox().receive(delivery)).isEqualTo(InboxReceipt.STORED);
                }
                ProcessingResult result = store.inbox().processor()
                        .otherTopics((id, delivery) -> orchestrator.bulkOperationFinished(delivery)).build()
                        .processPending(10);
                assertThat(result).isEqualTo(new ProcessingResult(3, 0, 0));
            }
        }
    }
}
