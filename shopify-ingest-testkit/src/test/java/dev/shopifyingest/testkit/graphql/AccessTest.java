package dev.shopifyingest.testkit.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.testkit.store.FakeOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccessTest {

    private static final Set<String> RECENT_ORDERS = Set.of("read_orders", "read_customers", "read_products");
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
    void aMissingScopeIsAccessDeniedInShopifysShape() {
        JsonNode response = shop.run("{ orders(first: 1) { nodes { id } } }", Map.of(), Set.of("read_products"));
        assertThat(response.get("data").isNull()).isTrue();
        JsonNode error = response.get("errors").get(0);
        assertThat(error.get("message").asText())
                .isEqualTo("Access denied for orders field. Required access: `read_orders` access scope.");
        assertThat(error.get("path").toString()).isEqualTo("[\"orders\"]");
        assertThat(error.get("extensions").toString()).isEqualTo("{\"code\":\"ACCESS_DENIED\",\"documentation\":"
                + "\"https://shopify.dev/api/usage/access-scopes\",\"requiredAccess\":\"`read_orders` access scope.\"}");
        assertThat(shop.run("{ customers(first: 1) { nodes { id } } }", Map.of(), Set.of("read_orders"))
                .get("errors").get(0).get("extensions").get("requiredAccess").asText())
                .isEqualTo("`read_customers` access scope.");
        assertThat(shop.run("{ productsCount { count } }", Map.of(), Set.of("read_orders"))
                .get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("ACCESS_DENIED");
    }

    @Test
    void aWriteScopeImpliesItsReadScopeButReadAllOrdersAloneGrantsNothing() {
        assertThat(shop.run("{ orders(first: 1) { nodes { id } } }", Map.of(), Set.of("write_orders")).has("errors"))
                .isFalse();
        assertThat(shop.run("{ orders(first: 1) { nodes { id } } }", Map.of(), Set.of("read_all_orders")).has("errors"))
                .isTrue();
    }

    @Test
    void aNestedFieldNeedingAnotherScopeFailsAloneAndTheRestIsServed() {
        JsonNode response = shop.run("{ orders(first: 1, sortKey: ID) { nodes { name customer { id } } } }", Map.of(),
                Set.of("read_orders", "read_all_orders"));
        assertThat(response.get("data").get("orders").get("nodes").get(0).get("name").asText()).isEqualTo("#1001");
        assertThat(response.get("data").get("orders").get("nodes").get(0).get("customer").isNull()).isTrue();
        assertThat(response.get("errors").get(0).get("path").toString()).isEqualTo("[\"orders\",\"nodes\",0,\"customer\"]");
    }

    @Test
    void currentAppInstallationListsTheTokensScopesWithTheReadScopesTheyImply() {
        JsonNode installation = shop.run("{ currentAppInstallation { id accessScopes { handle description } } }",
                Map.of(), Set.of("write_orders", "read_products")).get("data").get("currentAppInstallation");
        assertThat(installation.get("id").asText()).startsWith("gid://shopify/AppInstallation/");
        assertThat(installation.get("accessScopes").findValuesAsText("handle"))
                .containsExactly("read_orders", "read_products", "write_orders");
        assertThat(installation.get("accessScopes").get(0).get("description").asText()).isNotBlank();
    }

    @Test
    void mutationsNeedTheirWriteScope() {
        JsonNode response = shop.run("mutation { customerCreate(input: {email: \"x@example.com\"}) { customer { id } } }",
                Map.of(), Set.of("read_customers"));
        assertThat(response.get("errors").get(0).get("message").asText())
                .isEqualTo("Access denied for customerCreate field. Required access: `write_customers` access scope.");
    }

    @Test
    void withoutReadAllOrdersOnlyTheLastSixtyDaysOfOrdersExist() {
        Instant cutoff = shop.clock.instant().minus(RequestContext.ORDER_WINDOW);
        List<FakeOrder> recent = shop.store.orders().all().filter(o -> !o.createdAt().isBefore(cutoff)).toList();
        FakeOrder old = shop.fixture.order(0);
        assertThat(recent).hasSizeBetween(50, 70);
        JsonNode data = shop.run("query($old: ID!) { orders(first: 250, sortKey: CREATED_AT) { nodes { id } }"
                + " ordersCount { count } order(id: $old) { id } nodes(ids: [$old]) { id } }",
                Map.of("old", old.gid()), RECENT_ORDERS).get("data");
        assertThat(data.get("orders").get("nodes")).extracting(n -> n.get("id").asText())
                .containsExactlyElementsOf(recent.stream().map(FakeOrder::gid).toList());
        assertThat(data.get("ordersCount").get("count").asInt()).isEqualTo(recent.size());
        assertThat(data.get("order").isNull()).isTrue();
        assertThat(data.get("nodes").get(0).isNull()).isTrue();
        JsonNode all = shop.data("{ ordersCount { count } }");
        assertThat(all.get("ordersCount").get("count").asInt()).isEqualTo(360);
    }
}
