package dev.shopifyingest.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StoreFixtureTest {

    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    private final StoreFixture fixture = StoreFixture.builder().end(END).build();

    @Test
    void sameSeedAndSettingsGiveTheSameStore() {
        StoreFixture again = StoreFixture.builder().end(END).build();
        assertThat(IntStream.range(0, 360).mapToObj(fixture::order))
                .containsExactlyElementsOf(IntStream.range(0, 360).mapToObj(again::order).toList());
        assertThat(again.customer(7)).isEqualTo(fixture.customer(7));
    }

    @Test
    void anotherSeedGivesAnotherStore() {
        StoreFixture other = fixture.toBuilder().seed(7).build();
        assertThat(other.order(0)).isNotEqualTo(fixture.order(0));
    }

    @Test
    void defaultStoreSpreadsThreeHundredSixtyOrdersEvenlyOverTwelveMonths() {
        assertThat(fixture.orderCount()).isEqualTo(360);
        long[] perMonth = new long[12];
        for (int i = 0; i < 360; i++) {
            Instant created = fixture.order(i).createdAt();
            assertThat(created).isBetween(fixture.start(), END.minusSeconds(1));
            perMonth[(int) (Duration.between(fixture.start(), created).toDays() * 12 / 365)]++;
        }
        assertThat(java.util.Arrays.stream(perMonth).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(28L, 32L));
    }

    @Test
    void ordersAreNumberedAndIdOrderedByCreationTime() {
        for (int i = 1; i < 360; i++) {
            FakeOrder previous = fixture.order(i - 1);
            FakeOrder order = fixture.order(i);
            assertThat(order.createdAt()).isAfter(previous.createdAt());
            assertThat(order.id()).isGreaterThan(previous.id());
            assertThat(order.number()).isEqualTo(previous.number() + 1);
        }
        assertThat(fixture.order(0).name()).isEqualTo("#1001");
    }

    @Test
    void idsCannotSurviveAParseAsDouble() {
        long id = fixture.order(0).id();
        assertThat(id).isGreaterThan(1L << 53);
        assertThat((long) (double) StoreFixture.customerId(0)).isNotEqualTo(StoreFixture.customerId(0));
    }

    @Test
    void ordersGoOnlyToCustomersWhoAlreadyExisted() {
        for (int i = 0; i < 360; i++) {
            FakeOrder order = fixture.order(i);
            if (order.customerId() != null) {
                FakeCustomer customer = fixture.customer(fixture.customerIndex(order.customerId()));
                assertThat(customer.createdAt()).isBeforeOrEqualTo(order.createdAt());
                assertThat(order.email()).isEqualTo(customer.email());
            }
        }
    }

    @Test
    void moneyAddsUp() {
        for (int i = 0; i < 360; i++) {
            FakeOrder order = fixture.order(i);
            assertThat(order.totalPrice()).isEqualByComparingTo(
                    order.lineItemsTotal().subtract(order.totalDiscounts()).add(order.shipping()).add(order.tax()));
            assertThat(order.totalRefunded()).isLessThanOrEqualTo(order.totalPrice());
            assertThat(order.currentTotalPrice()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
            assertThat(order.lineItems()).allSatisfy(line ->
                    assertThat(line.discountedTotal()).isGreaterThanOrEqualTo(BigDecimal.ZERO));
            assertThat(order.updatedAt()).isAfterOrEqualTo(order.createdAt()).isBefore(END);
        }
    }

    @Test
    void theMixHoldsEveryCaseAnalyticsMustHandle() {
        var orders = IntStream.range(0, 3_000).mapToObj(fixture.toBuilder().orders(3_000).build()::order).toList();
        assertThat(orders).anyMatch(o -> o.customerId() == null);
        assertThat(orders).anyMatch(o -> o.cancelledAt() != null);
        assertThat(orders).anyMatch(FakeOrder::test);
        assertThat(orders).anyMatch(o -> o.financialStatus().equals("PARTIALLY_REFUNDED"));
        assertThat(orders).anyMatch(o -> o.financialStatus().equals("REFUNDED"));
        assertThat(orders).anyMatch(o -> o.financialStatus().equals("PENDING"));
        assertThat(orders).anyMatch(o -> o.totalDiscounts().signum() > 0);
        assertThat(orders).anyMatch(o -> !o.processedAt().equals(o.createdAt()));
    }

    @Test
    void aMillionOrderStoreCostsNothingUntilRead() {
        StoreFixture big = fixture.toBuilder().orders(1_000_000).build();
        assertThat(big.order(999_999).number()).isEqualTo(1_001_000L);
        assertThat(big.customerCount()).isEqualTo(333_333);
    }

    @Test
    void rejectsNegativeSizes() {
        assertThatThrownBy(() -> StoreFixture.builder().orders(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orders");
    }
}
