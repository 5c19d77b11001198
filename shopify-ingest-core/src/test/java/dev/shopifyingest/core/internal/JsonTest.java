package dev.shopifyingest.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void keepsSixtyFourBitIdsAndMoneyExact() {
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) Json.parse(
                "{\"id\":9007199254740993,\"price\":\"29.90\",\"total\":29.90,\"qty\":3}");
        assertThat(Json.decimal(parsed, "id").longValueExact()).isEqualTo(9_007_199_254_740_993L);
        assertThat(Json.decimal(parsed, "total")).isEqualByComparingTo(new BigDecimal("29.90"));
        assertThat(Json.write(parsed)).isEqualTo("{\"id\":9007199254740993,\"price\":\"29.90\",\"total\":29.90,\"qty\":3}");
    }

    @Test
    void roundTripsNestedStructuresAndNulls() {
        String text = "{\"a\":[1,true,null,{\"b\":\"x\"}],\"c\":null}";
        assertThat(Json.write(Json.parse(text))).isEqualTo(text);
    }

    @Test
    void rejectsMalformedAndTrailingContent() {
        assertThatThrownBy(() -> Json.parse("{\"a\":")).isInstanceOf(Json.MalformedJsonException.class);
        assertThatThrownBy(() -> Json.parse("{} {}")).isInstanceOf(Json.MalformedJsonException.class);
    }

    @Test
    void accessorsSayWhatWasExpected() {
        Map<String, Object> node = Map.of("list", List.of(1), "flag", "yes");
        assertThatThrownBy(() -> Json.object(node, "list")).hasMessageContaining("Expected an object at 'list'");
        assertThatThrownBy(() -> Json.bool(node, "flag", false)).hasMessageContaining("boolean");
        assertThat(Json.array(node, "missing")).isEmpty();
    }
}
