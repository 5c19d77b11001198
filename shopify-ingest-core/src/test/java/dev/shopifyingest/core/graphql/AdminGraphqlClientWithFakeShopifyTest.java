package dev.shopifyingest.core.graphql;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.internal.Json;
import dev.shopifyingest.core.testing.TestClients;
import dev.shopifyingest.core.testing.VirtualClock;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.fault.Endpoint;
import dev.shopifyingest.testkit.fault.Fault;
import dev.shopifyingest.testkit.fault.FaultKind;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AdminGraphqlClient} against FakeShopify's Admin API: it paces itself by the cost
 * extension, survives every transient fault the fake injects, turns the permanent ones into
 * typed exceptions, and never puts a token into a message.
 *
 * <p>The fake's query-cost bucket and the client's waits share a {@link VirtualClock}: a paced
 * run waits the same virtual time on any machine and no wall time at all.
 */
class AdminGraphqlClientWithFakeShopifyTest {

    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    private static final GraphqlOperation ORDERS = GraphqlOperation.named("OrdersPage");
    private static final GraphqlOperation CUSTOMERS = GraphqlOperation.named("CustomersPage");
    private static final GraphqlOperation PRODUCTS = GraphqlOperation.named("ProductsPage");
    private static final GraphqlOperation SHOP = GraphqlOperation.named("Shop");

    static VirtualClock clock;
    static FakeShopify fake;
    static ShopDomain shop;
    static AccessTokenSource token;

