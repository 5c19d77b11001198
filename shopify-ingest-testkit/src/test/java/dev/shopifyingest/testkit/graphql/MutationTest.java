package dev.shopifyingest.testkit.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.StoreChange;
import dev.shopifyingest.testkit.webhook.WebhookSubscription;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MutationTest {

    private TestShop shop;
    private final List<StoreChange> changes = new ArrayList<>();

    @BeforeEach
    void start() {
        shop = TestShop.standard();
        shop.store.addListener(changes::add);
    }

    @AfterEach
    void stop() {
        shop.close();
    }

    private static final String CUSTOMER_CREATE = "mutation($input: CustomerInput!) { customerCreate(input: $input) {"
            + " customer { id email firstName tags defaultAddress { city countryCodeV2 } defaultEmailAddress"
            + " { marketingState } } userErrors { field message } } }";

    @Test
    void customerCreateAddsACustomerThroughTheStore() {
        JsonNode payload = shop.data(CUSTOMER_CREATE, Map.of("input", Map.of("email", "ada@example.org", "firstName", "Ada",
                "tags", List.of("wholesale"), "addresses", List.of(Map.of("city", "Toronto", "countryCode", "CA")),
                "emailMarketingConsent", Map.of("marketingState", "SUBSCRIBED")))).get("customerCreate");
        assertThat(payload.get("userErrors")).isEmpty();
        String id = payload.get("customer").get("id").asText();
        FakeCustomer stored = shop.store.customers().find(Gid.parse(id).id()).orElseThrow();
        assertThat(stored.email()).isEqualTo("ada@example.org");
        assertThat(stored.address().country()).isEqualTo("Canada");
        assertThat(payload.get("customer").get("defaultEmailAddress").get("marketingState").asText()).isEqualTo("SUBSCRIBED");
        assertThat(changes).extracting(StoreChange::kind).containsExactly(StoreChange.Kind.CREATED);
        assertThat(shop.data("{ customersCount { count } }").get("customersCount").get("count").asInt())
                .isEqualTo(shop.fixture.customerCount() + 1);
    }

    @Test
    void customerCreateReportsBadInputAsUserErrorsAndChangesNothing() {
        String taken = shop.fixture.customer(0).email();
        JsonNode invalid = shop.data(CUSTOMER_CREATE, Map.of("input", Map.of("email", "not-an-email")))
                .get("customerCreate");
        assertThat(invalid.get("customer").isNull()).isTrue();
        assertThat(invalid.get("userErrors").get(0).toString())
                .isEqualTo("{\"field\":[\"email\"],\"message\":\"Email is invalid\"}");
        JsonNode duplicate = shop.data(CUSTOMER_CREATE, Map.of("input", Map.of("email", taken.toUpperCase())))
                .get("customerCreate");
        assertThat(duplicate.get("userErrors").get(0).get("message").asText()).isEqualTo("Email has already been taken");
        JsonNode empty = shop.data(CUSTOMER_CREATE, Map.of("input", Map.of("tags", List.of("x")))).get("customerCreate");
        assertThat(empty.get("userErrors").get(0).get("message").asText())
                .isEqualTo("A name, phone number, or email address must be present");
        assertThat(shop.store.customers().size()).isEqualTo(shop.fixture.customerCount());
        assertThat(changes).isEmpty();
    }

    @Test
    void anInputFieldTheFakeCannotStoreFailsLoudlyAndChangesNothing() {
        JsonNode response = shop.run(CUSTOMER_CREATE, Map.of("input", Map.of("email", "n@example.org", "note", "VIP")));
        assertThat(response.get("errors").get(0).get("message").asText())
                .startsWith("FakeShopify does not implement CustomerInput.note");
        assertThat(shop.store.customers().size()).isEqualTo(shop.fixture.customerCount());
    }

    @Test
    void customerUpdateChangesOnlyWhatItIsGiven() {
        FakeCustomer before = shop.fixture.customer(5);
        shop.clock.advance(Duration.ofMinutes(5));
        JsonNode payload = shop.data("mutation($input: CustomerInput!) { customerUpdate(input: $input) { customer {"
                + " firstName lastName updatedAt } userErrors { message } } }", Map.of("input",
                Map.of("id", before.gid(), "firstName", "Grace"))).get("customerUpdate");
        assertThat(payload.get("customer").get("firstName").asText()).isEqualTo("Grace");
        assertThat(payload.get("customer").get("lastName").asText()).isEqualTo(before.lastName());
        assertThat(payload.get("customer").get("updatedAt").asText()).isEqualTo(shop.clock.instant().toString());
        JsonNode missing = shop.data("mutation { customerUpdate(input: {id: \"gid://shopify/Customer/1\", firstName: \"X\"})"
                + " { customer { id } userErrors { field message } } }").get("customerUpdate");
        assertThat(missing.get("userErrors").get(0).get("message").asText()).isEqualTo("Customer does not exist");
    }

    @Test
    void customerDeleteRefusesCustomersWithOrders() {
        FakeOrder order = shop.fixture.order(0);
        String withOrders = FakeCustomerGid.of(order.customerId());
        JsonNode refused = shop.data("mutation($id: ID!) { customerDelete(input: {id: $id}) { deletedCustomerId"
                + " userErrors { message } } }", Map.of("id", withOrders)).get("customerDelete");
        assertThat(refused.get("deletedCustomerId").isNull()).isTrue();
        assertThat(refused.get("userErrors").get(0).get("message").asText()).contains("associated orders");
        String fresh = shop.data(CUSTOMER_CREATE, Map.of("input", Map.of("lastName", "Lovelace")))
                .get("customerCreate").get("customer").get("id").asText();
        JsonNode deleted = shop.data("mutation($id: ID!) { customerDelete(input: {id: $id}) { deletedCustomerId"
                + " shop { id } userErrors { message } } }", Map.of("id", fresh)).get("customerDelete");
        assertThat(deleted.get("deletedCustomerId").asText()).isEqualTo(fresh);
        assertThat(shop.store.customers().find(Gid.parse(fresh).id())).isEmpty();
    }

    @Test
    void aProductIsCreatedThenGivenPricedVariants() {
        JsonNode created = shop.data("mutation { productCreate(product: {title: \"Field Notes\", vendor: \"Acme\","
                + " productType: \"Stationery\", tags: [\"paper\"]}) { product { id handle status variants(first: 5)"
                + " { nodes { id title price } } } userErrors { message } } }").get("productCreate").get("product");
        assertThat(created.get("handle").asText()).isEqualTo("field-notes");
        assertThat(created.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(created.get("variants").get("nodes").get(0).get("price").asText()).isEqualTo("0.00");
        String productId = created.get("id").asText();
        JsonNode variants = shop.data("mutation($id: ID!) { productVariantsBulkCreate(productId: $id,"
                + " strategy: REMOVE_STANDALONE_VARIANT, variants: [{price: \"12.5\", optionValues: [{name: \"A5\","
                + " optionName: \"Size\"}], inventoryItem: {sku: \"FN-A5\"}, inventoryQuantities: [{availableQuantity: 7,"
                + " locationId: \"gid://shopify/Location/1\"}]}, {price: \"15.00\", optionValues: [{name: \"A4\","
                + " optionName: \"Size\"}]}]) { product { totalInventory variants(first: 5) { nodes { title sku price"
                + " position } } } productVariants { id } userErrors { field message code } } }",
                Map.of("id", productId)).get("productVariantsBulkCreate");
        assertThat(variants.get("userErrors")).isEmpty();
        assertThat(variants.get("product").get("variants").get("nodes").toString()).isEqualTo(
                "[{\"title\":\"A5\",\"sku\":\"FN-A5\",\"price\":\"12.50\",\"position\":1},"
                        + "{\"title\":\"A4\",\"sku\":null,\"price\":\"15.00\",\"position\":2}]");
        assertThat(variants.get("product").get("totalInventory").asInt()).isEqualTo(7);
        String a4 = variants.get("productVariants").get(1).get("id").asText();
        JsonNode updated = shop.data("mutation($id: ID!, $v: ID!) { productVariantsBulkUpdate(productId: $id,"
                + " variants: [{id: $v, price: \"16\"}]) { productVariants { price } userErrors { message } } }",
                Map.of("id", productId, "v", a4)).get("productVariantsBulkUpdate");
        assertThat(updated.get("productVariants").get(0).get("price").asText()).isEqualTo("16.00");
        FakeProduct stored = shop.store.products().find(Gid.parse(productId).id()).orElseThrow();
        assertThat(stored.variants()).extracting(v -> v.price().toPlainString()).containsExactly("12.50", "16.00");
    }

    @Test
    void productOptionsGiveTheStandaloneVariantTheirFirstValuesUntilPricedVariantsReplaceIt() {
        JsonNode created = shop.data("mutation { productCreate(product: {title: \"Merino Scarf\", productOptions:"
                + " [{name: \"Size\", values: [{name: \"S\"}, {name: \"M\"}]}]}) { product { id variants(first: 5)"
                + " { nodes { title price } } } userErrors { field message } } }").get("productCreate");
        assertThat(created.get("userErrors")).isEmpty();
        assertThat(created.get("product").get("variants").get("nodes").toString())
                .isEqualTo("[{\"title\":\"S\",\"price\":\"0.00\"}]");
        JsonNode variants = shop.data("mutation($id: ID!) { productVariantsBulkCreate(productId: $id,"
                + " strategy: REMOVE_STANDALONE_VARIANT, variants: [{price: \"30\", optionValues: [{name: \"S\","
                + " optionName: \"Size\"}]}, {price: \"32\", optionValues: [{name: \"M\", optionName: \"Size\"}]}])"
                + " { product { variants(first: 5) { nodes { title price } } } userErrors { message } } }",
                Map.of("id", created.get("product").get("id").asText())).get("productVariantsBulkCreate");
        assertThat(variants.get("product").get("variants").get("nodes").toString()).isEqualTo(
                "[{\"title\":\"S\",\"price\":\"30.00\"},{\"title\":\"M\",\"price\":\"32.00\"}]");

        int before = shop.store.products().size();
        JsonNode noValues = shop.data("mutation { productCreate(product: {title: \"Empty\", productOptions:"
                + " [{name: \"Size\", values: []}]}) { product { id } userErrors { field message } } }")
                .get("productCreate");
        assertThat(noValues.get("product").isNull()).isTrue();
        assertThat(noValues.get("userErrors").get(0).get("field").toString()).isEqualTo("[\"productOptions\",\"0\",\"values\"]");
        assertThat(shop.store.products().size()).isEqualTo(before);
    }

    @Test
    void productInputErrorsChangeNothing() {
        JsonNode blank = shop.data("mutation { productCreate(product: {title: \" \"}) { product { id }"
                + " userErrors { field message } } }").get("productCreate");
        assertThat(blank.get("userErrors").get(0).toString()).isEqualTo("{\"field\":[\"title\"],\"message\":\"Title can't be blank\"}");
        JsonNode negative = shop.data("mutation($id: ID!) { productVariantsBulkCreate(productId: $id, variants:"
                + " [{price: \"-1\"}]) { product { id } userErrors { field message code } } }",
                Map.of("id", shop.fixture.product(0).gid())).get("productVariantsBulkCreate");
        assertThat(negative.get("userErrors").get(0).get("code").asText()).isEqualTo("NEGATIVE_PRICE_VALUE");
        assertThat(shop.store.products().find(shop.fixture.product(0).id()).orElseThrow())
                .isEqualTo(shop.fixture.product(0));
        assertThat(shop.store.products().size()).isEqualTo(shop.fixture.productCount());
    }

    @Test
    void productDeleteRemovesTheProduct() {
        FakeProduct product = shop.fixture.product(3);
        JsonNode payload = shop.data("mutation($id: ID!) { productDelete(input: {id: $id}) { deletedProductId"
                + " userErrors { message } } }", Map.of("id", product.gid())).get("productDelete");
        assertThat(payload.get("deletedProductId").asText()).isEqualTo(product.gid());
        assertThat(shop.store.products().find(product.id())).isEmpty();
        JsonNode again = shop.data("mutation($id: ID!) { productDelete(input: {id: $id}) { deletedProductId"
                + " userErrors { message } } }", Map.of("id", product.gid())).get("productDelete");
        assertThat(again.get("userErrors").get(0).get("message").asText()).isEqualTo("Product does not exist");
    }

    private static final String ORDER_CREATE = "mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order,"
            + " options: {inventoryBehaviour: BYPASS, sendReceipt: false}) { order { id name email processedAt"
            + " displayFinancialStatus customer { id } subtotalPriceSet { shopMoney { amount } } totalTaxSet {"
            + " shopMoney { amount } } totalShippingPriceSet { shopMoney { amount } } totalDiscountsSet { shopMoney"
            + " { amount } } totalPriceSet { shopMoney { amount } } lineItems(first: 5) { nodes { title sku quantity"
            + " variant { id } } } } userErrors { field message code } } }";

    @Test
    void orderCreateBuildsARealisticOrderFromVariantAndCustomLines() {
        FakeProduct product = shop.fixture.product(2);
        var variant = product.variants().getFirst();
        FakeCustomer customer = shop.fixture.customer(1);
        long ordersBefore = shop.store.customerStats(customer.id()).numberOfOrders();
        Map<String, Object> order = Map.of(
                "lineItems", List.of(Map.of("variantId", variant.gid(), "quantity", 2),
                        Map.of("title", "Gift wrap", "quantity", 1, "priceSet",
                                Map.of("shopMoney", Map.of("amount", "5.00", "currencyCode", "USD")))),
                "customer", Map.of("toAssociate", Map.of("id", customer.gid())),
                "financialStatus", "PAID",
                "processedAt", "2026-10-15T12:00:00Z",
                "shippingLines", List.of(Map.of("title", "Standard", "priceSet",
                        Map.of("shopMoney", Map.of("amount", "7.50", "currencyCode", "USD")))),
                "taxLines", List.of(Map.of("title", "VAT", "rate", "0.1")),
                "discountCode", Map.of("itemFixedDiscountCode", Map.of("code", "TEN", "amountSet",
                        Map.of("shopMoney", Map.of("amount", "10.00", "currencyCode", "USD")))));
        JsonNode payload = shop.data(ORDER_CREATE, Map.of("order", order)).get("orderCreate");
        assertThat(payload.get("userErrors")).isEmpty();
        JsonNode created = payload.get("order");
        BigDecimal gross = variant.price().multiply(BigDecimal.TWO).add(new BigDecimal("5.00"));
        BigDecimal subtotal = gross.subtract(new BigDecimal("10.00"));
        BigDecimal tax = subtotal.multiply(new BigDecimal("0.1")).setScale(2, java.math.RoundingMode.HALF_EVEN);
        assertThat(created.get("name").asText()).isEqualTo("#" + (1001 + 360));
        assertThat(created.get("email").asText()).isEqualTo(customer.email());
        assertThat(created.get("processedAt").asText()).isEqualTo("2026-10-15T12:00:00Z");
        assertThat(created.get("displayFinancialStatus").asText()).isEqualTo("PAID");
        assertThat(created.get("customer").get("id").asText()).isEqualTo(customer.gid());
        assertThat(created.get("subtotalPriceSet").get("shopMoney").get("amount").asText()).isEqualTo(subtotal.toPlainString());
        assertThat(created.get("totalTaxSet").get("shopMoney").get("amount").asText()).isEqualTo(tax.toPlainString());
        assertThat(created.get("totalDiscountsSet").get("shopMoney").get("amount").asText()).isEqualTo("10.00");
        assertThat(created.get("totalPriceSet").get("shopMoney").get("amount").asText())
                .isEqualTo(subtotal.add(tax).add(new BigDecimal("7.50")).toPlainString());
        assertThat(created.get("lineItems").get("nodes").get(0).get("variant").get("id").asText()).isEqualTo(variant.gid());
        assertThat(created.get("lineItems").get("nodes").get(1).get("variant").isNull()).isTrue();
        FakeOrder stored = shop.store.orders().find(Gid.parse(created.get("id").asText()).id()).orElseThrow();
        assertThat(stored.totalPrice().toPlainString())
                .isEqualTo(created.get("totalPriceSet").get("shopMoney").get("amount").asText());
        assertThat(shop.store.customerStats(customer.id()).numberOfOrders()).isEqualTo(ordersBefore + 1);
        assertThat(changes).extracting(StoreChange::kind).containsExactly(StoreChange.Kind.CREATED);
    }

    @Test
    void orderCreateReportsBadLinesAndChangesNothing() {
        JsonNode empty = shop.data(ORDER_CREATE, Map.of("order", Map.of("lineItems", List.of()))).get("orderCreate");
        assertThat(empty.get("userErrors").get(0).toString()).isEqualTo("{\"field\":[\"order\",\"lineItems\"],"
                + "\"message\":\"Line items must have at least one line item\",\"code\":\"INVALID\"}");
        JsonNode unknown = shop.data(ORDER_CREATE, Map.of("order", Map.of("lineItems", List.of(Map.of("variantId",
                "gid://shopify/ProductVariant/1", "quantity", 1), Map.of("title", "Custom", "quantity", 0))))).get("orderCreate");
        assertThat(unknown.get("userErrors")).extracting(e -> e.get("message").asText())
                .containsExactlyInAnyOrder("Product variant does not exist", "Quantity must be greater than or equal to 1",
                        "Price can't be blank");
        assertThat(shop.store.orders().size()).isEqualTo(360);
        assertThat(changes).isEmpty();
    }

    @Test
    void orderDeleteAndOrderCancelChangeTheOrder() {
        FakeOrder paid = shop.store.orders().all().filter(o -> o.financialStatus().equals("PAID") && o.cancelledAt() == null)
                .findFirst().orElseThrow();
        JsonNode cancelled = shop.data("mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, refund: true,"
                + " restock: true) { job { done } orderCancelUserErrors { code message } } }", Map.of("id", paid.gid()))
                .get("orderCancel");
        assertThat(cancelled.get("job").get("done").asBoolean()).isTrue();
        FakeOrder after = shop.store.orders().find(paid.id()).orElseThrow();
        assertThat(after.cancelledAt()).isEqualTo(shop.store.now());
        assertThat(after.cancelReason()).isEqualTo("CUSTOMER");
        assertThat(after.financialStatus()).isEqualTo("REFUNDED");
        assertThat(after.netPayment()).isEqualByComparingTo(BigDecimal.ZERO);
        JsonNode twice = shop.data("mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, restock: false) {"
                + " orderCancelUserErrors { code message } } }", Map.of("id", paid.gid())).get("orderCancel");
        assertThat(twice.get("orderCancelUserErrors").get(0).get("code").asText()).isEqualTo("INVALID");

        JsonNode deleted = shop.data("mutation($id: ID!) { orderDelete(orderId: $id) { deletedId userErrors { code } } }",
                Map.of("id", paid.gid())).get("orderDelete");
        assertThat(deleted.get("deletedId").asText()).isEqualTo(paid.gid());
        assertThat(shop.store.orders().find(paid.id())).isEmpty();
        JsonNode missing = shop.data("mutation($id: ID!) { orderDelete(orderId: $id) { deletedId userErrors { code } } }",
                Map.of("id", paid.gid())).get("orderDelete");
        assertThat(missing.get("userErrors").get(0).get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void webhookSubscriptionCreateWritesTheRegistry() {
        JsonNode created = shop.data("mutation { webhookSubscriptionCreate(topic: ORDERS_CREATE, webhookSubscription:"
                + " {uri: \"https://app.example/webhooks\", format: JSON}) { webhookSubscription { id topic uri format"
                + " endpoint { ... on WebhookHttpEndpoint { callbackUrl } } } userErrors { field message } } }")
                .get("webhookSubscriptionCreate");
        assertThat(created.get("userErrors")).isEmpty();
        assertThat(shop.subscriptions.list()).extracting(WebhookSubscription::topic, WebhookSubscription::uri)
                .containsExactly(org.assertj.core.api.Assertions.tuple("ORDERS_CREATE", "https://app.example/webhooks"));
        assertThat(created.get("webhookSubscription").get("id").asText()).isEqualTo(shop.subscriptions.list().getFirst().gid());
        assertThat(created.get("webhookSubscription").get("endpoint").get("callbackUrl").asText())
                .isEqualTo("https://app.example/webhooks");

        JsonNode deprecated = shop.data("mutation { webhookSubscriptionCreate(topic: APP_UNINSTALLED, webhookSubscription:"
                + " {callbackUrl: \"http://localhost:8080/webhooks\"}) { webhookSubscription { topic format }"
                + " userErrors { message } } }").get("webhookSubscriptionCreate");
        assertThat(deprecated.get("webhookSubscription").get("format").asText()).isEqualTo("JSON");
        JsonNode duplicate = shop.data("mutation { webhookSubscriptionCreate(topic: ORDERS_CREATE, webhookSubscription:"
                + " {uri: \"https://app.example/webhooks\"}) { webhookSubscription { id } userErrors { field message } } }")
                .get("webhookSubscriptionCreate");
        assertThat(duplicate.get("userErrors").get(0).get("message").asText())
                .isEqualTo("Address for this topic has already been taken");
        assertThat(shop.subscriptions.list()).hasSize(2);

        JsonNode listed = shop.data("{ webhookSubscriptions(first: 10, topics: [ORDERS_CREATE]) { nodes { topic } } }");
        assertThat(listed.get("webhookSubscriptions").get("nodes")).hasSize(1);
        String id = created.get("webhookSubscription").get("id").asText();
        JsonNode deleted = shop.data("mutation($id: ID!) { webhookSubscriptionDelete(id: $id) {"
                + " deletedWebhookSubscriptionId userErrors { message } } }", Map.of("id", id))
                .get("webhookSubscriptionDelete");
        assertThat(deleted.get("deletedWebhookSubscriptionId").asText()).isEqualTo(id);
        assertThat(shop.subscriptions.list()).hasSize(1);
    }

    @Test
    void aWebhookWithoutAnAddressIsAUserError() {
        JsonNode payload = shop.data("mutation { webhookSubscriptionCreate(topic: ORDERS_CREATE, webhookSubscription:"
                + " {format: JSON}) { webhookSubscription { id } userErrors { field message } } }")
                .get("webhookSubscriptionCreate");
        assertThat(payload.get("userErrors").get(0).get("message").asText()).isEqualTo("Address can't be blank");
        assertThat(shop.subscriptions.list()).isEmpty();
    }

    /** GIDs of customers the tests know only by numeric id. */
    private static final class FakeCustomerGid {
        static String of(long id) {
            return "gid://shopify/Customer/" + id;
        }
    }
}
