package dev.shopifyingest.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.testkit.graphql.GraphqlCall;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeShopifyAdminApiTest {

    private static final String QUERY = "{\"query\":\"{ shop { name } }\"}";
    private static final String INVALID_TOKEN =
            "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}";

    private final StandInGraphql engine = new StandInGraphql();
    private final FakeShopify shopify = FakeShopify.builder()
            .store(StoreFixture.builder().orders(10).end(Instant.parse("2026-11-01T00:00:00Z")).build())
            .graphqlBackend(engine).start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        shopify.close();
    }

    @Test
    void aRequestWithoutATokenGets401WithShopifysBody() throws Exception {
        HttpResponse<String> response = send(request(shopify.graphqlUrl()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(QUERY)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(INVALID_TOKEN);
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void aTokenTheFakeNeverIssuedGets401() throws Exception {
        HttpResponse<String> response = graphql("shpat_00000000000000000000000000000000", QUERY);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(INVALID_TOKEN);
    }

    @Test
    void aNonJsonContentTypeGets400() throws Exception {
        HttpResponse<String> response = send(request(shopify.graphqlUrl())
                .header("X-Shopify-Access-Token", shopify.adminToken()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(QUERY)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void theEngineReceivesTheBodyTheTokensScopesAndTheCostDebugFlag() throws Exception {
        String token = shopify.issueToken(Set.of("read_orders", "write_products"));

        HttpResponse<String> response = send(request(shopify.graphqlUrl()).header("X-Shopify-Access-Token", token)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Shopify-GraphQL-Cost-Debug", "1")
                .POST(HttpRequest.BodyPublishers.ofString(QUERY)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(StandInGraphql.ANSWER);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(engine.calls).containsExactly(
                new GraphqlCall(QUERY, Set.of("read_orders", "write_products", "read_products"), true));
    }

    @Test
    void aGraphqlContentTypeBodyIsPassedOnAsTheQuery() throws Exception {
        send(request(shopify.graphqlUrl()).header("X-Shopify-Access-Token", shopify.adminToken())
                .header("Content-Type", "application/graphql")
                .POST(HttpRequest.BodyPublishers.ofString("{ shop { name } }")));

        assertThat(engine.calls).extracting(GraphqlCall::body).containsExactly(QUERY);
        assertThat(engine.calls.get(0).costDebug()).isFalse();
    }

    @Test
    void theAdminTokenHoldsEveryScopeTheProjectUses() throws Exception {
        graphql(shopify.adminToken(), QUERY);

        assertThat(engine.calls.get(0).grantedScopes()).containsExactlyInAnyOrder("read_customers", "read_products",
                "read_orders", "read_all_orders", "write_customers", "write_products", "write_orders");
    }

    @Test
    void anOlderVersionIsServedByTheSameEngineAndTheHeaderNamesTheVersionServed() throws Exception {
        HttpResponse<String> response = send(request(shopify.baseUrl() + "/admin/api/2025-01/graphql.json")
                .header("X-Shopify-Access-Token", shopify.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(QUERY)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Shopify-API-Version")).hasValue("2026-10");
    }

    @Test
    void aMalformedVersionAndAnUnknownPathAreNotFound() throws Exception {
        HttpResponse<String> badVersion = send(request(shopify.baseUrl() + "/admin/api/latest/graphql.json")
                .header("X-Shopify-Access-Token", shopify.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(QUERY)));
        HttpResponse<String> unknown = send(request(shopify.baseUrl() + "/admin/api/2026-10/orders.json").GET());

        assertThat(badVersion.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"errors\":\"Not Found\"}");
    }

    @Test
    void everyRequestIsInTheJournal() throws Exception {
        graphql(shopify.adminToken(), QUERY);
        graphql("shpat_wrong", QUERY);
        send(request(shopify.baseUrl() + "/nowhere").GET());

        assertThat(shopify.requests()).extracting(ServedRequest::path, ServedRequest::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/admin/api/2026-10/graphql.json", 200),
                org.assertj.core.groups.Tuple.tuple("/admin/api/2026-10/graphql.json", 401),
                org.assertj.core.groups.Tuple.tuple("/nowhere", 404));
        assertThat(shopify.requests().stream().filter(ServedRequest::isGraphql)).hasSize(2);
        assertThat(shopify.wireMock().findAll(postRequestedFor(urlPathMatching("/admin/api/.*/graphql\\.json"))))
                .hasSize(2);
        assertThat(shopify.requests().get(0).toString()).doesNotContain(shopify.adminToken());
    }

    @Test
    void aBulkResultFileIsServedAsJsonlAndAnUnknownOneIsNotFound(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("result.jsonl");
        Files.writeString(file, "{\"id\":\"gid://shopify/Order/1\"}\n{\"id\":\"gid://shopify/Order/2\"}\n");
        engine.bulkFiles.put("bulk-1.jsonl", file);

        HttpResponse<String> found = send(request(shopify.baseUrl() + "/fake-shopify/bulk/bulk-1.jsonl").GET());
        HttpResponse<String> missing = send(request(shopify.baseUrl() + "/fake-shopify/bulk/bulk-2.jsonl").GET());

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).isEqualTo(Files.readString(file));
        assertThat(found.headers().firstValue("Content-Type")).hasValue("application/jsonl");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void withoutAStandInTheGraphqlAccessorNamesTheProblem() {
        assertThatThrownBy(shopify::graphql).isInstanceOf(IllegalStateException.class);
    }

    private HttpResponse<String> graphql(String token, String body) throws Exception {
        return send(request(shopify.graphqlUrl()).header("X-Shopify-Access-Token", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
