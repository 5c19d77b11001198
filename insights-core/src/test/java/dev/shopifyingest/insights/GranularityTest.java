package dev.shopifyingest.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GranularityTest {

    @Test
    void parsesTheJsonApiNamesIgnoringCase() {
        assertThat(Granularity.parse("day")).isEqualTo(Granularity.DAY);
        assertThat(Granularity.parse("Week")).isEqualTo(Granularity.WEEK);
        assertThat(Granularity.parse(" MONTH ")).isEqualTo(Granularity.MONTH);
        assertThat(Granularity.WEEK.apiName()).isEqualTo("week");
    }

    @Test
    void rejectsUnknownGranularities() {
        assertThatThrownBy(() -> Granularity.parse("fortnight"))
                .isInstanceOf(InvalidGranularityException.class)
                .hasMessage("Unknown granularity 'fortnight'. Use day, week or month.");
        assertThatThrownBy(() -> Granularity.parse(null)).isInstanceOf(InvalidGranularityException.class);
    }

    @Test
    void weeksStartOnMonday() {
        // 2026-03-08 is a Sunday, 2026-03-09 a Monday.
        assertThat(Granularity.WEEK.bucketStart(LocalDate.of(2026, 3, 8))).isEqualTo(LocalDate.of(2026, 3, 2));
        assertThat(Granularity.WEEK.bucketStart(LocalDate.of(2026, 3, 9))).isEqualTo(LocalDate.of(2026, 3, 9));
        assertThat(Granularity.WEEK.nextBucketStart(LocalDate.of(2026, 3, 8))).isEqualTo(LocalDate.of(2026, 3, 9));
    }

    @Test
    void monthsAndDaysAreCalendarMonthsAndDays() {
        assertThat(Granularity.MONTH.bucketStart(LocalDate.of(2024, 2, 29))).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(Granularity.MONTH.nextBucketStart(LocalDate.of(2024, 2, 29))).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(Granularity.DAY.nextBucketStart(LocalDate.of(2024, 12, 31))).isEqualTo(LocalDate.of(2025, 1, 1));
    }

    @Test
    void rankingsParseTheirJsonApiNames() {
        assertThat(ProductRanking.parse("units")).isEqualTo(ProductRanking.UNITS);
        assertThat(ProductRanking.REVENUE.apiName()).isEqualTo("revenue");
        assertThatThrownBy(() -> ProductRanking.parse("profit"))
                .isInstanceOf(InvalidRankingException.class)
                .hasMessage("Unknown ranking 'profit'. Use revenue or units.");
    }
}