    @BeforeAll
    static void start() {
        clock = new VirtualClock(END.plus(Duration.ofDays(1)));
        fake = FakeShopify.builder()
                .store(StoreFixture.builder().orders(1_500).seed(5).end(END).build())
                .clock(clock)
                .start();
        shop = TestClients.shop(fake);
        token = TestClients.adminToken(fake);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @AfterEach
    void clearFaults() {
        fake.faults().clear();
    }

    private static AdminGraphqlClient.Builder client() {
        return TestClients.graphqlBuilder(fake).clock(clock).sleeper(clock);
    }

    @Test
    void aPacedRunOfManyPageQueriesIsNeverThrottled() {
        AdminGraphqlClient client = client().build();
        long throttledBefore = fake.graphql().throttledCount();
        Duration sleptBefore = clock.slept();
        double actualCost = 0;

        // Three shapes of query, each paged to its end or 40 pages, whichever comes first.
        for (var page : List.of(
                new Paging(ORDERS, "orders", Map.of("first", 8, "lineItemsFirst", 10, "sortKey", "UPDATED_AT")),
                new Paging(CUSTOMERS, "customers", Map.of("first", 200, "sortKey", "UPDATED_AT")),
                new Paging(PRODUCTS, "products", Map.of("first", 50, "variantsFirst", 10, "sortKey", "UPDATED_AT")))) {
            actualCost += page.run(client, 40);
        }

        assertThat(actualCost).as("the run costs several bucketfuls").isGreaterThan(5 * 2_000);
        assertThat(fake.graphql().throttledCount() - throttledBefore).as("THROTTLED replies").isZero();
        assertThat(clock.slept().minus(sleptBefore)).as("time spent waiting for the bucket").isPositive();
    }

    private record Paging(GraphqlOperation operation, String connection, Map<String, Object> variables) {
        double run(AdminGraphqlClient client, int maxPages) {
            double cost = 0;
            String after = null;
            for (int i = 0; i < maxPages; i++) {
                Map<String, Object> vars = new java.util.HashMap<>(variables);
                vars.put("after", after);
                GraphqlResponse response = client.execute(shop, token, operation, vars);
                cost += response.cost().actual();
                Map<String, Object> info = Json.object(Json.object(response.data(), connection), "pageInfo");
                if (!Json.bool(info, "hasNextPage", false)) {
                    break;
                }
                after = Json.string(info, "endCursor");
            }
            return cost;
        }
    }

    static Stream<Arguments> transientFaults() {
        return Stream.of(
                Arguments.of(Fault.serverError(503), FaultKind.SERVER_ERROR),
                Arguments.of(Fault.serverError(502), FaultKind.SERVER_ERROR),
                Arguments.of(Fault.tooManyRequests(Duration.ofSeconds(2)), FaultKind.TOO_MANY_REQUESTS),
                Arguments.of(Fault.throttled(), FaultKind.THROTTLED),
                Arguments.of(Fault.graphqlThrottled(), FaultKind.GRAPHQL_THROTTLED),
                Arguments.of(Fault.connectionReset(), FaultKind.CONNECTION_RESET),
                Arguments.of(Fault.randomDataThenClose(), FaultKind.RANDOM_DATA_THEN_CLOSE),
                Arguments.of(Fault.emptyResponse(), FaultKind.EMPTY_RESPONSE),
                Arguments.of(Fault.malformedResponseChunk(), FaultKind.MALFORMED_RESPONSE_CHUNK),
                Arguments.of(Fault.malformedJson(), FaultKind.MALFORMED_JSON),
                Arguments.of(Fault.graphqlInternalError(), FaultKind.GRAPHQL_INTERNAL_ERROR));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("transientFaults")
    void aTransientFaultIsRetriedAndTheCallSucceeds(Fault fault, FaultKind kind) {
        AdminGraphqlClient client = client().build();
        long firedBefore = fake.faults().fired(kind);
        fake.faults().next(Endpoint.GRAPHQL, 2, fault);

        GraphqlResponse response = client.execute(shop, token, SHOP, Map.of());

        assertThat(Json.string(Json.object(response.data(), "shop"), "myshopifyDomain")).isEqualTo(fake.shopDomain());
        assertThat(fake.faults().fired(kind) - firedBefore).as("faults fired").isEqualTo(2);
    }

    @Test
    void aResponseSlowerThanTheReadTimeoutIsAbandonedAndRetried() {
        AdminGraphqlClient client = client()
                .httpClient(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(1)).build())
                .build();
        client.execute(shop, token, SHOP, Map.of()); // the engine is warm: only the fault is slow
        long firedBefore = fake.faults().fired(FaultKind.SLOW_RESPONSE);
        fake.faults().next(Endpoint.GRAPHQL, 1, Fault.slowResponse(Duration.ofSeconds(5)));

        GraphqlResponse response = client.execute(shop, token, SHOP, Map.of());

        assertThat(response.data()).containsKey("shop");
        assertThat(fake.faults().fired(FaultKind.SLOW_RESPONSE) - firedBefore).isEqualTo(1);
    }

    @Test
    void retryAfterIsWaitedOut() {
        AdminGraphqlClient client = client().build();
        client.execute(shop, token, SHOP, Map.of());
        int before = clock.sleeps().size();
        fake.faults().next(Endpoint.GRAPHQL, 1, Fault.tooManyRequests(Duration.ofSeconds(3)));

        client.execute(shop, token, SHOP, Map.of());

        assertThat(clock.sleeps().subList(before, clock.sleeps().size()))
                .anySatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(3)));
    }

    @Test
    void backoffGrowsWithEachAttemptAndAFailureThatPersistsIsAServerError() {
        AdminGraphqlClient client = client().backoff(Duration.ofMillis(100), Duration.ofSeconds(10)).maxAttempts(4)
                .build();
        fake.faults().always(Endpoint.GRAPHQL, Fault.serverError(503));
        int before = clock.sleeps().size();

        assertThatThrownBy(() -> client.execute(shop, token, SHOP, Map.of()))
                .isInstanceOf(ShopifyServerException.class)
                .hasMessageContaining("after 4 attempts")
                .hasMessageContaining("HTTP 503")
                .hasMessageNotContaining(fake.adminToken());

        List<Duration> backoffs = clock.sleeps().subList(before, clock.sleeps().size());
        assertThat(backoffs).hasSize(3);
        // Equal jitter: attempt n waits between half and all of 100 ms × 2^(n-1).
        for (int n = 0; n < 3; n++) {
            long cap = 100L << n;
            assertThat(backoffs.get(n).toMillis()).as("backoff before attempt %s", n + 2).isBetween(cap / 2, cap);
        }
    }

    @Test
    void aFrozenShopIsATypedErrorAtOnce() {
        fake.faults().next(Endpoint.GRAPHQL, 1, Fault.shopFrozen());

        assertThatThrownBy(() -> client().build().execute(shop, token, SHOP, Map.of()))
                .isInstanceOfSatisfying(ShopUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(ShopUnavailableException.Reason.FROZEN))
                .hasMessageContaining(fake.shopDomain())
                .hasMessageContaining("402")
                .hasMessageNotContaining(fake.adminToken());
    }

    @Test
    void aLockedShopIsATypedError() {
        fake.faults().next(Endpoint.GRAPHQL, 1, Fault.shopLocked());

        assertThatThrownBy(() -> client().build().execute(shop, token, SHOP, Map.of()))
                .isInstanceOfSatisfying(ShopUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(ShopUnavailableException.Reason.LOCKED))
                .hasMessageContaining("423");
    }

    @Test
    void anInactiveShopIsATypedError() {
        fake.faults().next(Endpoint.GRAPHQL, 1, Fault.graphqlShopInactive());

        assertThatThrownBy(() -> client().build().execute(shop, token, SHOP, Map.of()))
                .isInstanceOfSatisfying(ShopUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(ShopUnavailableException.Reason.INACTIVE))
                .hasMessageContaining("SHOP_INACTIVE");
    }

    @Test
    void aMissingScopeIsAccessDeniedNamingTheScope() {
        String customersOnly = fake.issueToken(Set.of("read_customers"));

        assertThatThrownBy(() -> client().build().execute(shop, AccessTokenSource.of(customersOnly), ORDERS,
                Map.of("first", 5, "lineItemsFirst", 5)))
                .isInstanceOfSatisfying(ShopifyAccessDeniedException.class,
                        e -> assertThat(e.requiredScope()).isEqualTo("read_orders"))
                .hasMessageContaining("read_orders")
                .hasMessageContaining("connect the shop again")
                .hasMessageNotContaining(customersOnly);
    }

    @Test
    void anAccessDeniedReplyIsATypedError() {
        fake.faults().next(Endpoint.GRAPHQL, 1, Fault.graphqlAccessDenied("read_all_orders"));

        assertThatThrownBy(() -> client().build().execute(shop, token, SHOP, Map.of()))
                .isInstanceOfSatisfying(ShopifyAccessDeniedException.class,
                        e -> assertThat(e.requiredScope()).isEqualTo("read_all_orders"))
                .hasMessageContaining(fake.shopDomain());
    }

    @Test
    void anInternalErrorThatPersistsIsAServerErrorWithShopifysRequestId() {
        AdminGraphqlClient client = client().backoff(Duration.ofMillis(10), Duration.ofMillis(10)).maxAttempts(2)
                .build();
        fake.faults().always(Endpoint.GRAPHQL, Fault.graphqlInternalError());
        int requestsBefore = fake.requests().size();

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> client.execute(shop, token, SHOP, Map.of()));

        assertThat(fake.requests().size() - requestsBefore).isEqualTo(2);
        assertThat(thrown).isInstanceOfSatisfying(ShopifyServerException.class, e -> {
            assertThat(e.requestId()).isNotBlank();
            assertThat(e.getMessage()).contains(e.requestId());
        });
    }

    @Test
    void aDeprecationNoticeReachesTheListenerOncePerShopAndReason() {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        AdminGraphqlClient client = client()
                .deprecationListener((s, version, reason) -> heard.add(s.value() + " " + version + " " + reason))
                .build();
        fake.faults().always(Endpoint.GRAPHQL, Fault.deprecatedApiUse("Order.totalPrice is deprecated"));

        client.execute(shop, token, SHOP, Map.of());
        client.execute(shop, token, SHOP, Map.of());
        fake.faults().clear();
        fake.faults().next(Endpoint.GRAPHQL, 1, Fault.deprecatedApiUse("API version 2025-01 is unsupported"));
        client.execute(shop, token, SHOP, Map.of());

        assertThat(heard).containsExactly(
                fake.shopDomain() + " " + client.apiVersion() + " Order.totalPrice is deprecated",
                fake.shopDomain() + " " + client.apiVersion() + " API version 2025-01 is unsupported");
    }

    @Test
    void aQueryOverTheSingleQueryLimitIsATypedErrorAskingForSmallerPages() {
        assertThatThrownBy(() -> client().build().execute(shop, token, ORDERS,
                Map.of("first", 100, "lineItemsFirst", 10)))
                .isInstanceOf(ShopifyQueryCostException.class)
                .hasMessageContaining("OrdersPage")
                .hasMessageContaining("1000")
                .hasMessageContaining("fewer items per page");
    }

    @Test
    void a401IsRetriedOnceWithTheTokenTheSourceRefreshes() {
        String stale = fake.issueToken(FakeShopify.PROJECT_SCOPES);
        fake.revokeToken(stale);
        AtomicInteger refreshes = new AtomicInteger();
        AccessTokenSource source = new AccessTokenSource() {
            @Override
            public String accessToken() {
                return stale;
            }

            @Override
            public String refreshAfterRejection(String rejected) {
                assertThat(rejected).isEqualTo(stale);
                refreshes.incrementAndGet();
                return fake.adminToken();
            }
        };

        GraphqlResponse response = client().build().execute(shop, source, SHOP, Map.of());

        assertThat(response.data()).containsKey("shop");
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void aRefreshedTokenThatIsAlsoRejectedMeansAccessWasRevoked() {
        String stale = fake.issueToken(FakeShopify.PROJECT_SCOPES);
        String alsoStale = fake.issueToken(FakeShopify.PROJECT_SCOPES);
        fake.revokeToken(stale);
        fake.revokeToken(alsoStale);
        AtomicInteger refreshes = new AtomicInteger();
        AccessTokenSource source = new AccessTokenSource() {
            @Override
            public String accessToken() {
                return stale;
            }

            @Override
            public String refreshAfterRejection(String rejected) {
                refreshes.incrementAndGet();
                return alsoStale;
            }
        };

        assertThatThrownBy(() -> client().build().execute(shop, source, SHOP, Map.of()))
                .isInstanceOfSatisfying(ShopifyAccessRevokedException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("Connect the shop again")
                .hasMessageNotContaining(stale)
                .hasMessageNotContaining(alsoStale);
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void aTokenQuotedBackInAnErrorNeverReachesTheMessage() {
        String secret = fake.adminToken();
        StubMapping echo = fake.wireMock().stubFor(post(urlPathMatching("/admin/api/.*/graphql\\.json"))
                .atPriority(0)
                .willReturn(okJson("{\"errors\":[{\"message\":\"Token " + secret + " may not run this\","
                        + "\"extensions\":{\"code\":\"BAD_REQUEST\"}}]}")));
        try {
            assertThatThrownBy(() -> client().build().execute(shop, token, SHOP, Map.of()))
                    .isInstanceOf(ShopifyGraphqlException.class)
                    .hasMessageContaining("may not run this")
                    .hasMessageNotContaining(secret);
        } finally {
            fake.wireMock().removeStub(echo);
        }
    }

    @Test
    void eachKindOfRetriedFailureIsOneWarningPerShopAndHourWithoutAStackTrace() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(AdminGraphqlClient.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captured =
                new ch.qos.logback.core.read.ListAppender<>();
        captured.start();
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        logger.addAppender(captured);
        try {
            AdminGraphqlClient client = client().backoff(Duration.ofMillis(10), Duration.ofMillis(100)).build();
            for (int i = 0; i < 3; i++) {
                fake.faults().next(Endpoint.GRAPHQL, 2, Fault.serverError(503));
                fake.faults().at(Endpoint.GRAPHQL, Fault.tooManyRequests(Duration.ofSeconds(1)), 3);
                client.execute(shop, token, SHOP, Map.of());
            }
            clock.advance(Duration.ofHours(1));
            fake.faults().next(Endpoint.GRAPHQL, 1, Fault.serverError(503));
            client.execute(shop, token, SHOP, Map.of());
        } finally {
            logger.detachAppender(captured);
            logger.setLevel(level);
        }

        List<ch.qos.logback.classic.spi.ILoggingEvent> warnings = captured.list.stream()
                .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN).toList();
        assertThat(warnings).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .hasSize(3)
                .satisfiesExactly(
                        first -> assertThat(first).contains("HTTP 503").contains(shop.value()),
                        second -> assertThat(second).contains("throttled"),
                        third -> assertThat(third).contains("HTTP 503"));
        assertThat(warnings).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }
}
