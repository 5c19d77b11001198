package dev.shopifyingest.jdbc;

import static dev.shopifyingest.jdbc.TestStores.at;
import static dev.shopifyingest.jdbc.TestStores.domain;
import static dev.shopifyingest.jdbc.TestStores.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Money;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.model.ProductVariant;
import dev.shopifyingest.core.model.Refund;
import dev.shopifyingest.core.sync.InMemoryIngestSink;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Property-style: random histories of versions and deletions, delivered shuffled, in random
 * batches and twice over, leave the PostgreSQL store in exactly the state {@link InMemoryIngestSink}
 * reaches on the same deliveries; and a full pass followed by reconciliation agrees too.
 */
class ConvergenceTest {

    @RegisterExtension
    static final PostgresDatabase db = TestStores.migratedDatabase();

    static HikariDataSource pool;

    @BeforeAll
    static void start() {
        pool = TestStores.superuserPool(db);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    /** One delivery: an entity version or a deletion. */
    private record Event(Entity upsert, Deletion deletion) {
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void shuffledDuplicatedDeliveriesConvergeToTheInMemorySinksState(long seed) {
        Random random = new Random(seed);
        TestClock clock = new TestClock(at(1_000_000));
        PostgresStore store = TestStores.store(pool, clock);
        String handle = "converge-" + seed;
        ShopDomain shop = domain(handle);
        TenantStore tenant = store.forShop(store.shops().register(token(handle)).shopId());
        InMemoryIngestSink memory = new InMemoryIngestSink(clock);

        List<Event> history = history(random);
        List<Event> deliveries = new ArrayList<>(history);
        deliveries.addAll(history);
        Collections.shuffle(deliveries, random);
        deliver(deliveries, shop, random, store, memory);

        assertSameState(tenant, memory, shop, "after shuffled deliveries, seed " + seed);

        // A full pass that sees a random subset; whatever it did not see is gone afterwards.
        clock.advance(Duration.ofMinutes(5));
        Instant passStarted = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        List<Event> seen = history.stream().filter(e -> e.upsert() != null && random.nextInt(3) > 0).toList();
        deliver(seen, shop, random, store, memory);
        for (EntityType type : EntityType.values()) {
            store.sink().fullPassCompleted(shop, type, passStarted);
            memory.fullPassCompleted(shop, type, passStarted);
        }

        assertSameState(tenant, memory, shop, "after a full pass, seed " + seed);
    }

    private static void deliver(List<Event> deliveries, ShopDomain shop, Random random, PostgresStore store,
                                InMemoryIngestSink memory) {
        int i = 0;
        while (i < deliveries.size()) {
            int size = 1 + random.nextInt(6);
            List<Event> slice = deliveries.subList(i, Math.min(deliveries.size(), i + size));
            i += size;
            List<Entity> upserts = slice.stream().filter(e -> e.upsert() != null).map(Event::upsert).toList();
            List<Deletion> deletions = slice.stream().filter(e -> e.deletion() != null).map(Event::deletion).toList();
            IngestBatch batch = new IngestBatch(shop, upserts, deletions, null);
            store.sink().accept(batch);
            memory.accept(batch);
        }
    }

    private static void assertSameState(TenantStore tenant, InMemoryIngestSink memory, ShopDomain shop, String when) {
        assertThat(tenant.customers().list(1000)).as("customers " + when)
                .isEqualTo(memory.entities(shop, EntityType.CUSTOMER, Customer.class));
        assertThat(tenant.products().list(1000)).as("products " + when)
                .isEqualTo(memory.entities(shop, EntityType.PRODUCT, Product.class));
        assertThat(tenant.orders().list(1000)).as("orders " + when)
                .isEqualTo(memory.entities(shop, EntityType.ORDER, Order.class));
    }

    /**
     * Versions of a few entities per type with update times from a small range (so ties happen),
     * and deletions at times that fall before, between and after the versions.
     */
    private static List<Event> history(Random random) {
        List<Event> events = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            int versions = 1 + random.nextInt(4);
            for (int v = 0; v < versions; v++) {
                Instant updated = at(random.nextInt(8));
                String tag = "v" + v + "-" + random.nextInt(1000);
                events.add(new Event(customer(id, updated, tag, random), null));
                events.add(new Event(product(id, updated, tag, random), null));
                events.add(new Event(order(id, updated, tag, random), null));
            }
            for (EntityType type : EntityType.values()) {
                if (random.nextInt(3) == 0) {
                    events.add(new Event(null, new Deletion(type, id, at(random.nextInt(10)))));
                }
            }
        }
        return events;
    }

    private static Customer customer(long id, Instant updated, String tag, Random random) {
        return new Customer(id, "First " + tag, random.nextBoolean() ? null : "Last", tag + "@example.com", null,
                "ENABLED", List.of(tag), (long) random.nextInt(50), Money.of(random.nextInt(500) + ".25", "EUR"),
                at(0), updated, "{\"id\": " + id + ", \"tag\": \"" + tag + "\"}");
    }

    private static Product product(long id, Instant updated, String tag, Random random) {
        List<ProductVariant> variants = new ArrayList<>();
        for (int i = 0; i < random.nextInt(4); i++) {
            variants.add(new ProductVariant(id * 10 + i, tag + " " + i, null, new BigDecimal("1." + i + "0"),
                    random.nextBoolean() ? null : i, i + 1, at(0), updated));
        }
        return new Product(id, "Product " + tag, "p" + id, null, "Type", "ACTIVE", List.of(), variants, at(0), updated,
                "{\"id\": " + id + ", \"tag\": \"" + tag + "\"}");
    }

    private static Order order(long id, Instant updated, String tag, Random random) {
        List<LineItem> lines = new ArrayList<>();
        for (int i = 0; i < random.nextInt(5); i++) {
            lines.add(new LineItem(id * 100 + i, random.nextBoolean() ? null : 7L, null, "Line " + tag, null, null,
                    1 + i, i, new BigDecimal("3.50"), new BigDecimal("3.50").multiply(BigDecimal.valueOf(1 + i)),
                    BigDecimal.ZERO));
        }
        List<Refund> refunds = random.nextBoolean() ? List.of()
                : List.of(new Refund(id * 100 + 99, updated, new BigDecimal("1.00"), tag));
        return new Order(id, "#" + id, random.nextBoolean() ? null : id, null, at(0), at(0), updated, null, null,
                random.nextBoolean(), "PAID", "FULFILLED", "EUR", BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.ONE,
                BigDecimal.ZERO, new BigDecimal("11.00"), new BigDecimal(random.nextInt(11) + ".00"), null,
                null, lines, refunds, "{\"id\": " + id + ", \"tag\": \"" + tag + "\"}");
    }
}
