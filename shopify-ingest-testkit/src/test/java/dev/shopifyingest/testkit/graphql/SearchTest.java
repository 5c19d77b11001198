package dev.shopifyingest.testkit.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeEntity;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.SortKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchTest {

    private static TestShop shop;
    private static List<FakeOrder> orders;
    private static List<FakeCustomer> customers;

    @BeforeAll
    static void start() {
        shop = TestShop.standard();
        orders = shop.store.orders().all().toList();
        customers = shop.store.customers().all().toList();
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    private static List<String> search(String connection, String sortType, String sortKey, String query) {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> vars = new HashMap<>();
            vars.put("query", query);
            vars.put("after", after);
            vars.put("sortKey", sortKey);
            JsonNode page = shop.data("query($query: String, $after: String, $sortKey: " + sortType + ") { "
                    + connection + "(first: 250, after: $after, query: $query, sortKey: $sortKey) {"
                    + " nodes { id } pageInfo { hasNextPage endCursor } } }", vars).get(connection);
            page.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
            after = page.get("pageInfo").get("hasNextPage").asBoolean() ? page.get("pageInfo").get("endCursor").asText()
                    : null;
        } while (after != null);
        return ids;
    }

    private static List<String> orderIds(String sortKey, String query) {
        return search("orders", "OrderSortKeys", sortKey, query);
    }

    private static <T extends FakeEntity> List<String> expected(List<T> all, SortKey key, Predicate<T> filter) {
        return all.stream().filter(filter).sorted(java.util.Comparator.comparing(
                (T e) -> dev.shopifyingest.testkit.store.Position.of(key, e))).map(FakeEntity::gid).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPDATED_AT", "ID", "PROCESSED_AT"})
    void updatedAtRangesSelectExactlyTheRecordsInRange(String sortKey) {
        Instant from = orders.get(100).updatedAt();
        Instant to = orders.get(250).updatedAt();
        SortKey key = SortKey.valueOf(sortKey);
        assertThat(orderIds(sortKey, "updated_at:>='" + from + "' updated_at:<'" + to + "'"))
                .isEqualTo(expected(orders, key, o -> !o.updatedAt().isBefore(from) && o.updatedAt().isBefore(to)))
                .isNotEmpty();
        assertThat(orderIds(sortKey, "updated_at:>'" + from + "' AND updated_at:<='" + to + "'"))
                .isEqualTo(expected(orders, key, o -> o.updatedAt().isAfter(from) && !o.updatedAt().isAfter(to)));
        assertThat(orderIds(sortKey, "updated_at:\"" + from + "\""))
                .isEqualTo(expected(orders, key, o -> o.updatedAt().equals(from))).isNotEmpty();
    }

    @Test
    void aDateMeansTheWholeDayInTheShopsTimeZone() {
        ZoneId zone = shop.store.shop().timeZone();
        LocalDate day = orders.get(200).createdAt().atZone(zone).toLocalDate();
        Instant start = day.atStartOfDay(zone).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
        assertThat(orderIds("CREATED_AT", "created_at:" + day))
                .isEqualTo(expected(orders, SortKey.CREATED_AT, o -> !o.createdAt().isBefore(start)
                        && o.createdAt().isBefore(end))).isNotEmpty();
        assertThat(orderIds("CREATED_AT", "created_at:>" + day))
                .isEqualTo(expected(orders, SortKey.CREATED_AT, o -> !o.createdAt().isBefore(end)));
        assertThat(orderIds("CREATED_AT", "created_at:<='" + day + "'"))
                .isEqualTo(expected(orders, SortKey.CREATED_AT, o -> o.createdAt().isBefore(end)));
    }

    @Test
    void processedAtAndIdRangesFilterOrders() {
        Instant at = orders.get(42).processedAt();
        assertThat(orderIds("PROCESSED_AT", "processed_at:<'" + at + "'"))
                .isEqualTo(expected(orders, SortKey.PROCESSED_AT, o -> o.processedAt().isBefore(at)));
        long id = orders.get(300).id();
        assertThat(orderIds("ID", "id:>=" + id)).isEqualTo(expected(orders, SortKey.ID, o -> o.id() >= id)).hasSize(60);
        assertThat(orderIds("ID", "id:" + id)).containsExactly(orders.get(300).gid());
    }

    @Test
    void statusTestFinancialStatusAndCustomerFiltersMatchTheFixture() {
        assertThat(orderIds("ID", "test:true")).isEqualTo(expected(orders, SortKey.ID, FakeOrder::test)).isNotEmpty();
        assertThat(orderIds("ID", "test:false")).isEqualTo(expected(orders, SortKey.ID, o -> !o.test()));
        assertThat(orderIds("ID", "status:cancelled"))
                .isEqualTo(expected(orders, SortKey.ID, o -> o.cancelledAt() != null)).isNotEmpty();
        assertThat(orderIds("ID", "status:closed"))
                .isEqualTo(expected(orders, SortKey.ID, o -> o.closedAt() != null)).isNotEmpty();
        assertThat(orderIds("ID", "status:open"))
                .isEqualTo(expected(orders, SortKey.ID, o -> o.closedAt() == null && o.cancelledAt() == null));
        assertThat(orderIds("ID", "financial_status:refunded"))
                .isEqualTo(expected(orders, SortKey.ID, o -> o.financialStatus().equals("REFUNDED"))).isNotEmpty();
        assertThat(orderIds("ID", "financial_status:pending,authorized")).isEqualTo(expected(orders, SortKey.ID,
                o -> o.financialStatus().equals("PENDING") || o.financialStatus().equals("AUTHORIZED")));
        Long customerId = orders.get(7).customerId();
        assertThat(orderIds("ID", "customer_id:" + customerId))
                .isEqualTo(expected(orders, SortKey.ID, o -> Objects.equals(o.customerId(), customerId)));
        assertThat(orderIds("ID", "-status:cancelled test:false")).isEqualTo(expected(orders, SortKey.ID,
                o -> o.cancelledAt() == null && !o.test()));
        assertThat(orderIds("ID", "financial_status:refunded OR financial_status:voided")).isEqualTo(expected(orders,
                SortKey.ID, o -> o.financialStatus().equals("REFUNDED") || o.financialStatus().equals("VOIDED")));
    }

    @Test
    void customersSearchByUpdateAndCreationTimeAndEmail() {
        Instant from = customers.get(30).updatedAt();
        assertThat(search("customers", "CustomerSortKeys", "UPDATED_AT", "updated_at:>='" + from + "'"))
                .isEqualTo(expected(customers, SortKey.UPDATED_AT, c -> !c.updatedAt().isBefore(from)));
        Instant created = customers.get(60).createdAt();
        assertThat(search("customers", "CustomerSortKeys", "CREATED_AT", "customer_date:<'" + created + "'"))
                .isEqualTo(expected(customers, SortKey.CREATED_AT, c -> c.createdAt().isBefore(created))).hasSize(60);
        assertThat(search("customers", "CustomerSortKeys", "ID", "email:\"" + customers.get(9).email() + "\""))
                .containsExactly(customers.get(9).gid());
    }

    @Test
    void anUnknownSearchFieldIsIgnoredAndReportedLikeShopify() {
        JsonNode response = shop.run("{ orders(first: 250, query: \"colour:blue test:true\") { nodes { id } } }");
        assertThat(response.get("data").get("orders").get("nodes")).hasSize((int) orders.stream().filter(FakeOrder::test).count());
        JsonNode report = response.get("extensions").get("search").get(0);
        assertThat(report.get("path").get(0).asText()).isEqualTo("orders");
        assertThat(report.get("query").asText()).isEqualTo("colour:blue test:true");
        assertThat(report.get("warnings").get(0).toString())
                .isEqualTo("{\"field\":\"colour\",\"message\":\"Invalid search field for this query.\",\"code\":\"invalid_field\"}");
    }

    @Test
    void aFilterShopifyHasButTheFakeLacksFailsLoudly() {
        JsonNode response = shop.run("{ orders(first: 5, query: \"risk_level:high\") { nodes { id } } }");
        assertThat(response.get("errors").get(0).get("message").asText())
                .startsWith("FakeShopify does not implement the `risk_level` search filter of orders");
    }

    @Test
    void anUnquotedTimeWithColonsIsRejectedBecauseShopifyWouldMisreadIt() {
        JsonNode response = shop.run("{ orders(first: 5, query: \"updated_at:>2026-01-01T00:00:00Z\") { nodes { id } } }");
        assertThat(response.get("errors").get(0).get("message").asText()).contains("must be quoted");
    }

    @Test
    void countsApplyTheQueryAndTheLimit() {
        JsonNode data = shop.data("{ all: ordersCount { count precision } tests: ordersCount(query: \"test:true\") { count }"
                + " capped: ordersCount(limit: 100) { count precision } uncapped: ordersCount(limit: null) { count }"
                + " customersCount { count } productsCount { count } }");
        assertThat(data.get("all").get("count").asInt()).isEqualTo(360);
        assertThat(data.get("all").get("precision").asText()).isEqualTo("EXACT");
        assertThat(data.get("tests").get("count").asLong()).isEqualTo(orders.stream().filter(FakeOrder::test).count());
        assertThat(data.get("capped").get("count").asInt()).isEqualTo(100);
        assertThat(data.get("capped").get("precision").asText()).isEqualTo("AT_LEAST");
        assertThat(data.get("uncapped").get("count").asInt()).isEqualTo(360);
        assertThat(data.get("customersCount").get("count").asInt()).isEqualTo(customers.size());
        assertThat(data.get("productsCount").get("count").asInt()).isEqualTo(shop.fixture.productCount());
    }

    @Test
    void freeTextMatchesNamesAndEmails() {
        FakeOrder order = orders.stream().filter(o -> o.email() != null).skip(11).findFirst().orElseThrow();
        assertThat(orderIds("ID", order.email())).contains(order.gid());
        assertThat(Stream.of(orderIds("ID", "name:" + order.name())).flatMap(List::stream)).containsExactly(order.gid());
    }
}
