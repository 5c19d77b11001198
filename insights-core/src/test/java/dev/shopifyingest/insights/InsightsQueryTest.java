package dev.shopifyingest.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class InsightsQueryTest {

    private static final LocalDate MARCH_1 = LocalDate.of(2026, 3, 1);

    @Test
    void rejectsFromAfterTo() {
        assertThatThrownBy(() -> InsightsQuery.of(1, LocalDate.of(2026, 3, 10), MARCH_1))
                .isInstanceOf(InvalidDateRangeException.class)
                .hasMessage("from (2026-03-10) is after to (2026-03-01).");
    }

    @Test
    void acceptsOneDayAndUpTo731Days() {
        assertThat(InsightsQuery.of(1, MARCH_1, MARCH_1).days()).isEqualTo(1);
        assertThat(InsightsQuery.of(1, MARCH_1, MARCH_1.plusDays(730)).days()).isEqualTo(InsightsQuery.MAX_DAYS);
    }

    @Test
    void rejectsRangesLongerThan731Days() {
        assertThatThrownBy(() -> InsightsQuery.of(1, MARCH_1, MARCH_1.plusDays(731)))
                .isInstanceOf(InvalidDateRangeException.class)
                .hasMessageContaining("spans 732 days; at most 731 are allowed");
    }

    @Test
    void excludesCancelledAndTestOrdersByDefault() {
        InsightsQuery query = InsightsQuery.of(1, MARCH_1, MARCH_1);

        assertThat(query.includeCancelled()).isFalse();
        assertThat(query.includeTest()).isFalse();
        assertThat(query.kinds()).containsExactly((short) 0);
    }

    @Test
    void derivesVariantsThatCountTheExcludedKinds() {
        InsightsQuery query = InsightsQuery.of(1, MARCH_1, MARCH_1);

        assertThat(query.toBuilder().includeCancelled(true).build().kinds()).containsExactly((short) 0, (short) 1);
        assertThat(query.toBuilder().includeTest(true).build().kinds()).containsExactly((short) 0, (short) 2);
        assertThat(query.toBuilder().includeCancelled(true).includeTest(true).build().kinds())
                .containsExactly((short) 0, (short) 1, (short) 2, (short) 3);
        assertThat(query.toBuilder().includeTest(true).build().toBuilder().includeTest(false).build()).isEqualTo(query);
    }

    @Test
    void builderNeedsARange() {
        assertThatThrownBy(() -> InsightsQuery.builder(1).build())
                .isInstanceOf(InvalidDateRangeException.class)
                .hasMessageContaining("both from and to are needed");
        assertThat(InsightsQuery.builder(7).range(MARCH_1, MARCH_1.plusDays(2)).includeTest(true).build())
                .isEqualTo(new InsightsQuery(7, MARCH_1, MARCH_1.plusDays(2), false, true));
    }
}
