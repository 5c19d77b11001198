package dev.shopifyingest.jdbc.examples;

import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.sync.SyncCheckpoint;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.TenantStore;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The jdbc guide's "Read a tenant's data", as code that compiles and runs (see {@code ExamplesTest}).
 */
final class TenantDataExample {

    /** What the reads answered. */
    record Reads(Optional<Order> order, List<Customer> page, List<Customer> next, long products, List<Order> hers,
                 Optional<SyncCheckpoint> orders) {
    }

    private TenantDataExample() {
    }

    /** Reads one shop's entities through the store's readers. */
    static Reads read(PostgresStore store, long shopId, long orderId, long customerId) {
        // tag::read[]
        TenantStore tenant = store.forShop(shopId);       // or store.forShop(ShopDomain)

        Optional<Order> order = tenant.orders().find(orderId);
        List<Customer> page = tenant.customers().list(100);                         // first page, by id
        List<Customer> next = tenant.customers().listAfter(page.getLast().id(), 100);
        long products = tenant.products().count();
        List<Order> hers = tenant.ordersOfCustomer(customerId);
        Optional<SyncCheckpoint> orders = tenant.checkpoint(EntityType.ORDER);
        // end::read[]
        return new Reads(order, page, next, products, hers, orders);
    }

    /** The shop's revenue since 2026, with the app's own SQL. */
    static BigDecimal revenue(TenantStore tenant) {
        // tag::own-sql[]
        BigDecimal revenue = tenant.inTransaction(handle -> handle.createQuery("""
                select coalesce(sum(total_price), 0) from orders
                where deleted_at is null and not test and processed_at >= :from""")
                .bind("from", OffsetDateTime.parse("2026-01-01T00:00:00Z"))
                .mapTo(BigDecimal.class)
                .one());
        // end::own-sql[]
        return revenue;
    }
}
