package dev.shopifyingest.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FakeStoreTest {

    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    private final Clock clock = Clock.fixed(END.plusSeconds(3_600), ZoneOffset.UTC);
    private final FakeStore store = new FakeStore(StoreFixture.builder().end(END).build(), clock);

    @Test
    void scanByUpdatedAtIsSortedAndComplete() {
        List<FakeOrder> scanned = store.orders().scan(SortKey.UPDATED_AT, false, null).toList();
        assertThat(scanned).hasSize(360);
        assertThat(scanned).isSortedAccordingTo(Comparator.comparing((FakeOrder o) -> o.updatedAt())
                .thenComparingLong(FakeOrder::id));
        assertThat(scanned.stream().map(FakeOrder::id).collect(Collectors.toSet())).hasSize(360);
    }

    @Test
    void scanResumesStrictlyAfterAPosition() {
        List<FakeOrder> all = store.orders().scan(SortKey.UPDATED_AT, false, null).toList();
        Position after = Position.of(SortKey.UPDATED_AT, all.get(99));
        assertThat(store.orders().scan(SortKey.UPDATED_AT, false, after).toList()).isEqualTo(all.subList(100, 360));
        List<FakeOrder> descending = store.orders().scan(SortKey.UPDATED_AT, true, after).toList();
        assertThat(descending).isEqualTo(reversed(all.subList(0, 99)));
    }

    @Test
    void changesAreMergedIntoScansAndReported() {
        List<StoreChange> changes = new ArrayList<>();
        store.addListener(changes::add);
        long firstId = StoreFixture.orderId(0);
        FakeOrder updated = store.orders().update(firstId, o -> o).orElseThrow();
        store.orders().delete(StoreFixture.orderId(1));
        FakeOrder template = store.fixture().order(2);
        FakeOrder created = store.orders().create(id -> new FakeOrder(id, store.nextOrderNumber(), null, null,
                store.now(), store.now(), store.now(), null, null, null, false, "PAID", "UNFULFILLED",
                template.lineItems(), template.shipping(), template.tax(), List.of()));

        assertThat(updated.updatedAt()).isEqualTo(clock.instant());
        assertThat(created.id()).isEqualTo(StoreFixture.orderId(360));
        assertThat(created.number()).isEqualTo(1361);
        assertThat(store.orders().size()).isEqualTo(360);
        List<FakeOrder> byUpdate = store.orders().scan(SortKey.UPDATED_AT, false, null).toList();
        assertThat(byUpdate).hasSize(360);
        assertThat(byUpdate.subList(358, 360)).extracting(FakeOrder::id).containsExactly(firstId, created.id());
        assertThat(store.orders().find(StoreFixture.orderId(1))).isEmpty();
        assertThat(changes).extracting(StoreChange::kind).containsExactly(
                StoreChange.Kind.UPDATED, StoreChange.Kind.DELETED, StoreChange.Kind.CREATED);
    }

    @Test
    void everyVersionOfAnEntityHasALaterUpdateTime() {
        long id = StoreFixture.customerId(3);
        Instant first = store.customers().update(id, c -> c).orElseThrow().updatedAt();
        Instant second = store.customers().update(id, c -> c).orElseThrow().updatedAt();
        assertThat(second).isEqualTo(first.plusSeconds(1));
    }

    @Test
    void customerStatsFollowOrderChanges() {
        FakeOrder order = store.orders().all().filter(o -> o.customerId() != null).findFirst().orElseThrow();
        long customerId = order.customerId();
        long expectedCount = store.orders().all().filter(o -> Objects.equals(o.customerId(), customerId)).count();
        CustomerStats before = store.customerStats(customerId);
        assertThat(before.numberOfOrders()).isEqualTo(expectedCount);

        store.orders().delete(order.id());
        CustomerStats after = store.customerStats(customerId);
        assertThat(after.numberOfOrders()).isEqualTo(expectedCount - 1);
        assertThat(after.amountSpent()).isEqualByComparingTo(before.amountSpent().subtract(order.netPayment()));
    }

    @Test
    void unknownIdsAreNotFoundAndNotChanged() {
        assertThat(store.orders().find(42)).isEmpty();
        assertThat(store.orders().update(42, o -> o)).isEmpty();
        assertThat(store.orders().delete(42)).isEmpty();
        assertThat(Set.copyOf(store.products().all().toList())).hasSize(store.fixture().productCount());
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
