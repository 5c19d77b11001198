package dev.shopifyingest.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Money;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.model.ProductVariant;
import dev.shopifyingest.core.model.Refund;
import dev.shopifyingest.core.sync.InMemoryIngestSink;
import dev.shopifyingest.testkit.store.CustomerStats;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeLineItem;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.FakeVariant;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;

/**
 * What the library must make of FakeShopify's entities: each fake entity as the model record
 * that Shopify's answers for it should map to, computed from the fake's own definitions
 * ({@code FakeOrder} derives every money figure). {@code rawJson} is the one field not predicted.
 */
public final class Expected {

    /** Compares model records field by field, ignoring the raw JSON, money by value. */
    public static final RecursiveComparisonConfiguration MODEL = RecursiveComparisonConfiguration.builder()
            .withIgnoredFields("rawJson")
            .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
            .withStrictTypeChecking(true)
            .build();

    private Expected() {
    }

    /** The customer as a sync reads it (with Shopify's order count and amount spent). */
    public static Customer customer(FakeStore store, FakeCustomer c) {
        CustomerStats stats = store.customerStats(c.id());
        return new Customer(c.id(), c.firstName(), c.lastName(), c.email(), c.phone(), "DISABLED", c.tags(),
                stats.numberOfOrders(), new Money(stats.amountSpent(), store.shop().currencyCode()), c.createdAt(),
                c.updatedAt(), "");
    }

    /**
     * The customer as a {@code customers/*} webhook reads it: since 2025-01 those payloads carry no
     * tags, order count or amount spent, so the model says "not reported" (null).
     */
    public static Customer customerFromWebhook(FakeCustomer c) {
        return new Customer(c.id(), c.firstName(), c.lastName(), c.email(), c.phone(), "DISABLED", null,
                null, null, c.createdAt(), c.updatedAt(), "");
    }

    /** The product with its variants in position order. */
    public static Product product(FakeProduct p) {
        List<ProductVariant> variants = p.variants().stream()
                .sorted(Comparator.comparingInt(FakeVariant::position))
                .map(v -> new ProductVariant(v.id(), v.title(), v.sku(), v.price(), v.inventoryQuantity(),
                        v.position(), v.createdAt(), v.updatedAt()))
                .toList();
        return new Product(p.id(), p.title(), p.handle(), p.vendor(), p.productType(), p.status(), p.tags(), variants,
                p.createdAt(), p.updatedAt(), "");
    }

    /** The order with its lines and refunds. */
    public static Order order(FakeStore store, FakeOrder o) {
        List<LineItem> lines = o.lineItems().stream().map(l -> lineItem(store, o, l)).toList();
        List<Refund> refunds = o.refunds().stream()
                .map(r -> new Refund(r.id(), r.createdAt(), r.amount(), r.note()))
                .toList();
        return new Order(o.id(), o.name(), o.customerId(), o.email(), o.createdAt(), o.processedAt(), o.updatedAt(),
                o.cancelledAt(), o.closedAt(), o.test(), o.financialStatus(), o.fulfillmentStatus(),
                store.shop().currencyCode(), o.subtotal(), o.totalDiscounts(), o.shipping(), o.tax(), o.totalPrice(),
                o.currentTotalPrice(), o.totalRefunded(), o.netPayment(), lines, refunds, "");
    }

    /** The order as an {@code orders/*} webhook reads it: those payloads carry no net payment. */
    public static Order orderFromWebhook(FakeStore store, FakeOrder o) {
        Order full = order(store, o);
        return new Order(full.id(), full.name(), full.customerId(), full.email(), full.createdAt(),
                full.processedAt(), full.updatedAt(), full.cancelledAt(), full.closedAt(), full.test(),
                full.financialStatus(), full.fulfillmentStatus(), full.currencyCode(), full.subtotal(),
                full.totalDiscounts(), full.totalShipping(), full.totalTax(), full.totalPrice(),
                full.currentTotalPrice(), full.totalRefunded(), null, full.lineItems(), full.refunds(), "");
    }

    // A line keeps its product's title and price, but Shopify no longer links a deleted product or variant.
    private static LineItem lineItem(FakeStore store, FakeOrder o, FakeLineItem l) {
        String variantTitle = "Default Title".equals(l.variantTitle()) ? null : l.variantTitle();
        FakeProduct product = l.productId() == null ? null : store.products().find(l.productId()).orElse(null);
        Long productId = product == null ? null : product.id();
        Long variantId = product == null || l.variantId() == null ? null
                : product.variants().stream().anyMatch(v -> v.id() == l.variantId()) ? l.variantId() : null;
        return new LineItem(l.id(), productId, variantId, l.title(), variantTitle, l.sku(), l.quantity(),
                o.currentQuantity(l), l.unitPrice(), l.discountedTotal(), l.totalDiscount());
    }

    /** Every customer, product and order the store holds now, as the model. */
    public static List<Customer> customers(FakeStore store) {
        return store.customers().all().map(c -> customer(store, c)).toList();
    }

    /** Every product the store holds now, as the model. */
    public static List<Product> products(FakeStore store) {
        return store.products().all().map(Expected::product).toList();
    }

    /** Every order the store holds now, as the model. */
    public static List<Order> orders(FakeStore store) {
        return store.orders().all().map(o -> order(store, o)).toList();
    }

    /** Asserts that the sink holds exactly the store: every entity once, every field mapped. */
    public static void assertSinkEqualsStore(InMemoryIngestSink sink, ShopDomain shop, FakeStore store) {
        assertSame(sink.entities(shop, EntityType.CUSTOMER, Customer.class), customers(store), "customers");
        assertSame(sink.entities(shop, EntityType.PRODUCT, Product.class), products(store), "products");
        assertSame(sink.entities(shop, EntityType.ORDER, Order.class), orders(store), "orders");
    }

    /** Asserts that {@code actual} and {@code expected} hold the same entities, compared as {@link #MODEL}. */
    public static <T extends Entity> void assertSame(List<T> actual, List<T> expected, String what) {
        List<Long> actualIds = actual.stream().map(Entity::id).sorted().toList();
        List<Long> expectedIds = expected.stream().map(Entity::id).sorted().toList();
        assertThat(actualIds).as("the ids of the %s", what).isEqualTo(expectedIds);
        List<T> sortedActual = actual.stream().sorted(Comparator.comparingLong(Entity::id)).toList();
        List<T> sortedExpected = expected.stream().sorted(Comparator.comparingLong(Entity::id)).toList();
        for (int i = 0; i < sortedActual.size(); i++) {
            assertThat(sortedActual.get(i)).as("%s %s", what, sortedActual.get(i).id())
                    .usingRecursiveComparison(MODEL)
                    .isEqualTo(sortedExpected.get(i));
        }
    }
}
