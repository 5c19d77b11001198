package dev.shopifyingest.testkit.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The response shapes clients rely on: errors, ids, money, times, lists and nodes. */
class ShopifyShapeTest {

    private static TestShop shop;

    @BeforeAll
    static void start() {
        shop = TestShop.standard();
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    @Test
    void aFieldShopifyLacksFailsValidationWithShopifysShape() {
        JsonNode response = shop.run("query {\n  shop { name totalSpentV2 }\n}");
        assertThat(response.has("data")).isFalse();
        JsonNode error = response.get("errors").get(0);
        assertThat(error.get("message").asText()).isEqualTo("Field 'totalSpentV2' doesn't exist on type 'Shop'");
        assertThat(error.get("locations").toString()).isEqualTo("[{\"line\":2,\"column\":15}]");
        assertThat(error.get("path").toString()).isEqualTo("[\"query\",\"shop\",\"totalSpentV2\"]");
        assertThat(error.get("extensions").toString())
                .isEqualTo("{\"code\":\"undefinedField\",\"typeName\":\"Shop\",\"fieldName\":\"totalSpentV2\"}");
        assertThat(response.get("extensions").get("cost").get("requestedQueryCost").asInt()).isZero();
    }

    @Test
    void anArgumentShopifyLacksAndAMissingRequiredArgumentAreRejected() {
        JsonNode unknown = shop.run("{ orders(first: 1, since: \"x\") { nodes { id } } }").get("errors").get(0);
        assertThat(unknown.get("message").asText()).isEqualTo("Field 'orders' doesn't accept argument 'since'");
        assertThat(unknown.get("extensions").get("code").asText()).isEqualTo("argumentNotAccepted");
        JsonNode missing = shop.run("{ order { id } }").get("errors").get(0);
        assertThat(missing.get("message").asText()).isEqualTo("Field 'order' is missing required arguments: id");
        assertThat(missing.get("extensions").get("code").asText()).isEqualTo("missingRequiredArguments");
    }

    @Test
    void aRealFieldTheFakeDoesNotImplementFailsLoudlyInsteadOfReturningNull() {
        JsonNode response = shop.run("{ orders(first: 1) { nodes { id statusPageUrl } } }");
        JsonNode error = response.get("errors").get(0);
        assertThat(error.get("message").asText()).startsWith("FakeShopify does not implement Order.statusPageUrl");
        assertThat(error.get("extensions").get("code").asText()).isEqualTo("NOT_IMPLEMENTED");
        assertThat(error.get("path").toString()).isEqualTo("[\"orders\",\"nodes\",0,\"statusPageUrl\"]");
        JsonNode nullable = shop.run("{ orders(first: 1) { nodes { id channelInformation { id } } } }");
        assertThat(nullable.get("errors").get(0).get("message").asText())
                .startsWith("FakeShopify does not implement Order.channelInformation");
    }

    @Test
    void aDeprecatedFieldStillExecutes() {
        FakeCustomer customer = shop.fixture.customer(4);
        JsonNode data = shop.data("query($id: ID!) { customer(id: $id) { email phone } }", Map.of("id", customer.gid()));
        assertThat(data.get("customer").get("email").asText()).isEqualTo(customer.email());
    }

    @Test
    void idsAboveTwoToTheFiftyThirdComeBackAsExactStrings() {
        FakeOrder order = shop.fixture.order(0);
        assertThat(order.id()).isGreaterThan(1L << 53);
        JsonNode node = shop.data("query($id: ID!) { order(id: $id) { id legacyResourceId customer { legacyResourceId"
                + " numberOfOrders } lineItems(first: 5) { nodes { id } } } }", Map.of("id", order.gid())).get("order");
        assertThat(node.get("id").isTextual()).isTrue();
        assertThat(node.get("id").asText()).isEqualTo("gid://shopify/Order/" + order.id());
        assertThat(node.get("legacyResourceId").isTextual()).isTrue();
        assertThat(node.get("legacyResourceId").asText()).isEqualTo(Long.toString(order.id()));
        assertThat(node.get("customer").get("numberOfOrders").isTextual()).isTrue();
        assertThat(node.get("lineItems").get("nodes").get(0).get("id").asText())
                .isEqualTo(order.lineItems().getFirst().gid());
    }

    @Test
    void moneyBagAmountsEqualTheFixturesOrderFigures() {
        Map<String, Function<FakeOrder, BigDecimal>> figures = new LinkedHashMap<>();
        figures.put("totalPriceSet", FakeOrder::totalPrice);
        figures.put("currentTotalPriceSet", FakeOrder::currentTotalPrice);
        figures.put("originalTotalPriceSet", FakeOrder::totalPrice);
        figures.put("subtotalPriceSet", FakeOrder::subtotal);
        figures.put("currentSubtotalPriceSet", FakeOrder::currentSubtotal);
        figures.put("totalDiscountsSet", FakeOrder::totalDiscounts);
        figures.put("currentTotalDiscountsSet", FakeOrder::currentTotalDiscounts);
        figures.put("totalTaxSet", FakeOrder::tax);
        figures.put("currentTotalTaxSet", FakeOrder::currentTotalTax);
        figures.put("totalShippingPriceSet", FakeOrder::shipping);
        figures.put("totalRefundedSet", FakeOrder::totalRefunded);
        figures.put("netPaymentSet", FakeOrder::netPayment);
        figures.put("totalReceivedSet", FakeOrder::totalReceived);
        figures.put("totalOutstandingSet", FakeOrder::totalOutstanding);
        StringBuilder selection = new StringBuilder();
        figures.keySet().forEach(f -> selection.append(f)
                .append(" { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } } "));
        // Fourteen money bags a node: ten orders a page keep the query under Shopify's 1,000-point cap.
        List<JsonNode> nodes = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> vars = new LinkedHashMap<>();
            vars.put("after", after);
            JsonNode page = shop.data("query($after: String) { orders(first: 10, after: $after, sortKey: ID) { nodes { id "
                    + selection + " refunds { id createdAt note totalRefundedSet { shopMoney { amount } } } } pageInfo {"
                    + " hasNextPage endCursor } } }", vars).get("orders");
            page.get("nodes").forEach(nodes::add);
            after = page.get("pageInfo").get("hasNextPage").asBoolean() ? page.get("pageInfo").get("endCursor").asText() : null;
        } while (after != null);
        List<FakeOrder> orders = shop.store.orders().all().toList();
        assertThat(nodes).hasSize(orders.size());
        for (int i = 0; i < orders.size(); i++) {
            FakeOrder order = orders.get(i);
            JsonNode node = nodes.get(i);
            for (Map.Entry<String, Function<FakeOrder, BigDecimal>> figure : figures.entrySet()) {
                String expected = figure.getValue().apply(order).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
                JsonNode bag = node.get(figure.getKey());
                assertThat(bag.get("shopMoney").get("amount").asText()).as("%s of %s", figure.getKey(), order.name())
                        .isEqualTo(expected);
                assertThat(bag.get("presentmentMoney").get("amount").asText()).isEqualTo(expected);
                assertThat(bag.get("shopMoney").get("currencyCode").asText()).isEqualTo("USD");
            }
            assertThat(node.get("refunds")).hasSize(order.refunds().size());
            for (int r = 0; r < order.refunds().size(); r++) {
                assertThat(node.get("refunds").get(r).get("totalRefundedSet").get("shopMoney").get("amount").asText())
                        .isEqualTo(order.refunds().get(r).amount().setScale(2).toPlainString());
            }
        }
    }

