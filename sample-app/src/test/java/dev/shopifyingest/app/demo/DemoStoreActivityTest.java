package dev.shopifyingest.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.SortKey;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo store's own activity, observed through the fake's Java API. */
class DemoStoreActivityTest {

    private static final Duration NEVER = Duration.ofHours(1);

    @Test
    void changesTheFakesStoreOnItsScheduleAndStopsWhenClosed() throws InterruptedException {
        try (FakeShopify fake = FakeShopify.builder().store(fixture()).start()) {
            FakeStore store = fake.store();
            long newestBefore = newestOrderId(store);
            DemoStoreActivity activity = DemoStoreActivity.start(store, Duration.ofMillis(10), Duration.ofMillis(30), 42);
            try {
                Instant deadline = Instant.now().plusSeconds(30);
                while (newestOrderId(store) == newestBefore && Instant.now().isBefore(deadline)) {
                    Thread.sleep(10); // polling interval of a loop bounded by the deadline
                }
                assertThat(newestOrderId(store)).as("the newest order's id").isGreaterThan(newestBefore);
            } finally {
                activity.close();
            }

            assertThat(activity.isStopped()).isTrue();
            assertThat(activity.changes()).isPositive();
        }
    }

    @Test
    void createsPaidOrdersStampedNowForExistingCustomersAndVariants() {
        try (FakeShopify fake = FakeShopify.builder().store(fixture()).start();
                DemoStoreActivity activity = DemoStoreActivity.start(fake.store(), NEVER, NEVER, 7)) {
            FakeStore store = fake.store();
            int before = store.orders().size();

            List<FakeOrder> created = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Instant now = store.now();
                if (activity.step() == DemoStoreActivity.Change.ORDER_CREATED) {
                    FakeOrder order = store.orders().scan(SortKey.ID, true, null)
                            .findFirst().orElseThrow();
                    created.add(order);
                    assertThat(order.processedAt()).isAfterOrEqualTo(now.minusSeconds(1));
                }
            }

            assertThat(created).isNotEmpty();
            assertThat(store.orders().size()).isGreaterThan(before);
            for (FakeOrder order : created) {
                assertThat(order.customerId()).isNotNull();
                assertThat(store.customers().find(order.customerId())).isPresent();
                assertThat(order.test()).isFalse();
                order.lineItems().forEach(line -> assertThat(store.products().find(line.productId()))
                        .hasValueSatisfying(product -> assertThat(product.variants())
                                .anySatisfy(variant -> assertThat(variant.id()).isEqualTo(line.variantId()))));
            }
            assertThat(created).allSatisfy(order -> assertThat(order.totalPrice()).isPositive());
        }
    }

    @Test
    void theSameSeedMakesTheSameChanges() {
        assertThat(changes(11)).isEqualTo(changes(11)).contains(DemoStoreActivity.Change.ORDER_CREATED);
    }

    /** Fifty steps on a fresh store; the kinds of change and the ids of the store's newest order. */
    private static List<Object> changes(long seed) {
        try (FakeShopify fake = FakeShopify.builder().store(fixture()).start();
                DemoStoreActivity activity = DemoStoreActivity.start(fake.store(), NEVER, NEVER, seed)) {
            List<Object> changes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                changes.add(activity.step());
            }
            changes.add(fake.store().orders().size());
            changes.add(newestOrderId(fake.store()));
            changes.add(fake.store().orders().find(newestOrderId(fake.store())).orElseThrow().lineItems());
            return changes;
        }
    }

    private static long newestOrderId(FakeStore store) {
        return store.orders().scan(SortKey.ID, true, null).findFirst().orElseThrow().id();
    }

    private static StoreFixture fixture() {
        return StoreFixture.builder().orders(30).customers(10).products(5).seed(3).build();
    }
}
