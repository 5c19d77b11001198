package dev.shopifyingest.app.shops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.app.Backend;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.http.Json;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.core.sync.IngestSink;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.ShopDetails;
import dev.shopifyingest.jdbc.SyncStatus;
import dev.shopifyingest.jdbc.TenantStore;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two app instances on one database: while one syncs a shop, the other's attempt is refused by
 * the shop's advisory lock and writes nothing.
 */
class SyncLockAcrossInstancesTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    @Test
    void aSecondInstanceDoesNotSyncAShopTheFirstIsSyncing() throws Exception {
        try (FakeShopify fake = FakeShopify.builder()
                .store(StoreFixture.builder().orders(40).customers(10).products(5).seed(5).build())
                .start()) {
            Clock clock = Clock.systemUTC();
            Backend backend = Backend.create(TestServer.config(), db.dataSource(),
                    ShopBaseUrl.fixed(HttpUrl.get(fake.baseUrl() + "/")), clock);
            PostgresStore store = backend.store();
            ShopDomain domain = ShopDomain.parse(fake.shopDomain());
            long shopId = store.shops().register(new AccessToken(domain, fake.adminToken(),
                    FakeShopify.PROJECT_SCOPES, null, null, null),
                    new ShopDetails("Lock Store", "USD", ZoneId.of("UTC"))).shopId();
            CountDownLatch inFirstBatch = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            IngestSink held = new HeldSink(store.sink(), inFirstBatch, release);
            AppEvents events = new AppEvents(db.dataSource(), Json.mapper());

            try (SyncOrchestrator first = new SyncOrchestrator(store, backend.client(), backend.oauth(),
                            db.dataSource(), events, clock, null, held);
                    SyncOrchestrator second = new SyncOrchestrator(store, backend.client(), backend.oauth(),
                            db.dataSource(), events, clock, null)) {
                try {
                    assertThat(first.start(shopId)).isPresent();
                    assertThat(inFirstBatch.await(60, TimeUnit.SECONDS)).as("the first sync reached a batch").isTrue();

                    SyncOrchestrator.Outcome outcome = second.syncNow(shopId);

                    assertThat(outcome).isEqualTo(SyncOrchestrator.Outcome.LOCKED_ELSEWHERE);
                    assertThat(second.progress(shopId)).isEmpty();
                    TenantStore tenant = store.forShop(shopId);
                    assertThat(tenant.customers().count()).isZero();
                    assertThat(tenant.products().count()).isZero();
                    assertThat(tenant.orders().count()).isZero();
                    assertThat(store.shops().find(shopId).orElseThrow().syncStatus()).isEqualTo(SyncStatus.SYNCING);
                } finally {
                    release.countDown();
                }

                Instant deadline = Instant.now().plusSeconds(60);
                while (first.progress(shopId).isPresent() && Instant.now().isBefore(deadline)) {
                    Thread.sleep(50); // polling interval of a loop bounded by the deadline
                }
                assertThat(first.progress(shopId)).as("the first sync ended").isEmpty();
                assertThat(store.shops().find(shopId).orElseThrow().syncStatus()).isEqualTo(SyncStatus.IDLE);
                TenantStore tenant = store.forShop(shopId);
                assertThat(tenant.orders().count()).isEqualTo(fake.store().orders().size());
                assertThat(tenant.customers().count()).isEqualTo(fake.store().customers().size());
                assertThat(second.syncNow(shopId)).isEqualTo(SyncOrchestrator.Outcome.SYNCED);
            }
        }
    }

    /** The store's sink, holding the first batch until released. */
    private record HeldSink(IngestSink delegate, CountDownLatch reached, CountDownLatch release) implements IngestSink {

        @Override
        public void accept(IngestBatch batch) {
            reached.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("The held batch was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while held", e);
            }
            delegate.accept(batch);
        }

        @Override
        public void fullPassCompleted(ShopDomain shop, EntityType type, Instant passStartedAt) {
            delegate.fullPassCompleted(shop, type, passStartedAt);
        }
    }
}
