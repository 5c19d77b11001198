package dev.shopifyingest.jdbc;

import static dev.shopifyingest.jdbc.TestStores.at;
import static dev.shopifyingest.jdbc.TestStores.customer;
import static dev.shopifyingest.jdbc.TestStores.domain;
import static dev.shopifyingest.jdbc.TestStores.order;
import static dev.shopifyingest.jdbc.TestStores.product;
import static dev.shopifyingest.jdbc.TestStores.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.core.sync.SyncCheckpoint;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IngestSinkTest {

    @RegisterExtension
    static final PostgresDatabase db = TestStores.migratedDatabase();

    static HikariDataSource pool;
    static TestClock clock = new TestClock(at(1_000_000));
    static PostgresStore store;

    @BeforeAll
    static void start() {
        pool = TestStores.superuserPool(db);
        store = TestStores.store(pool, clock);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private static TenantStore register(String handle) {
        return store.forShop(store.shops().register(token(handle)).shopId());
    }

    private static void accept(ShopDomain shop, List<? extends dev.shopifyingest.core.model.Entity> upserts,
                               List<Deletion> deletions) {
        store.sink().accept(new IngestBatch(shop, upserts, deletions, null));
    }

    @Test
    void storesABatchAndReadsEveryFieldBack() {
        TenantStore tenant = register("reads-back");
        Customer customer = customer(1, at(10), "Ann");
        var product = product(2, at(10), "Lamp", 3);
        Order order = order(3, 1L, at(10), "v1", 3);

        accept(domain("reads-back"), List.of(customer, product, order), List.of());

        assertThat(tenant.customers().find(1)).contains(customer);
        assertThat(tenant.products().find(2)).contains(product);
        assertThat(tenant.orders().find(3)).contains(order);
        assertThat(tenant.orders().count()).isEqualTo(1);
        assertThat(tenant.ordersOfCustomer(1)).containsExactly(order);
    }

    @Test
    void anOlderVersionNeverOverwritesANewerOneAndAnEqualOneIsIdempotent() {
        TenantStore tenant = register("monotonic");
        ShopDomain shop = domain("monotonic");
        Order newer = order(1, null, at(20), "newer", 2);
        accept(shop, List.of(newer), List.of());

        accept(shop, List.of(order(1, null, at(10), "older", 4)), List.of());
        accept(shop, List.of(newer), List.of());

        assertThat(tenant.orders().find(1)).contains(newer);
    }

    @Test
    void ofSeveralVersionsInOneBatchTheNewestWins() {
        TenantStore tenant = register("in-batch");
        Order v3 = order(1, null, at(30), "v3", 1);
        accept(domain("in-batch"), List.of(order(1, null, at(20), "v2", 2), v3, order(1, null, at(10), "v1", 3)),
                List.of());

        assertThat(tenant.orders().find(1)).contains(v3);
    }

    @Test
    void childrenAreReplacedWithTheirParentOnlyWhenTheParentWins() {
        TenantStore tenant = register("children");
        ShopDomain shop = domain("children");
        accept(shop, List.of(order(1, null, at(10), "v1", 3), product(2, at(10), "Lamp", 3)), List.of());

        accept(shop, List.of(order(1, null, at(5), "stale", 1), product(2, at(5), "Stale", 1)), List.of());
        assertThat(tenant.orders().find(1).orElseThrow().lineItems()).hasSize(3);
        assertThat(tenant.products().find(2).orElseThrow().variants()).hasSize(3);

        Order v2 = order(1, null, at(20), "v2", 1);
        accept(shop, List.of(v2, product(2, at(20), "Lamp", 2)), List.of());
        assertThat(tenant.orders().find(1)).contains(v2);
        assertThat(tenant.products().find(2).orElseThrow().variants()).hasSize(2);
        long lines = tenant.inTransaction(h -> h.createQuery("select count(*) from order_line_items")
                .mapTo(Long.class).one());
        assertThat(lines).isEqualTo(1);
    }

    @Test
    void aTombstoneResistsStaleVersionsAndANewerVersionBringsTheEntityBack() {
        TenantStore tenant = register("tombstones");
        ShopDomain shop = domain("tombstones");
        accept(shop, List.of(order(1, null, at(10), "v1", 2)), List.of());
        accept(shop, List.of(), List.of(new Deletion(EntityType.ORDER, 1, at(15))));
        assertThat(tenant.orders().find(1)).isEmpty();
        assertThat(tenant.orders().count()).isZero();

        accept(shop, List.of(order(1, null, at(12), "late webhook", 2)), List.of());
        accept(shop, List.of(order(1, null, at(15), "same second", 2)), List.of());
        assertThat(tenant.orders().find(1)).isEmpty();
        long children = tenant.inTransaction(h -> h.createQuery(
                "select (select count(*) from order_line_items) + (select count(*) from refunds)").mapTo(Long.class).one());
        assertThat(children).isZero();

        Order recreated = order(1, null, at(16), "undeleted", 1);
        accept(shop, List.of(recreated), List.of());
        assertThat(tenant.orders().find(1)).contains(recreated);
    }

    @Test
    void aDeletionOlderThanTheStoredVersionChangesNothing() {
        TenantStore tenant = register("old-deletion");
        ShopDomain shop = domain("old-deletion");
        Customer current = customer(1, at(20), "Ann");
        accept(shop, List.of(current), List.of());

        accept(shop, List.of(), List.of(new Deletion(EntityType.CUSTOMER, 1, at(10))));

        assertThat(tenant.customers().find(1)).contains(current);
    }

    @Test
    void aDeletionThatArrivesFirstKeepsTheCreateFromBringingTheEntityBack() {
        TenantStore tenant = register("delete-first");
        ShopDomain shop = domain("delete-first");
        accept(shop, List.of(), List.of(new Deletion(EntityType.PRODUCT, 9, at(30))));
        accept(shop, List.of(product(9, at(20), "Created earlier", 1)), List.of());

        assertThat(tenant.products().find(9)).isEmpty();
        assertThat(tenant.products().count()).isZero();
    }

    @Test
    void customerCountsAWebhookOmittedKeepTheirStoredValues() {
        TenantStore tenant = register("omitted-counts");
        ShopDomain shop = domain("omitted-counts");
        accept(shop, List.of(customer(1, at(10), "Ann")), List.of());
        Customer fromWebhook = new Customer(1, "Anna", "Doe", "anna@example.com", null, "ENABLED", List.of(), null,
                null, TestStores.T0, at(20), "{}");

        accept(shop, List.of(fromWebhook), List.of());

        Customer stored = tenant.customers().find(1).orElseThrow();
        assertThat(stored.firstName()).isEqualTo("Anna");
        assertThat(stored.numberOfOrders()).isEqualTo(3L);
        assertThat(stored.amountSpent()).isEqualTo(dev.shopifyingest.core.model.Money.of("120.50", "EUR"));
    }

    @Test
    void aCompletedFullPassRemovesOnlyWhatItDidNotSee() {
        TenantStore tenant = register("full-pass");
        ShopDomain shop = domain("full-pass");
        accept(shop, List.of(customer(1, at(10), "Seen"), customer(2, at(10), "Gone"), customer(3, at(10), "Stale")),
                List.of());
        clock.advance(Duration.ofMinutes(1));
        var passStarted = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        accept(shop, List.of(customer(1, at(10), "Seen")), List.of());
        // a stale version still proves the customer exists in Shopify
        accept(shop, List.of(customer(3, at(5), "Older")), List.of());

        store.sink().fullPassCompleted(shop, EntityType.CUSTOMER, passStarted);

        assertThat(tenant.customers().list(10)).extracting(Customer::id).containsExactly(1L, 3L);
        store.sink().fullPassCompleted(shop, EntityType.ORDER, passStarted);
        assertThat(tenant.customers().count()).isEqualTo(2);
    }

    @Test
    void aBatchAndItsCheckpointAreCommittedTogether() {
        TenantStore tenant = register("checkpointed");
        ShopDomain shop = domain("checkpointed");
        SyncCheckpoint checkpoint = new SyncCheckpoint(shop, EntityType.ORDER, SyncCheckpoint.Phase.PAGING, "cursor-1",
                null, 0, null, at(10), at(0));

        store.sink().accept(new IngestBatch(shop, List.of(order(1, null, at(10), "v1", 1)), List.of(), checkpoint));

        assertThat(store.checkpoints().load(shop, EntityType.ORDER)).contains(checkpoint);
        assertThat(tenant.checkpoint(EntityType.ORDER)).contains(checkpoint);
        assertThat(tenant.orders().count()).isEqualTo(1);
    }

    @Test
    void aBatchThatFailsMidwayStoresNeitherItsEntitiesNorItsCheckpoint() throws Exception {
        TenantStore tenant = register("fails-midway");
        ShopDomain shop = domain("fails-midway");
        SyncCheckpoint before = new SyncCheckpoint(shop, EntityType.ORDER, SyncCheckpoint.Phase.PAGING, "c1", null, 0,
                null, at(1), at(0));
        store.checkpoints().save(before);
        // A line item that PostgreSQL rejects after the orders themselves were written.
        try (var connection = db.dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.execute("""
                    create function shopify_ingest.reject_boom() returns trigger language plpgsql as $$
                    begin
                        if new.sku = 'BOOM' then raise exception 'rejected line item'; end if;
                        return new;
                    end $$;
                    create trigger reject_boom before insert on shopify_ingest.order_line_items
                        for each row execute function shopify_ingest.reject_boom();""");
        }
        Order bad = order(2, null, at(10), "bad", 1);
        bad = new Order(bad.id(), bad.name(), null, null, bad.createdAt(), bad.processedAt(), bad.updatedAt(), null,
                null, false, null, null, "EUR", null, null, null, null, bad.totalPrice(), bad.currentTotalPrice(),
                null, null, List.of(new dev.shopifyingest.core.model.LineItem(1, null, null, "x", null, "BOOM", 1, 1,
                        java.math.BigDecimal.ONE, java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO)), List.of(), "{}");
        SyncCheckpoint after = new SyncCheckpoint(shop, EntityType.ORDER, SyncCheckpoint.Phase.PAGING, "c2", null, 0,
                null, at(10), at(0));
        IngestBatch batch = new IngestBatch(shop, List.of(order(1, null, at(10), "good", 1), bad), List.of(), after);

        try {
            assertThatThrownBy(() -> store.sink().accept(batch))
                    .isInstanceOf(StoreQueryException.class)
                    .hasMessageContaining("P0001");
        } finally {
            try (var connection = db.dataSource().getConnection(); var statement = connection.createStatement()) {
                statement.execute("drop trigger reject_boom on shopify_ingest.order_line_items");
            }
        }

        assertThat(tenant.orders().count()).isZero();
        assertThat(store.checkpoints().load(shop, EntityType.ORDER)).contains(before);
    }

    @Test
    void aBatchForAnUnregisteredShopIsRefusedWithAnActionableError() {
        assertThatThrownBy(() -> accept(domain("never-registered"), List.of(customer(1, at(1), "Ann")), List.of()))
                .isInstanceOf(ShopNotFoundException.class)
                .hasMessageContaining("never-registered.myshopify.com")
                .hasMessageContaining("register");
    }

    @Test
    void writingForATenantIdNoShopHasIsRefusedAsAnUnknownShop() {
        assertThatThrownBy(() -> store.forShop(987_654).apply(List.of(customer(1, at(1), "Ann")), List.of()))
                .isInstanceOf(ShopNotFoundException.class)
                .hasMessageContaining("Register the shop first");
    }

    @Test
    void readsPageThroughATenantsEntitiesById() {
        TenantStore tenant = register("paging");
        ShopDomain shop = domain("paging");
        accept(shop, java.util.stream.LongStream.rangeClosed(1, 25).mapToObj(id -> customer(id, at(1), "C")).toList(),
                List.of(new Deletion(EntityType.CUSTOMER, 13, at(2))));

        List<Customer> first = tenant.customers().list(10);
        List<Customer> second = tenant.customers().listAfter(first.get(9).id(), 10);
        List<Customer> third = tenant.customers().listAfter(second.get(9).id(), 10);

        assertThat(first).extracting(Customer::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(second).extracting(Customer::id).containsExactly(11L, 12L, 14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L);
        assertThat(third).extracting(Customer::id).containsExactly(22L, 23L, 24L, 25L);
        assertThat(tenant.customers().count()).isEqualTo(24);
    }
}
