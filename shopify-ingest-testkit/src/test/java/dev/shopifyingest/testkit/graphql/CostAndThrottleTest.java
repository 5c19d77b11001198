package dev.shopifyingest.testkit.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CostAndThrottleTest {

    private static final String HUNDRED_ORDERS = "{ orders(first: 100) { nodes { id } } }";
    private TestShop shop;

    @BeforeEach
    void start() {
        shop = new TestShop(StoreFixture.builder().end(TestShop.END).build(), new ThrottleSettings(1_000, 50),
                TestShop.onPoll());
    }

    @AfterEach
    void stop() {
        shop.close();
    }

    private JsonNode cost(JsonNode response) {
        return response.get("extensions").get("cost");
    }

    @Test
    void everyResponseCarriesTheCostExtension() {
        JsonNode cost = cost(shop.run(HUNDRED_ORDERS));
        assertThat(cost.get("requestedQueryCost").asInt()).isEqualTo(102);
        assertThat(cost.get("actualQueryCost").asInt()).isEqualTo(102);
        assertThat(cost.get("throttleStatus").toString())
                .isEqualTo("{\"maximumAvailable\":1000.0,\"currentlyAvailable\":898,\"restoreRate\":50.0}");
    }

    @Test
    void theUnusedPartOfTheRequestedCostIsRefunded() {
        // A page of 250 products requests 252 points and uses 2 + one per product returned.
        int products = shop.fixture.productCount();
        JsonNode cost = cost(shop.run("{ products(first: 250) { nodes { id } } }"));
        assertThat(cost.get("requestedQueryCost").asInt()).isEqualTo(252);
        assertThat(cost.get("actualQueryCost").asInt()).isEqualTo(2 + products);
        assertThat(cost.get("throttleStatus").get("currentlyAvailable").asInt()).isEqualTo(1000 - 2 - products);
    }

    @Test
    void theBucketDrainsThenThrottlesWithShopifysExactShapeAndRestoresAtTheSetRate() {
        for (int i = 0; i < 9; i++) {
            assertThat(shop.run(HUNDRED_ORDERS).has("errors")).isFalse();
        }
        GraphqlReply throttled = shop.reply(HUNDRED_ORDERS, Map.of(), TestShop.ALL_SCOPES, false);
        assertThat(throttled.status()).isEqualTo(200);
        assertThat(throttled.body()).isEqualTo("{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":"
                + "\"THROTTLED\",\"documentation\":\"https://shopify.dev/api/usage/rate-limits\"}}],\"extensions\":"
                + "{\"cost\":{\"requestedQueryCost\":102,\"actualQueryCost\":null,\"throttleStatus\":"
                + "{\"maximumAvailable\":1000.0,\"currentlyAvailable\":82,\"restoreRate\":50.0}}}}");
        assertThat(shop.graphql.throttledCount()).isEqualTo(1);

        // 50 points a second: 300 ms bring 15 points back (82 + 15 = 97); the shop query takes 1.
        shop.clock.advance(Duration.ofMillis(300));
        assertThat(cost(shop.run("{ shop { name } }")).get("throttleStatus").get("currentlyAvailable").asInt())
                .isEqualTo(96);
        // 120 ms more make 102, exactly what the throttled query needs.
        shop.clock.advance(Duration.ofMillis(120));
        JsonNode afterRestore = shop.run(HUNDRED_ORDERS);
        assertThat(afterRestore.has("errors")).isFalse();
        assertThat(cost(afterRestore).get("throttleStatus").get("currentlyAvailable").asInt()).isZero();
        // The bucket never holds more than its size.
        shop.clock.advance(Duration.ofHours(1));
        assertThat(cost(shop.run("{ shop { name } }")).get("throttleStatus").get("currentlyAvailable").asInt())
                .isEqualTo(999);
        assertThat(shop.graphql.throttledCount()).isEqualTo(1);
        assertThat(shop.graphql.requestCount()).isEqualTo(13);
    }

    @Test
    void aQueryOverTheSingleQueryLimitIsRejectedWithoutCharge() {
        GraphqlReply reply = shop.reply("{ orders(first: 250) { nodes { id lineItems(first: 10) { nodes { id } } } } }",
                Map.of(), TestShop.ALL_SCOPES, false);
        JsonNode response = TestShop.parse(reply);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(response.has("data")).isFalse();
        JsonNode error = response.get("errors").get(0);
        assertThat(error.get("message").asText())
                .startsWith("Query cost is 3252, which exceeds the single query max cost limit (1000).");
        assertThat(error.get("extensions").toString()).isEqualTo("{\"code\":\"MAX_COST_EXCEEDED\",\"cost\":3252,"
                + "\"maxCost\":1000,\"documentation\":\"https://shopify.dev/api/usage/rate-limits\"}");
        assertThat(cost(response).get("throttleStatus").get("currentlyAvailable").asInt()).isEqualTo(1000);
    }

    @Test
    void aMutationCostsTen() {
        JsonNode response = shop.run("mutation { webhookSubscriptionCreate(topic: ORDERS_CREATE, webhookSubscription:"
                + " {uri: \"https://app.example/webhooks\"}) { webhookSubscription { id } userErrors { message } } }");
        assertThat(cost(response).get("requestedQueryCost").asInt()).isEqualTo(10);
        assertThat(cost(response).get("actualQueryCost").asInt()).isEqualTo(10);
    }

    @Test
    void costDebugListsTheCostOfEachField() {
        GraphqlReply reply = shop.reply("{ shop { name } orders(first: 3) { edges { node { id customer { id } } } } }",
                Map.of(), TestShop.ALL_SCOPES, true);
        JsonNode fields = cost(TestShop.parse(reply)).get("fields");
        assertThat(fields.toString())
                .contains("{\"path\":[\"shop\"],\"definedCost\":1,\"requestedTotalCost\":1,\"requestedChildrenCost\":0}")
                .contains("{\"path\":[\"orders\"],\"definedCost\":2,\"requestedTotalCost\":8,\"requestedChildrenCost\":6}")
                .contains("{\"path\":[\"orders\",\"edges\",\"node\",\"customer\"],\"definedCost\":1,"
                        + "\"requestedTotalCost\":1,\"requestedChildrenCost\":0}");
        assertThat(cost(TestShop.parse(reply)).get("requestedQueryCost").asInt()).isEqualTo(9);
    }
}
