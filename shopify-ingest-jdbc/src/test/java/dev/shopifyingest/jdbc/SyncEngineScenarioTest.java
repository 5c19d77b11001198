package dev.shopifyingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.sync.SyncCheckpoint;
import dev.shopifyingest.core.sync.SyncEngine;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.StoreFixture;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store as the sync engine's sink and checkpoint store, against FakeShopify's real Admin GraphQL. */
class SyncEngineScenarioTest {

    @RegisterExtension
    static final PostgresDatabase db = TestStores.migratedDatabase();

    static FakeShopify shopify;
    static HikariDataSource pool;
    static PostgresStore store;

    @BeforeAll
    static void start() {
        shopify = FakeShopify.builder()
                .store(StoreFixture.builder().orders(120).customers(30).products(15).seed(11).build())
                .throttle(ThrottleSettings.PLUS)   // a Plus shop's bucket: the test is about storing, not pacing
                .start();
        pool = TestStores.loginPool(db);
        store = PostgresStore.builder().dataSource(pool).tokenCipher(TestStores.cipher("k1", 1)).build();
    }

    @AfterAll
    static void stop() {
        shopify.close();
        pool.close();
    }

    @Test
    void aFullSyncStoresExactlyTheShopsDataAndAFullPassHealsAMissedDeletion() {
        ShopDomain domain = new ShopDomain(shopify.shopDomain());
        long shopId = store.shops().register(new AccessToken(domain, shopify.adminToken(), FakeShopify.PROJECT_SCOPES,
                null, null, null)).shopId();
        SyncEngine engine = SyncEngine.builder()
                .client(AdminGraphqlClient.builder()
                        .baseUrl(ShopBaseUrl.fixed(HttpUrl.get(shopify.baseUrl() + "/")))
                        .build())
                .sink(store.sink())
                .checkpoints(store.checkpoints())
                .build();
        AccessToken token = store.shops().accessToken(shopId).orElseThrow();

        engine.sync(domain, AccessTokenSource.of(token.accessToken()));

        TenantStore tenant = store.forShop(shopId);
        assertThat(tenant.customers().count()).isEqualTo(shopify.store().customers().size());
        assertThat(tenant.products().count()).isEqualTo(shopify.store().products().size());
        assertThat(tenant.orders().count()).isEqualTo(shopify.store().orders().size());
        FakeOrder expected = shopify.store().orders().all().findFirst().orElseThrow();
        Order stored = tenant.orders().find(expected.id()).orElseThrow();
        assertThat(stored.lineItems()).hasSize(expected.lineItems().size());
        assertThat(stored.customerId()).isEqualTo(expected.customerId());
        assertThat(tenant.checkpoint(EntityType.ORDER)).get().extracting(SyncCheckpoint::phase)
                .isEqualTo(SyncCheckpoint.Phase.IDLE);

        shopify.store().orders().delete(expected.id());
        engine.fullSync(domain, AccessTokenSource.of(token.accessToken()));

        assertThat(tenant.orders().find(expected.id())).isEmpty();
        assertThat(tenant.orders().count()).isEqualTo(shopify.store().orders().size());
    }
}