    @Test
    void timesAreUtcSecondsAndAmountsHaveTwoDecimals() {
        FakeProduct product = shop.fixture.product(0);
        JsonNode node = shop.data("query($id: ID!) { product(id: $id) { createdAt variants(first: 10) { nodes { price } } } }",
                Map.of("id", product.gid())).get("product");
        assertThat(node.get("createdAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")
                .isEqualTo(product.createdAt().toString());
        assertThat(node.get("variants").get("nodes").get(0).get("price").asText())
                .isEqualTo(product.variants().getFirst().price().setScale(2).toPlainString()).matches("\\d+\\.\\d{2}");
    }

    @Test
    void customerFieldsComeFromTheStore() {
        FakeCustomer customer = shop.fixture.customer(2);
        var stats = shop.store.customerStats(customer.id());
        JsonNode node = shop.data("query($id: ID!) { customer(id: $id) { displayName firstName lastName state tags"
                + " verifiedEmail taxExempt note numberOfOrders amountSpent { amount currencyCode }"
                + " defaultEmailAddress { emailAddress marketingState } defaultAddress { city countryCodeV2 zip }"
                + " createdAt updatedAt } }", Map.of("id", customer.gid())).get("customer");
        assertThat(node.get("displayName").asText()).isEqualTo(customer.displayName());
        assertThat(node.get("numberOfOrders").asText()).isEqualTo(Long.toString(stats.numberOfOrders()));
        assertThat(node.get("amountSpent").get("amount").asText()).isEqualTo(stats.amountSpent().setScale(2).toPlainString());
        assertThat(node.get("defaultEmailAddress").get("emailAddress").asText()).isEqualTo(customer.email());
        assertThat(node.get("defaultAddress").get("city").asText()).isEqualTo(customer.address().city());
        assertThat(node.get("state").asText()).isEqualTo("DISABLED");
    }

    @Test
    void nodeAndNodesResolveEveryServedType() {
        FakeOrder order = shop.fixture.order(3);
        FakeProduct product = shop.fixture.product(1);
        String variant = product.variants().getFirst().gid();
        JsonNode data = shop.data("query($ids: [ID!]!, $id: ID!) { nodes(ids: $ids) { __typename id }"
                + " node(id: $id) { ... on Order { name } } }", Map.of("ids", List.of(order.gid(), product.gid(),
                variant, shop.fixture.customer(0).gid(), "gid://shopify/Order/1"), "id", order.gid()));
        assertThat(data.get("nodes").get(0).get("__typename").asText()).isEqualTo("Order");
        assertThat(data.get("nodes").get(1).get("__typename").asText()).isEqualTo("Product");
        assertThat(data.get("nodes").get(2).get("__typename").asText()).isEqualTo("ProductVariant");
        assertThat(data.get("nodes").get(2).get("id").asText()).isEqualTo(variant);
        assertThat(data.get("nodes").get(3).get("__typename").asText()).isEqualTo("Customer");
        assertThat(data.get("nodes").get(4).isNull()).isTrue();
        assertThat(data.get("node").get("name").asText()).isEqualTo(order.name());
    }

    @Test
    void aMalformedGlobalIdIsRejectedLikeShopify() {
        JsonNode error = shop.run("{ order(id: \"42\") { id } }").get("errors").get(0);
        assertThat(error.get("message").asText()).isEqualTo("Invalid global id '42'");
        assertThat(error.get("extensions").get("code").asText()).isEqualTo("argumentLiteralsIncompatible");
    }

    @Test
    void theShopIsDescribed() {
        JsonNode shopNode = shop.data("{ shop { id name email myshopifyDomain currencyCode ianaTimezone"
                + " timezoneAbbreviation timezoneOffset timezoneOffsetMinutes plan { displayName publicDisplayName"
                + " partnerDevelopment shopifyPlus } } }").get("shop");
        assertThat(shopNode.get("myshopifyDomain").asText()).isEqualTo("demo-store.myshopify.com");
        assertThat(shopNode.get("ianaTimezone").asText()).isEqualTo("America/New_York");
        // The test clock reads 2026-11-01T01:00Z, an hour before New York leaves daylight saving time.
        assertThat(shopNode.get("timezoneAbbreviation").asText()).isEqualTo("EDT");
        assertThat(shopNode.get("timezoneOffset").asText()).isEqualTo("-0400");
        assertThat(shopNode.get("timezoneOffsetMinutes").asInt()).isEqualTo(-240);
        assertThat(shopNode.get("plan").get("publicDisplayName").asText()).isEqualTo("Basic");
    }

    @Test
    void aMissingOrMistypedVariableIsAnInvalidVariableError() {
        JsonNode missing = shop.run("query($id: ID!) { order(id: $id) { id } }").get("errors").get(0);
        assertThat(missing.get("message").asText()).startsWith("Variable 'id' has an invalid value");
        assertThat(missing.get("extensions").get("code").asText()).isEqualTo("INVALID_VARIABLE");
        JsonNode unknownOperation = TestShop.parse(shop.graphql.execute(new GraphqlCall(
                "{\"query\":\"query A { shop { name } }\",\"operationName\":\"B\"}", TestShop.ALL_SCOPES, false)));
        assertThat(unknownOperation.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void badRequestBodiesGetHttp400() {
        assertThat(shop.graphql.execute(new GraphqlCall("{not json", TestShop.ALL_SCOPES, false)).status()).isEqualTo(400);
        GraphqlReply missing = shop.graphql.execute(new GraphqlCall("{\"variables\":{}}", TestShop.ALL_SCOPES, false));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("Required parameter missing or invalid");
    }
}
