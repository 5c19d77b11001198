package dev.shopifyingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.testkit.fault.Endpoint;
import dev.shopifyingest.testkit.fault.Fault;
import dev.shopifyingest.testkit.fault.FaultKind;
import dev.shopifyingest.testkit.fault.FaultRule;
import dev.shopifyingest.testkit.store.StoreFixture;
import dev.shopifyingest.testkit.webhook.WebhookDelivery;
import dev.shopifyingest.testkit.webhook.WebhookSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FakeShopifyFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final StandInGraphql engine = new StandInGraphql();
    private final FakeShopify shopify = start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    private FakeShopify start() {
        return FakeShopify.builder().graphqlBackend(engine)
                .store(StoreFixture.builder().orders(30).customers(10).end(Instant.parse("2026-11-01T00:00:00Z")).build())
                .webhooks(WebhookSettings.compressed()).start();
    }

    @AfterEach
    void stop() throws Exception {
        shopify.close();
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    @Test
    void aServerErrorFiresOnTheNextRequestsOnly() throws Exception {
        FaultRule rule = shopify.faults().next(Endpoint.GRAPHQL, 2, Fault.serverError(502));

        List<HttpResponse<String>> responses = List.of(graphql(), graphql(), graphql());

        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(502, 502, 200);
        assertThat(responses.get(0).body()).isEqualTo("{\"errors\":\"Bad Gateway\"}");
        assertThat(rule.fired()).isEqualTo(2);
        assertThat(rule.isActive()).isFalse();
        assertThat(shopify.faults().fired(FaultKind.SERVER_ERROR)).isEqualTo(2);
        assertThat(shopify.faults().fired(Endpoint.GRAPHQL, FaultKind.SERVER_ERROR)).isEqualTo(2);
        assertThat(engine.calls).hasSize(1);
    }

    @Test
    void faultsFireOnTheGivenRequestNumbers() throws Exception {
        shopify.faults().at(Endpoint.GRAPHQL, Fault.serverError(), 3, 7);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(graphql().statusCode());
        }

        assertThat(statuses).containsExactly(200, 200, 503, 200, 200, 200, 503, 200);
        assertThat(shopify.faults().fired(FaultKind.SERVER_ERROR)).isEqualTo(2);
    }

    @Test
    void aSeededRateFaultsTheSameRequestsOnEveryRun() throws Exception {
        List<Integer> first = statusesUnderRate(shopify);
        FakeShopify again = start();
        closeLater.add(again);
        List<Integer> second = statusesUnderRate(again);

        assertThat(second).isEqualTo(first);
        assertThat(first).contains(500).contains(200);
        assertThat(shopify.faults().fired(FaultKind.SERVER_ERROR)).isEqualTo(first.stream().filter(s -> s == 500).count());
    }

    private List<Integer> statusesUnderRate(FakeShopify fake) throws Exception {
        fake.faults().rate(Endpoint.GRAPHQL, 0.4, 1234L, Fault.serverError(500));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(graphql(fake).statusCode());
        }
        return statuses;
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() throws Exception {
        shopify.faults().next(Endpoint.GRAPHQL, 1, Fault.tooManyRequests(Duration.ofMillis(1500)));

        HttpResponse<String> response = graphql();

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2.0");
        assertThat(shopify.faults().fired(FaultKind.TOO_MANY_REQUESTS)).isEqualTo(1);
    }

    @Test
    void throttledIsA429WithTheThrottledErrorAndAnEmptyBucket() throws Exception {
        shopify.faults().next(Endpoint.GRAPHQL, 1, Fault.throttled());

        HttpResponse<String> response = graphql();

        assertThat(response.statusCode()).isEqualTo(429);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.at("/errors/0/extensions/code").asText()).isEqualTo("THROTTLED");
        assertThat(body.at("/extensions/cost/actualQueryCost").isNull()).isTrue();
        assertThat(body.at("/extensions/cost/throttleStatus/currentlyAvailable").asInt()).isZero();
        assertThat(body.at("/extensions/cost/throttleStatus/restoreRate").asDouble()).isEqualTo(100.0);
        assertThat(shopify.faults().fired(FaultKind.THROTTLED)).isEqualTo(1);
    }

    static Stream<Arguments> brokenConnections() {
        return Stream.of(Arguments.of(Fault.connectionReset()), Arguments.of(Fault.randomDataThenClose()),
                Arguments.of(Fault.malformedResponseChunk()), Arguments.of(Fault.emptyResponse()));
    }

    @ParameterizedTest
    @MethodSource("brokenConnections")
    void aBrokenConnectionReachesTheClientAsAnIOException(Fault fault) throws Exception {
        shopify.faults().next(Endpoint.GRAPHQL, 1, fault);

        assertThatThrownBy(this::graphql).isInstanceOf(IOException.class);
        assertThat(shopify.faults().fired(fault.kind())).isEqualTo(1);
        assertThat(graphql().statusCode()).isEqualTo(200);
    }

    @Test
    void aSlowResponseArrivesNoSoonerThanItsDelayAndIsTheRealAnswer() throws Exception {
        shopify.faults().next(Endpoint.GRAPHQL, 1, Fault.slowResponse(Duration.ofMillis(300)));

        long started = System.nanoTime();
        HttpResponse<String> response = graphql();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(StandInGraphql.ANSWER);
        assertThat(shopify.faults().fired(FaultKind.SLOW_RESPONSE)).isEqualTo(1);
    }

    @Test
    void malformedJsonIsA200ThatDoesNotParse() throws Exception {
        shopify.faults().next(Endpoint.GRAPHQL, 1, Fault.malformedJson());

        HttpResponse<String> response = graphql();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThatThrownBy(() -> JSON.readTree(response.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void aFrozenShopGets402AndALockedShop423() throws Exception {
        FaultRule frozen = shopify.faults().always(Endpoint.GRAPHQL, Fault.shopFrozen());
        HttpResponse<String> whileFrozen = graphql();
        frozen.cancel();
        shopify.faults().next(Endpoint.GRAPHQL, 1, Fault.shopLocked());
        HttpResponse<String> locked = graphql();

        assertThat(whileFrozen.statusCode()).isEqualTo(402);
        assertThat(whileFrozen.body()).isEqualTo("{\"errors\":\"Unavailable Shop\"}");
        assertThat(locked.statusCode()).isEqualTo(423);
        assertThat(graphql().statusCode()).isEqualTo(200);
        assertThat(shopify.faults().fired(FaultKind.SHOP_FROZEN)).isEqualTo(1);
        assertThat(shopify.faults().fired(FaultKind.SHOP_LOCKED)).isEqualTo(1);
    }

    static Stream<Arguments> graphqlErrors() {
        return Stream.of(Arguments.of(Fault.graphqlShopInactive(), "SHOP_INACTIVE"),
                Arguments.of(Fault.graphqlAccessDenied(), "ACCESS_DENIED"),
                Arguments.of(Fault.graphqlInternalError(), "INTERNAL_SERVER_ERROR"),
                Arguments.of(Fault.graphqlThrottled(), "THROTTLED"),
                Arguments.of(Fault.maxCostExceeded(), "MAX_COST_EXCEEDED"));
    }

    @ParameterizedTest
    @MethodSource("graphqlErrors")
    void graphqlLevelErrorsAre200WithTheirCode(Fault fault, String code) throws Exception {
        shopify.faults().next(Endpoint.GRAPHQL, 1, fault);

        HttpResponse<String> response = graphql();

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode error = JSON.readTree(response.body()).at("/errors/0");
        assertThat(error.at("/extensions/code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(shopify.faults().fired(fault.kind())).isEqualTo(1);
    }

    @Test
    void anAccessDenialNamesTheMissingScopeAsTheEngineDoes() throws Exception {
        shopify.faults().next(Endpoint.GRAPHQL, 1, Fault.graphqlAccessDenied("read_all_orders"));

        JsonNode error = JSON.readTree(graphql().body()).at("/errors/0");

        assertThat(error.get("message").asText()).contains("Required access: `read_all_orders` access scope.");
        assertThat(error.at("/extensions/requiredAccess").asText()).isEqualTo("`read_all_orders` access scope.");
        assertThatThrownBy(() -> Fault.graphqlAccessDenied("read orders\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aThrottledReplyAs200HasNoDataAndAnEmptyBucket() throws Exception {
        shopify.faults().next(Endpoint.GRAPHQL, 1, Fault.graphqlThrottled());

        JsonNode body = JSON.readTree(graphql().body());

        assertThat(body.has("data")).isFalse();
        assertThat(body.at("/extensions/cost/throttleStatus/currentlyAvailable").asInt()).isZero();
    }

    @Test
    void aDeprecatedApiUseIsTheRealAnswerWithTheReasonHeader() throws Exception {
        shopify.faults().next(Endpoint.GRAPHQL, 1, Fault.deprecatedApiUse("The field Order.totalPrice is deprecated"));

        HttpResponse<String> marked = graphql();
        HttpResponse<String> plain = graphql();

        assertThat(marked.statusCode()).isEqualTo(200);
        assertThat(marked.headers().firstValue("X-Shopify-API-Deprecated-Reason"))
                .hasValue("The field Order.totalPrice is deprecated");
        assertThat(marked.body()).isEqualTo(plain.body());
        assertThat(plain.headers().firstValue("X-Shopify-API-Deprecated-Reason")).isEmpty();
    }

    @Test
    void anInternalErrorNamesTheRequestIdOfTheResponse() throws Exception {
        shopify.faults().next(Endpoint.GRAPHQL, 1, Fault.graphqlInternalError());

        HttpResponse<String> response = graphql();

        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(JSON.readTree(response.body()).at("/errors/0/extensions/requestId").asText()).isEqualTo(requestId);
    }

    @Test
    void aTruncatedBulkDownloadIsACompleteResponseEndingMidLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("orders.jsonl");
        StringBuilder lines = new StringBuilder();
        IntStream.range(0, 100).forEach(i -> lines.append("{\"id\":\"gid://shopify/Order/").append(i).append("\"}\n"));
        Files.writeString(file, lines);
        engine.bulkFiles.put("bulk-7.jsonl", file);
        shopify.faults().next(Endpoint.BULK_DOWNLOAD, 1, Fault.truncatedBody(0.5));

        HttpResponse<String> cut = get("/fake-shopify/bulk/bulk-7.jsonl");
        HttpResponse<String> whole = get("/fake-shopify/bulk/bulk-7.jsonl");

        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(cut.body()).hasSize((int) Math.floor(Files.size(file) * 0.5));
        assertThat(lines.toString()).startsWith(cut.body());
        assertThat(cut.body()).doesNotEndWith("\n");
        assertThat(whole.body()).isEqualTo(lines.toString());
        assertThat(shopify.faults().fired(Endpoint.BULK_DOWNLOAD, FaultKind.TRUNCATED_BODY)).isEqualTo(1);
    }

    @Test
    void aBulkDownloadCanBeResetMidBody(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("orders.jsonl");
        Files.writeString(file, "{\"id\":\"gid://shopify/Order/1\"}\n");
        engine.bulkFiles.put("bulk-8.jsonl", file);
        shopify.faults().next(Endpoint.BULK_DOWNLOAD, 1, Fault.malformedResponseChunk());

        assertThatThrownBy(() -> get("/fake-shopify/bulk/bulk-8.jsonl")).isInstanceOf(IOException.class);
        assertThat(get("/fake-shopify/bulk/bulk-8.jsonl").statusCode()).isEqualTo(200);
    }

    @Test
    void theTokenEndpointCanFailToo() throws Exception {
        shopify.faults().next(Endpoint.OAUTH_TOKEN, 1, Fault.serverError(500));
        HttpRequest request = HttpRequest.newBuilder(URI.create(shopify.baseUrl() + "/admin/oauth/access_token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"client_id\":\""
                        + shopify.clientId() + "\",\"client_secret\":\"" + shopify.clientSecret() + "\"}")).build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(500);
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(shopify.faults().fired(Endpoint.OAUTH_TOKEN, FaultKind.SERVER_ERROR)).isEqualTo(1);
    }

    @Test
    void aFaultIsRefusedWhereItCannotHappen() {
        assertThatThrownBy(() -> shopify.faults().next(Endpoint.OAUTH_TOKEN, 1, Fault.truncatedBody(0.5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shopify.faults().next(Endpoint.GRAPHQL, 1, Fault.duplicateDelivery()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- webhook delivery faults --------------------------------------------------------------

    @Test
    void aDuplicatedDeliveryArrivesTwiceWithTheSameWebhookId() throws Exception {
        WebhookReceiver receiver = receiver();
        shopify.subscriptions().add("CUSTOMERS_UPDATE", receiver.uri("/hooks").toString(), "JSON");
        shopify.faults().next(Endpoint.WEBHOOK_DELIVERY, 1, Fault.duplicateDelivery());

        shopify.store().customers().update(StoreFixture.customerId(1), c -> c);

        List<WebhookReceiver.Received> received = receiver.await(2, WAIT);
        assertThat(received.get(1).header("X-Shopify-Webhook-Id")).isEqualTo(received.get(0).header("X-Shopify-Webhook-Id"));
        assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
        WebhookDelivery delivery = shopify.webhooks().awaitDeliveries(1, WAIT).get(0);
        assertThat(delivery.attempts()).extracting(WebhookDelivery.Attempt::duplicate).containsExactly(false, true);
        assertThat(shopify.faults().fired(FaultKind.DUPLICATE_DELIVERY)).isEqualTo(1);
    }

    @Test
    void aDelayedDeliveryIsSentNoSoonerThanItsDelayAfterTheEvent() throws Exception {
        WebhookReceiver receiver = receiver();
        shopify.subscriptions().add("CUSTOMERS_UPDATE", receiver.uri("/hooks").toString(), "JSON");
        shopify.faults().next(Endpoint.WEBHOOK_DELIVERY, 1, Fault.delayedDelivery(Duration.ofMillis(300)));

        shopify.store().customers().update(StoreFixture.customerId(1), c -> c);

        WebhookDelivery delivery = shopify.webhooks().awaitDeliveries(1, WAIT).get(0);
        assertThat(Duration.between(delivery.triggeredAt(), delivery.attempts().get(0).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(shopify.faults().fired(FaultKind.DELAYED_DELIVERY)).isEqualTo(1);
    }

    @Test
    void outOfOrderDeliveryHoldsABatchAndReleasesItShuffled() throws Exception {
        WebhookReceiver receiver = receiver();
        shopify.subscriptions().add("CUSTOMERS_UPDATE", receiver.uri("/hooks").toString(), "JSON");
        shopify.faults().next(Endpoint.WEBHOOK_DELIVERY, 4, Fault.outOfOrderDelivery(4, 99L));
        List<Long> changed = IntStream.range(0, 4).mapToObj(StoreFixture::customerId).toList();

        changed.forEach(id -> shopify.store().customers().update(id, c -> c));

        List<Long> arrived = receiver.await(4, WAIT).stream().map(FakeShopifyFaultsTest::idOf).toList();
        assertThat(arrived).containsExactlyInAnyOrderElementsOf(changed).isNotEqualTo(changed);
        assertThat(shopify.faults().fired(FaultKind.OUT_OF_ORDER_DELIVERY)).isEqualTo(4);
    }

    @Test
    void aPartlyFilledOutOfOrderBatchIsReleasedOnRequest() throws Exception {
        WebhookReceiver receiver = receiver();
        shopify.subscriptions().add("CUSTOMERS_UPDATE", receiver.uri("/hooks").toString(), "JSON");
        shopify.faults().next(Endpoint.WEBHOOK_DELIVERY, 2, Fault.outOfOrderDelivery(5, 1L));

        shopify.store().customers().update(StoreFixture.customerId(0), c -> c);
        shopify.store().customers().update(StoreFixture.customerId(1), c -> c);
        List<WebhookDelivery> held = awaitHeld(2);

        assertThat(held).hasSize(2);
        assertThat(receiver.received()).isEmpty();
        assertThat(shopify.webhooks().releaseHeld()).isEqualTo(2);
        assertThat(receiver.await(2, WAIT).stream().map(FakeShopifyFaultsTest::idOf).toList())
                .containsExactly(StoreFixture.customerId(1), StoreFixture.customerId(0));
    }

    // Deliveries are created on the delivery thread: poll the log, with a deadline, until both are held.
    private List<WebhookDelivery> awaitHeld(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<WebhookDelivery> held = shopify.webhooks().deliveries().stream()
                    .filter(d -> d.state() == WebhookDelivery.State.HELD).toList();
            if (held.size() >= count || System.nanoTime() > deadline) {
                return held;
            }
            Thread.sleep(5);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private WebhookReceiver receiver() throws IOException {
        WebhookReceiver receiver = new WebhookReceiver();
        closeLater.add(receiver);
        return receiver;
    }

    private static long idOf(WebhookReceiver.Received received) {
        try {
            return JSON.readTree(received.body()).get("id").asLong();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<String> graphql() throws IOException, InterruptedException {
        return graphql(shopify);
    }

    private HttpResponse<String> graphql(FakeShopify fake) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(fake.graphqlUrl()))
                .header("X-Shopify-Access-Token", fake.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ shop { name } }\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(shopify.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
