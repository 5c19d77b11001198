package dev.shopifyingest.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FakeOrderTest {

    private final StoreFixture fixture = StoreFixture.builder().end(Instant.parse("2026-11-01T00:00:00Z")).build();

    @Test
    void currentFiguresEqualTheOriginalsWhenNothingWasRefunded() {
        FakeOrder order = IntStream.range(0, 360).mapToObj(fixture::order)
                .filter(o -> o.refunds().isEmpty()).findFirst().orElseThrow();
        assertThat(order.currentSubtotal()).isEqualByComparingTo(order.subtotal());
        assertThat(order.currentTotalTax()).isEqualByComparingTo(order.tax());
        assertThat(order.currentTotalDiscounts()).isEqualByComparingTo(order.totalDiscounts());
        assertThat(order.currentShipping()).isEqualByComparingTo(order.shipping());
    }

    @Test
    void currentFiguresAddUpToTheCurrentTotalOfEveryOrder() {
        IntStream.range(0, 360).mapToObj(fixture::order).forEach(order -> assertThat(order.currentSubtotal()
                .add(order.currentShipping()).add(order.currentTotalTax()))
                .isEqualByComparingTo(order.currentTotalPrice()));
    }

    @Test
    void aFullRefundLeavesNothingStanding() {
        FakeOrder refunded = IntStream.range(0, 360).mapToObj(fixture::order)
                .filter(o -> o.financialStatus().equals("REFUNDED")).findFirst().orElseThrow();
        assertThat(refunded.currentSubtotal()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(refunded.currentTotalTax()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(refunded.currentShipping()).isEqualByComparingTo(BigDecimal.ZERO);
    }
}
