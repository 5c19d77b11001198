package dev.shopifyingest.testkit.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BulkOperationTest {

    private static final String ORDERS_WITH_LINES = "{ orders(sortKey: ID) { edges { node { id name totalPriceSet {"
            + " shopMoney { amount } } lineItems { edges { node { id quantity sku } } } } } } }";
    private static final String RUN = "mutation($query: String!, $group: Boolean!) { bulkOperationRunQuery(query: $query,"
            + " groupObjects: $group) { bulkOperation { id status } userErrors { field message code } } }";
    private static final String POLL = "query($id: ID!) { bulkOperation(id: $id) { id status errorCode createdAt"
            + " completedAt objectCount rootObjectCount fileSize url partialDataUrl query type } }";

    private TestShop shop;

    private TestShop shop(AdminGraphql.Options options) {
        shop = new TestShop(StoreFixture.builder().end(TestShop.END).build(), TestShop.UNLIMITED, options);
        return shop;
    }

    @AfterEach
    void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    private JsonNode run(String query, boolean group, Set<String> scopes) {
        return shop.run(RUN, Map.of("query", query, "group", group), scopes).get("data").get("bulkOperationRunQuery");
    }

    private String start(String query, boolean group) {
        JsonNode payload = run(query, group, TestShop.ALL_SCOPES);
        assertThat(payload.get("userErrors")).isEmpty();
        assertThat(payload.get("bulkOperation").get("status").asText()).isEqualTo("CREATED");
        return payload.get("bulkOperation").get("id").asText();
    }

    private JsonNode poll(String id) {
        return shop.data(POLL, Map.of("id", id)).get("bulkOperation");
    }

    private List<JsonNode> lines(JsonNode operation) throws IOException {
        String url = operation.get("url").asText();
        String fileName = url.substring(url.lastIndexOf('/') + 1);
        assertThat(url).isEqualTo("http://127.0.0.1:8089/fake-shopify/bulk/" + fileName);
        Path file = shop.graphql.bulkResult(fileName).orElseThrow();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(TestShop.JSON.readTree(line));
        }
        return lines;
    }

    @ParameterizedTest(name = "groupObjects {0}, ungrouped layout {1}")
    @CsvSource({"false, CHILDREN_AFTER_ALL_PARENTS", "false, CHILDREN_AFTER_EACH_PARENT", "true, CHILDREN_AFTER_ALL_PARENTS"})
    void aBulkRunOfOrdersWithLineItemsParsesBackIntoTheFixture(boolean group, AdminGraphql.Options.BulkLayout layout)
            throws IOException {
        shop(TestShop.onPoll().toBuilder().ungroupedLayout(layout).build());
        String id = start(ORDERS_WITH_LINES, group);
        assertThat(poll(id).get("status").asText()).isEqualTo("RUNNING");
        JsonNode done = poll(id);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        List<FakeOrder> orders = shop.store.orders().all().toList();
        long lineCount = orders.stream().mapToLong(o -> o.lineItems().size()).sum();
        assertThat(done.get("rootObjectCount").asText()).isEqualTo("360");
        assertThat(done.get("objectCount").asText()).isEqualTo(Long.toString(360 + lineCount));
        assertThat(done.get("type").asText()).isEqualTo("QUERY");
        assertThat(done.get("query").asText()).isEqualTo(ORDERS_WITH_LINES);
        assertThat(done.get("completedAt").asText()).isEqualTo(shop.clock.instant().toString());
        List<JsonNode> lines = lines(done);
        assertThat(done.get("fileSize").asText())
                .isEqualTo(Long.toString(Files.size(shop.graphql.bulkResult("bulk-" + Gid.parse(id).id() + ".jsonl").orElseThrow())));

        Map<String, Integer> parentLine = new LinkedHashMap<>();
        Map<String, List<JsonNode>> children = new LinkedHashMap<>();
        int lastParent = -1;
        int firstChild = Integer.MAX_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            if (line.has("__parentId")) {
                String parent = line.get("__parentId").asText();
                assertThat(parentLine).as("a child comes after its parent").containsKey(parent);
                if (group || layout == AdminGraphql.Options.BulkLayout.CHILDREN_AFTER_EACH_PARENT) {
                    int previous = lines.get(i - 1).has("__parentId") ? parentLine.get(lines.get(i - 1).get("__parentId").asText())
                            : i - 1;
                    assertThat(previous).as("grouped children follow their parent directly").isEqualTo(parentLine.get(parent));
                }
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(line);
                firstChild = Math.min(firstChild, i);
            } else {
                parentLine.put(line.get("id").asText(), i);
                lastParent = i;
            }
        }
        if (!group && layout == AdminGraphql.Options.BulkLayout.CHILDREN_AFTER_ALL_PARENTS) {
            assertThat(firstChild).as("ungrouped children come after all parents").isGreaterThan(lastParent);
        }
        assertThat(parentLine.keySet()).containsExactlyElementsOf(orders.stream().map(FakeOrder::gid).toList());
        for (FakeOrder order : orders) {
            JsonNode parent = lines.get(parentLine.get(order.gid()));
            assertThat(parent.get("name").asText()).isEqualTo(order.name());
            assertThat(parent.has("lineItems")).isFalse();
            assertThat(parent.get("totalPriceSet").get("shopMoney").get("amount").asText())
                    .isEqualTo(order.totalPrice().setScale(2).toPlainString());
            List<JsonNode> lineNodes = children.get(order.gid());
            assertThat(lineNodes).extracting(n -> n.get("id").asText())
                    .containsExactlyElementsOf(order.lineItems().stream().map(l -> l.gid()).toList());
            for (int l = 0; l < lineNodes.size(); l++) {
                assertThat(lineNodes.get(l).get("quantity").asInt()).isEqualTo(order.lineItems().get(l).quantity());
                assertThat(lineNodes.get(l).get("sku").asText()).isEqualTo(order.lineItems().get(l).sku());
            }
        }
    }

    @Test
    void productsWithVariantsComeBackAsParentsAndChildren() throws IOException {
        shop(TestShop.onPoll());
        String id = start("{ products { nodes { id title variants { nodes { id price } } } } }", false);
        poll(id);
        List<JsonNode> lines = lines(poll(id));
        List<FakeProduct> products = shop.store.products().all().toList();
        assertThat(lines.stream().filter(l -> !l.has("__parentId")).map(l -> l.get("id").asText()).toList())
                .containsExactlyElementsOf(products.stream().map(FakeProduct::gid).toList());
        assertThat(lines.stream().filter(l -> l.has("__parentId")).map(l -> l.get("id").asText()).toList())
                .containsExactlyElementsOf(products.stream().flatMap(p -> p.variants().stream()).map(v -> v.gid()).toList());
    }

    @Test
    void onlyTheMutationAndThePollsAreCharged() {
        shop(TestShop.onPoll());
        GraphqlReply reply = shop.reply(RUN, Map.of("query", ORDERS_WITH_LINES, "group", false), TestShop.ALL_SCOPES, false);
        assertThat(TestShop.parse(reply).get("extensions").get("cost").get("actualQueryCost").asInt()).isEqualTo(10);
        String id = TestShop.parse(reply).get("data").get("bulkOperationRunQuery").get("bulkOperation").get("id").asText();
        JsonNode poll = shop.run(POLL, Map.of("id", id));
        assertThat(poll.get("extensions").get("cost").get("actualQueryCost").asInt()).isEqualTo(1);
    }

    @Test
    void fiveQueriesMayRunAtOnceAndTheSixthIsRefused() {
        shop(TestShop.onPoll());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(start("{ customers { nodes { id } } }", false));
        }
        JsonNode sixth = run("{ customers { nodes { id } } }", false, TestShop.ALL_SCOPES);
        assertThat(sixth.get("bulkOperation").isNull()).isTrue();
        assertThat(sixth.get("userErrors").get(0).get("code").asText()).isEqualTo("LIMIT_REACHED");
        poll(ids.getFirst());
        assertThat(poll(ids.getFirst()).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(run("{ customers { nodes { id } } }", false, TestShop.ALL_SCOPES).get("userErrors")).isEmpty();
    }

    @Test
    void withALimitOfOneTheSecondQueryFindsAnOperationInProgress() {
        shop(TestShop.onPoll().toBuilder().bulkConcurrency(1).build());
        String first = start("{ customers { nodes { id } } }", false);
        JsonNode second = run("{ products { nodes { id } } }", false, TestShop.ALL_SCOPES);
        assertThat(second.get("userErrors").get(0).get("code").asText()).isEqualTo("OPERATION_IN_PROGRESS");
        assertThat(second.get("userErrors").get(0).get("message").asText()).contains(first);
    }

    @Test
    void invalidBulkQueriesComeBackAsUserErrors() {
        shop(TestShop.onPoll());
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{ orders { edges { node { id colour } } } }", "Field 'colour' doesn't exist on type 'Order'");
        cases.put("{ shop { name } }", "must contain at least one connection");
        cases.put("{ node(id: \"gid://shopify/Order/1\") { id } }", "`node` and `nodes`");
        cases.put("{ customers { nodes { id orders { nodes { id lineItems { nodes { id } } } } } } }", "nested more than 2");
        cases.put("{ orders { nodes { name lineItems { nodes { id } } } } }", "must select the 'id' field");
        cases.put("{ orders { nodes { id statusPageUrl } } }", "FakeShopify does not implement Order.statusPageUrl");
        cases.put("{ collections { nodes { id } } }", "FakeShopify does not implement bulk queries over `collections`");
        cases.put("{ orders(query: \"risk_level:high\") { nodes { id } } }", "the `risk_level` search filter");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            JsonNode payload = run(c.getKey(), false, TestShop.ALL_SCOPES);
            assertThat(payload.get("bulkOperation").isNull()).as(c.getKey()).isTrue();
            JsonNode error = payload.get("userErrors").get(0);
            assertThat(error.get("code").asText()).as(c.getKey()).isEqualTo("INVALID");
            assertThat(error.get("field").toString()).isEqualTo("[\"query\"]");
            assertThat(error.get("message").asText()).as(c.getKey()).contains(c.getValue());
        }
        assertThat(shop.data("{ bulkOperations(first: 10) { nodes { id } } }").get("bulkOperations").get("nodes")).isEmpty();
    }

    @Test
    void operationsAreListedFilteredCancelledAndReportedToListeners() {
        shop(TestShop.onPoll());
        List<BulkOperationFinished> finished = new CopyOnWriteArrayList<>();
        shop.graphql.onBulkOperationFinished(finished::add);
        String completing = start("{ customers { nodes { id } } }", false);
        shop.clock.advance(java.time.Duration.ofSeconds(5));
        String cancelling = start("{ products { nodes { id } } }", false);
        JsonNode cancel = shop.data("mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status }"
                + " userErrors { message } } }", Map.of("id", cancelling)).get("bulkOperationCancel");
        assertThat(cancel.get("bulkOperation").get("status").asText()).isEqualTo("CANCELING");

        // One listing polls every operation once: CREATED -> RUNNING, CANCELING -> CANCELED.
        JsonNode running = shop.data("{ bulkOperations(first: 10, query: \"status:running\") { nodes { id status } } }");
        assertThat(running.get("bulkOperations").get("nodes")).extracting(n -> n.get("id").asText()).containsExactly(completing);
        JsonNode newestFirst = shop.data("{ bulkOperations(first: 10) { nodes { id status } } }");
        assertThat(newestFirst.get("bulkOperations").get("nodes")).extracting(n -> n.get("id").asText())
                .containsExactly(cancelling, completing);
        assertThat(newestFirst.get("bulkOperations").get("nodes").get(0).get("status").asText()).isEqualTo("CANCELED");
        assertThat(newestFirst.get("bulkOperations").get("nodes").get(1).get("status").asText()).isEqualTo("COMPLETED");
        JsonNode current = shop.data("{ currentBulkOperation { id status } }").get("currentBulkOperation");
        assertThat(current.get("id").asText()).isEqualTo(cancelling);

        assertThat(finished).extracting(BulkOperationFinished::id, BulkOperationFinished::status)
                .containsExactlyInAnyOrder(org.assertj.core.api.Assertions.tuple(cancelling, "CANCELED"),
                        org.assertj.core.api.Assertions.tuple(completing, "COMPLETED"));
        BulkOperationFinished done = finished.stream().filter(f -> f.id().equals(completing)).findFirst().orElseThrow();
        assertThat(done.webhookPayload()).containsEntry("admin_graphql_api_id", completing)
                .containsEntry("status", "completed").containsEntry("type", "query").containsEntry("error_code", null);
        JsonNode cannot = shop.data("mutation($id: ID!) { bulkOperationCancel(id: $id) { userErrors { message } } }",
                Map.of("id", completing)).get("bulkOperationCancel");
        assertThat(cannot.get("userErrors").get(0).get("message").asText()).contains("completed");
    }

    @Test
    void theSixtyDayRuleAndScopesApplyToBulkOperations() throws IOException {
        shop(TestShop.onPoll());
        Instant cutoff = shop.clock.instant().minus(RequestContext.ORDER_WINDOW);
        long recent = shop.store.orders().all().filter(o -> !o.createdAt().isBefore(cutoff)).count();
        String id = run("{ orders { nodes { id } } }", false, Set.of("read_orders")).get("bulkOperation").get("id").asText();
        poll(id);
        JsonNode done = poll(id);
        assertThat(done.get("rootObjectCount").asText()).isEqualTo(Long.toString(recent));
        assertThat(lines(done)).hasSize((int) recent);

        String denied = run("{ customers { nodes { id } } }", false, Set.of("read_orders")).get("bulkOperation")
                .get("id").asText();
        poll(denied);
        JsonNode failed = poll(denied);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("errorCode").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(failed.get("url").isNull()).isTrue();
    }

    @Test
    void inTheBackgroundAnOperationCompletesOnItsOwn() throws InterruptedException {
        shop(AdminGraphql.Options.defaults());
        CountDownLatch finished = new CountDownLatch(1);
        shop.graphql.onBulkOperationFinished(f -> finished.countDown());
        String id = start("{ products { nodes { id title } } }", false);
        assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
        JsonNode done = poll(id);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("rootObjectCount").asText()).isEqualTo(Integer.toString(shop.fixture.productCount()));
    }
}
