package dev.shopifyingest.testkit.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.testkit.store.EntityTable;
import dev.shopifyingest.testkit.store.FakeEntity;
import dev.shopifyingest.testkit.store.SortKey;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PaginationTest {

    private static TestShop shop;

    @BeforeAll
    static void start() {
        // Small enough that every page size from 1 to 250 can be walked for every sort key.
        shop = new TestShop(StoreFixture.builder().end(TestShop.END).orders(60).customers(25).products(13).build(),
                TestShop.UNLIMITED, TestShop.onPoll());
        // Some live changes, so scans merge overlay entities into the generated ones.
        long orderId = StoreFixture.orderId(5);
        shop.store.orders().update(orderId, o -> o);
        shop.store.customers().delete(StoreFixture.customerId(3));
        shop.data("mutation { productCreate(product: {title: \"Late Addition\"}) { product { id } } }");
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    record Connection(String name, String sortType, EntityTable<? extends FakeEntity> table) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> connectionsAndSortKeys() {
        List<Arguments> arguments = new ArrayList<>();
        for (Connection c : connections()) {
            for (SortKey key : SortKey.values()) {
                if (key != SortKey.PROCESSED_AT || c.name().equals("orders")) {
                    arguments.add(Arguments.of(c, key));
                }
            }
        }
        return arguments.stream();
    }

    static List<Connection> connections() {
        return List.of(new Connection("orders", "OrderSortKeys", shop.store.orders()),
                new Connection("customers", "CustomerSortKeys", shop.store.customers()),
                new Connection("products", "ProductSortKeys", shop.store.products()));
    }

    private static String query(Connection c) {
        return "query($first: Int, $after: String, $last: Int, $before: String, $sortKey: " + c.sortType()
                + ", $reverse: Boolean) { " + c.name() + "(first: $first, after: $after, last: $last, before: $before,"
                + " sortKey: $sortKey, reverse: $reverse) { edges { cursor node { id } }"
                + " pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";
    }

    private static List<String> expected(Connection c, SortKey key, boolean reverse) {
        return c.table().scan(key, reverse, null).map(FakeEntity::gid).toList();
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("connectionsAndSortKeys")
    void everyPageSizeReturnsEveryRecordOnceInOrder(Connection c, SortKey key) {
        List<String> expected = expected(c, key, false);
        assertThat(expected).isNotEmpty();
        for (int first = 1; first <= 250; first++) {
            List<String> seen = new ArrayList<>();
            String after = null;
            int pages = 0;
            while (true) {
                Map<String, Object> vars = new HashMap<>();
                vars.put("first", first);
                vars.put("after", after);
                vars.put("sortKey", key.name());
                JsonNode connection = shop.data(query(c), vars).get(c.name());
                JsonNode pageInfo = connection.get("pageInfo");
                assertThat(pageInfo.get("hasPreviousPage").asBoolean()).isEqualTo(pages > 0);
                connection.get("edges").forEach(e -> seen.add(e.get("node").get("id").asText()));
                pages++;
                if (!pageInfo.get("hasNextPage").asBoolean()) {
                    break;
                }
                after = pageInfo.get("endCursor").asText();
            }
            assertThat(seen).as("%s by %s, first %d", c.name(), key, first).isEqualTo(expected);
            assertThat(pages).isEqualTo((expected.size() + first - 1) / first);
        }
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("connectionsAndSortKeys")
    void reverseWalksTheOppositeOrder(Connection c, SortKey key) {
        for (int first : new int[] {1, 7, 250}) {
            List<String> seen = new ArrayList<>();
            String after = null;
            do {
                Map<String, Object> vars = new HashMap<>();
                vars.put("first", first);
                vars.put("after", after);
                vars.put("sortKey", key.name());
                vars.put("reverse", true);
                JsonNode connection = shop.data(query(c), vars).get(c.name());
                connection.get("edges").forEach(e -> seen.add(e.get("node").get("id").asText()));
                after = connection.get("pageInfo").get("hasNextPage").asBoolean()
                        ? connection.get("pageInfo").get("endCursor").asText() : null;
            } while (after != null);
            assertThat(seen).isEqualTo(expected(c, key, true));
        }
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("connectionsAndSortKeys")
    void lastAndBeforeWalkBackwardsFromTheEnd(Connection c, SortKey key) {
        for (int last : new int[] {1, 4, 250}) {
            List<String> seen = new ArrayList<>();
            String before = null;
            boolean firstPage = true;
            while (true) {
                Map<String, Object> vars = new HashMap<>();
                vars.put("last", last);
                vars.put("before", before);
                vars.put("sortKey", key.name());
                JsonNode connection = shop.data(query(c), vars).get(c.name());
                List<String> page = new ArrayList<>();
                connection.get("edges").forEach(e -> page.add(e.get("node").get("id").asText()));
                seen.addAll(0, page);
                JsonNode pageInfo = connection.get("pageInfo");
                assertThat(pageInfo.get("hasNextPage").asBoolean()).isEqualTo(!firstPage);
                firstPage = false;
                if (!pageInfo.get("hasPreviousPage").asBoolean()) {
                    break;
                }
                before = pageInfo.get("startCursor").asText();
            }
            assertThat(seen).isEqualTo(expected(c, key, false));
        }
    }

    @Test
    void aPageBetweenTwoCursorsHoldsExactlyTheRecordsBetweenThem() {
        Connection orders = connections().getFirst();
        JsonNode all = shop.data(query(orders), Map.of("first", 60, "sortKey", "UPDATED_AT")).get("orders").get("edges");
        String after = all.get(9).get("cursor").asText();
        String before = all.get(20).get("cursor").asText();
        Map<String, Object> vars = new HashMap<>(Map.of("first", 250, "after", after, "sortKey", "UPDATED_AT"));
        vars.put("before", before);
        JsonNode page = shop.data(query(orders), vars).get("orders");
        assertThat(page.get("edges")).hasSize(10);
        assertThat(page.get("edges").get(0).get("node").get("id")).isEqualTo(all.get(10).get("node").get("id"));
        assertThat(page.get("pageInfo").get("hasPreviousPage").asBoolean()).isTrue();
    }

    @Test
    void aCursorFromAnotherSortKeyIsRejected() {
        Connection orders = connections().getFirst();
        String cursor = shop.data(query(orders), Map.of("first", 1, "sortKey", "ID"))
                .get("orders").get("pageInfo").get("endCursor").asText();
        JsonNode response = shop.run(query(orders), Map.of("first", 1, "after", cursor, "sortKey", "UPDATED_AT"));
        assertThat(response.get("errors").get(0).get("message").asText())
                .contains("sorted by ID").contains("sorts by UPDATED_AT");
        assertThat(response.get("errors").get(0).get("path").get(0).asText()).isEqualTo("orders");
    }

    @Test
    void pageSizeAboveTwoHundredFiftyOrMissingIsRejectedLikeShopify() {
        JsonNode tooMany = shop.run("{ orders(first: 251) { nodes { id } } }");
        assertThat(tooMany.get("errors").get(0).get("message").asText()).isEqualTo("first cannot exceed 250");
        JsonNode none = shop.run("{ orders { nodes { id } } }");
        assertThat(none.get("errors").get(0).get("message").asText()).isEqualTo("you must provide one of first or last");
        JsonNode both = shop.run("{ orders(first: 1, last: 1) { nodes { id } } }");
        assertThat(both.get("errors").get(0).get("message").asText()).contains("Passing both `first` and `last`");
    }

    @Test
    void unsupportedSortKeysFailLoudly() {
        JsonNode response = shop.run("{ orders(first: 5, sortKey: TOTAL_PRICE) { nodes { id } } }");
        assertThat(response.get("errors").get(0).get("message").asText())
                .startsWith("FakeShopify does not implement sorting orders by TOTAL_PRICE");
        assertThat(response.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("NOT_IMPLEMENTED");
    }
}
