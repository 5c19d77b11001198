package dev.shopifyingest.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.testing.Expected;
import dev.shopifyingest.core.testing.TestClients;
import dev.shopifyingest.core.testing.VirtualClock;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.store.FakeLineItem;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.FakeVariant;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Paging through FakeShopify's store with {@link EntityPages} yields every customer, product and
 * order exactly once, complete with all its line items and variants, however many follow-up
 * pages those need, and equal to the store's own data.
 */
class EntityPagesWithFakeShopifyTest {

    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");

    static VirtualClock clock;
    static FakeShopify fake;
    static ShopDomain shop;
    static AccessTokenSource token;
    static EntityPages pages;
    static long bigOrder;
    static long hugeOrder;
    static long manyVariants;

    @BeforeAll
    static void start() {
        clock = new VirtualClock(END.plus(Duration.ofDays(1)));
        fake = FakeShopify.builder()
                .store(StoreFixture.builder().orders(500).seed(3).end(END).build())
                .clock(clock)
                .start();
        shop = TestClients.shop(fake);
        token = TestClients.adminToken(fake);
        pages = new EntityPages(TestClients.graphqlBuilder(fake).clock(clock).sleeper(clock).build());
        FakeStore store = fake.store();
        // More line items than the first page of an order holds (10), and more than a follow-up page (100).
        bigOrder = orderWithLines(store, 25).id();
        hugeOrder = orderWithLines(store, 230).id();
        manyVariants = productWithVariants(store, 23).id();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void everyOrderArrivesOnceWithAllItsLines() {
        List<Order> orders = fetchAll(EntityType.ORDER, 7, null, Order.class);

        Expected.assertSame(orders, Expected.orders(fake.store()), "orders");
        assertThat(lineCount(orders, bigOrder)).isEqualTo(25);
        assertThat(lineCount(orders, hugeOrder)).isEqualTo(230);
    }

    @Test
    void everyCustomerArrivesOnce() {
        List<Customer> customers = fetchAll(EntityType.CUSTOMER, 37, null, Customer.class);

        Expected.assertSame(customers, Expected.customers(fake.store()), "customers");
    }

    @Test
    void everyProductArrivesOnceWithAllItsVariants() {
        List<Product> products = fetchAll(EntityType.PRODUCT, 4, null, Product.class);

        Expected.assertSame(products, Expected.products(fake.store()), "products");
        assertThat(products.stream().filter(p -> p.id() == manyVariants).findFirst().orElseThrow().variants())
                .hasSize(23);
    }

    @Test
    void countsMatchTheStore() {
        FakeStore store = fake.store();

        assertThat(pages.count(shop, token, EntityType.ORDER, null)).isEqualTo(store.orders().size());
        assertThat(pages.count(shop, token, EntityType.CUSTOMER, null)).isEqualTo(store.customers().size());
        assertThat(pages.count(shop, token, EntityType.PRODUCT, null)).isEqualTo(store.products().size());
    }

    @Test
    void anIncrementalWindowHoldsExactlyWhatChangedSinceItsStart() {
        FakeStore store = fake.store();
        clock.advance(Duration.ofDays(2));
        Instant windowStart = store.now();
        List<Long> changed = store.orders().all().skip(100).limit(9).map(FakeOrder::id).toList();
        for (long id : changed) {
            store.orders().update(id, o -> o);
        }

        List<Order> window = fetchAll(EntityType.ORDER, 4, windowStart, Order.class);

        assertThat(window).extracting(Order::id).containsExactlyInAnyOrderElementsOf(changed);
        assertThat(window).extracting(Order::updatedAt).isSortedAccordingTo(Instant::compareTo);
        assertThat(pages.count(shop, token, EntityType.ORDER, windowStart)).isEqualTo(changed.size());
    }

    private static <T extends Entity> List<T> fetchAll(EntityType type, int pageSize, Instant since, Class<T> kind) {
        List<T> all = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        String cursor = null;
        while (true) {
            Page page = pages.fetch(shop, token, type, new PageRequest(cursor, since, pageSize));
            assertThat(page.entities().size()).isLessThanOrEqualTo(pageSize);
            for (Entity entity : page.entities()) {
                assertThat(seen.add(entity.id())).as("%s %s arrives once", type, entity.id()).isTrue();
                all.add(kind.cast(entity));
            }
            if (!page.hasNextPage()) {
                return all;
            }
            cursor = page.endCursor();
        }
    }

    private static int lineCount(List<Order> orders, long id) {
        return orders.stream().filter(o -> o.id() == id).findFirst().orElseThrow().lineItems().size();
    }

    private static FakeOrder orderWithLines(FakeStore store, int count) {
        FakeOrder template = store.fixture().order(1);
        List<FakeLineItem> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FakeProduct product = store.fixture().product(i % store.fixture().productCount());
            FakeVariant variant = product.variants().get(i % product.variants().size());
            lines.add(new FakeLineItem(store.nextLineItemId(), product.id(), variant.id(), product.title(),
                    variant.title(), variant.sku(), 1 + i % 3, variant.price(),
                    i % 4 == 0 ? new BigDecimal("1.00") : BigDecimal.ZERO.setScale(2)));
        }
        return store.orders().create(id -> new FakeOrder(id, store.nextOrderNumber(), template.customerId(),
                template.email(), store.now(), store.now(), store.now(), null, null, null, false, "PAID",
                "UNFULFILLED", lines, new BigDecimal("4.90"), new BigDecimal("12.34"), List.of()));
    }

    private static FakeProduct productWithVariants(FakeStore store, int count) {
        List<FakeVariant> variants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            variants.add(new FakeVariant(store.nextVariantId(), "Size " + (i + 1), "BIG-" + i,
                    new BigDecimal("10.00").add(BigDecimal.valueOf(i)), i * 2, i + 1, store.now(), store.now()));
        }
        return store.products().create(id -> new FakeProduct(id, "Shoe with many sizes", "shoe-with-many-sizes",
                "Northwind", "Shoes", "ACTIVE", List.of("big"), variants, store.now(), store.now()));
    }
}
