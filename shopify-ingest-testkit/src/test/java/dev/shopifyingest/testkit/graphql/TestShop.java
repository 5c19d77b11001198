package dev.shopifyingest.testkit.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.StoreFixture;
import dev.shopifyingest.testkit.webhook.WebhookSubscriptions;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A fake shop for GraphQL tests: a fixed store, a hand-moved clock and an endpoint with every scope. */
final class TestShop implements AutoCloseable {

    static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    static final Set<String> ALL_SCOPES = Set.of("read_orders", "write_orders", "read_all_orders", "read_customers",
            "write_customers", "read_products", "write_products");
    static final ThrottleSettings UNLIMITED = new ThrottleSettings(1e12, 1e12);
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock;
    final StoreFixture fixture;
    final FakeStore store;
    final WebhookSubscriptions subscriptions;
    final AdminGraphql graphql;

    TestShop(StoreFixture fixture, ThrottleSettings throttle, AdminGraphql.Options options) {
        this.clock = new MutableClock(fixture.end().plusSeconds(3_600));
        this.fixture = fixture;
        this.store = new FakeStore(fixture, clock);
        this.subscriptions = new WebhookSubscriptions(clock);
        this.graphql = new AdminGraphql(store, subscriptions, throttle, clock,
                () -> URI.create("http://127.0.0.1:8089"), options);
    }

    /** The default 360-order store, no throttling, deterministic bulk progress. */
    static TestShop standard() {
        return new TestShop(StoreFixture.builder().end(END).build(), UNLIMITED, onPoll());
    }

    static AdminGraphql.Options onPoll() {
        return AdminGraphql.Options.builder().bulkProgress(AdminGraphql.Options.BulkProgress.ON_POLL).build();
    }

    GraphqlReply reply(String query, Map<String, Object> variables, Set<String> scopes, boolean costDebug) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        try {
            return graphql.execute(new GraphqlCall(JSON.writeValueAsString(body), scopes, costDebug));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode run(String query, Map<String, Object> variables, Set<String> scopes) {
        return parse(reply(query, variables, scopes, false));
    }

    JsonNode run(String query, Map<String, Object> variables) {
        return run(query, variables, ALL_SCOPES);
    }

    JsonNode run(String query) {
        return run(query, Map.of());
    }

    /** Runs a query that must succeed and returns its {@code data}. */
    JsonNode data(String query, Map<String, Object> variables) {
        JsonNode response = run(query, variables);
        if (response.has("errors")) {
            throw new AssertionError("Unexpected errors: " + response.get("errors"));
        }
        return response.get("data");
    }

    JsonNode data(String query) {
        return data(query, Map.of());
    }

    static JsonNode parse(GraphqlReply reply) {
        try {
            return JSON.readTree(reply.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        graphql.close();
    }
}
