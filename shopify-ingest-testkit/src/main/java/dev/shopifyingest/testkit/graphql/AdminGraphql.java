package dev.shopifyingest.testkit.graphql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.webhook.WebhookSubscriptions;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.RawVariables;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.schema.GraphQLSchema;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Shopify's Admin GraphQL API over a {@link FakeStore}: executes requests against Shopify's real
 * schema, charges calculated query cost to a leaky bucket and runs bulk operations.
 *
 * <p>Each instance is one app on one shop: its own bucket ({@link ThrottleSettings}, restored on
 * the injected {@link Clock}) and its own bulk operations; the executable schema is shared by
 * every instance in the JVM. A field of Shopify's schema the fake does not implement fails with a
 * GraphQL error naming it, never with a silent {@code null}. See {@code docs/fake-shopify-graphql.md}
 * for what is supported. Thread-safe.
 */
public final class AdminGraphql implements AutoCloseable {

    /** Shopify's cap on the requested cost of a single query (PROTOCOL §2). */
    public static final int MAX_QUERY_COST = 1_000;

    private final ShopState state;
    private final LeakyBucket bucket;
    private final Clock clock;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();

    /**
     * An endpoint over {@code store}.
     *
     * @param store the data served and changed
     * @param subscriptions where webhook subscription mutations write
     * @param throttle the bucket of the app on this shop
     * @param clock time for the bucket, bulk operations and stamps
     * @param publicBaseUrl the base URL clients reach the fake at, for bulk result links
     */
    public AdminGraphql(FakeStore store, WebhookSubscriptions subscriptions, ThrottleSettings throttle, Clock clock,
                        Supplier<URI> publicBaseUrl) {
        this(store, subscriptions, throttle, clock, publicBaseUrl, Options.defaults());
    }

    /**
     * An endpoint over {@code store} with non-default {@link Options} (bulk concurrency, how bulk
     * operations progress, the JSONL layout, where result files go).
     */
    public AdminGraphql(FakeStore store, WebhookSubscriptions subscriptions, ThrottleSettings throttle, Clock clock,
                        Supplier<URI> publicBaseUrl, Options options) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(subscriptions, "subscriptions");
        Objects.requireNonNull(throttle, "throttle");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        this.state = new ShopState(store, subscriptions, clock, publicBaseUrl, Objects.requireNonNull(options, "options"));
        this.bucket = new LeakyBucket(throttle, clock);
    }

    /**
     * Shopify's Admin API 2026-10 schema as this fake executes it, so that a client can validate
     * its own documents against exactly what the fake (and Shopify) accept, for example with
     * graphql-java's {@code Validator}. The schema is built once per JVM (a few seconds, the first
     * time) and shared; it is immutable.
     *
     * @return the executable schema
     */
    public static GraphQLSchema schema() {
        return ShopifySchema.get().schema();
    }

    /** Executes one request. */
    public GraphqlReply execute(GraphqlCall call) {
        requests.incrementAndGet();
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(call.body());
        } catch (JsonProcessingException e) {
            return reply(400, Map.of("errors", "Bad Request: the request body is not valid JSON"));
        }
        if (body == null || !body.path("query").isTextual() || body.path("query").asText().isBlank()) {
            return reply(400, Map.of("errors", Map.of("query", "Required parameter missing or invalid")));
        }
        String query = body.path("query").asText();
        JsonNode variablesNode = body.path("variables");
        if (!variablesNode.isMissingNode() && !variablesNode.isNull() && !variablesNode.isObject()) {
            return reply(400, Map.of("errors", Map.of("variables", "Required parameter missing or invalid")));
        }
        Map<String, Object> variables = variablesNode.isObject()
                ? Json.MAPPER.convertValue(variablesNode, new TypeReference<>() { }) : Map.of();
        String operationName = body.path("operationName").isTextual() ? body.path("operationName").asText() : null;

        ShopifySchema shopify = ShopifySchema.get();
        ShopifySchema.ParsedQuery parsed = shopify.parse(query);
        if (!parsed.valid()) {
            List<Object> errors = parsed.errors().stream()
                    .map(e -> (Object) ShopifyErrors.of(e, parsed.document())).toList();
            return reply(200, response(errors, false, null, cost(0, 0, null, call.costDebug()), List.of()));
        }
        ExecutableNormalizedOperation operation;
        try {
            operation = ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
                    shopify.schema(), parsed.document(), operationName, RawVariables.of(variables));
        } catch (RuntimeException e) {
            Map<String, Object> error = e instanceof GraphQLError graphQLError
                    ? ShopifyErrors.of(graphQLError, parsed.document())
                    : new LinkedHashMap<>(Map.of("message", String.valueOf(e.getMessage()),
                    "extensions", Map.of("code", ShopifyErrors.requestCode(e.getMessage()))));
            return reply(200, response(List.of(error), false, null, cost(0, 0, null, call.costDebug()), List.of()));
        }
        QueryCost.Requested requested = QueryCost.requested(operation, shopify.schema());
        if (requested.total() > MAX_QUERY_COST) {
            return reply(200, response(List.of(ShopifyErrors.maxCostExceeded(requested.total(), MAX_QUERY_COST)), false, null,
                    cost(requested.total(), null, requested, call.costDebug()), List.of()));
        }
        if (!bucket.tryTake(requested.total())) {
            throttled.incrementAndGet();
            return reply(200, response(List.of(ShopifyErrors.throttled()), false, null,
                    cost(requested.total(), null, requested, call.costDebug()), List.of()));
        }
        RequestContext context = new RequestContext(state, call.grantedScopes(), clock.instant(), false, Map.of());
        ExecutionResult result = shopify.graphql().execute(ExecutionInput.newExecutionInput()
                .query(query)
                .operationName(operationName)
                .variables(variables)
                .graphQLContext(Map.of(RequestContext.class, context))
                .build());
        Map<String, Object> data = result.getData();
        int actual = QueryCost.actual(operation, shopify.schema(), data);
        bucket.refund(requested.total() - actual);
        List<Object> errors = result.getErrors().stream().map(e -> (Object) ShopifyErrors.ofExecution(e)).toList();
        return reply(200, response(errors, true, data, cost(requested.total(), actual, requested, call.costDebug()),
                context.searchReports()));
    }

    /**
     * The JSONL result file of a finished bulk operation, by the file name its {@code url} ends in.
     * Bulk result links have the path {@code /fake-shopify/bulk/{fileName}}.
     */
    public Optional<Path> bulkResult(String fileName) {
        return state.bulk().result(fileName);
    }

    /** How many requests were answered THROTTLED since the start. */
    public long throttledCount() {
        return throttled.get();
    }

    /** How many requests {@link #execute(GraphqlCall)} received since the start, throttled or not. */
    public long requestCount() {
        return requests.get();
    }

    /**
     * Calls {@code listener} each time a bulk operation completes, fails or is canceled, so the
     * HTTP layer can deliver Shopify's {@code bulk_operations/finish} webhook
     * ({@link BulkOperationFinished#webhookPayload()}). The listener runs on the thread that
     * finished the operation; keep it quick.
     *
     * @return a handle that removes the listener when closed
     */
    public AutoCloseable onBulkOperationFinished(Consumer<BulkOperationFinished> listener) {
        return state.bulk().onFinished(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * The most bulk operations that were active (created, running or canceling) at the same
     * time so far: a client that respects the concurrency limit never makes it exceed
     * {@link Options#bulkConcurrency()}, since the fake refuses the operation that would.
     */
    public int mostConcurrentBulkOperations() {
        return state.bulk().mostActive();
    }

    /** Stops bulk work in progress and deletes result files kept in the fake's own temporary directory. */
    @Override
    public void close() {
        state.bulk().close();
    }

    private Map<String, Object> cost(int requested, Integer actual, QueryCost.Requested fields, boolean debug) {
        Map<String, Object> throttleStatus = new LinkedHashMap<>();
        throttleStatus.put("maximumAvailable", bucket.maximum());
        throttleStatus.put("currentlyAvailable", (long) Math.floor(bucket.available()));
        throttleStatus.put("restoreRate", bucket.restoreRate());
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("requestedQueryCost", requested);
        cost.put("actualQueryCost", actual);
        cost.put("throttleStatus", throttleStatus);
        if (debug) {
            cost.put("fields", fields == null ? List.of() : fields.fields());
        }
        return cost;
    }

    // Validation failures carry no "data" key (as graphql-ruby answers); executed requests always do.
    private static Map<String, Object> response(List<Object> errors, boolean executed, Map<String, Object> data,
                                                Map<String, Object> cost, List<Map<String, Object>> searchReports) {
        Map<String, Object> response = new LinkedHashMap<>();
        if (!errors.isEmpty()) {
            response.put("errors", new ArrayList<>(errors));
        }
        if (executed) {
            response.put("data", data);
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("cost", cost);
        if (!searchReports.isEmpty()) {
            extensions.put("search", searchReports);
        }
        response.put("extensions", extensions);
        return response;
    }

    private static GraphqlReply reply(int status, Map<String, Object> body) {
        return new GraphqlReply(status, Json.write(body), Map.of());
    }

    /**
     * Settings of an {@link AdminGraphql} beyond the shop and its bucket. Every setting has a
     * Shopify-like default; tests change them to make bulk operations deterministic or to play
     * the open questions of PROTOCOL §4 both ways.
     */
    public static final class Options {

        /** How bulk operations move from CREATED to a final state. */
        public enum BulkProgress {
            /** A background thread runs each operation as soon as it is created (the default, as on Shopify). */
            BACKGROUND,
            /**
             * Deterministic: each poll of an operation ({@code bulkOperation}, {@code bulkOperations},
             * {@code currentBulkOperation}, {@code node}) advances it one step, CREATED → RUNNING,
             * RUNNING → (runs to the end in that request) → COMPLETED, CANCELING → CANCELED.
             */
            ON_POLL
        }

        /** Where nested-connection lines go when a bulk query runs with {@code groupObjects: false}. */
        public enum BulkLayout {
            /**
             * All children after all parents (the default): Shopify only promises children come
             * after their parent, so clients must not rely on adjacency.
             */
            CHILDREN_AFTER_ALL_PARENTS,
            /** Each parent's children right after it, as with {@code groupObjects: true}. */
            CHILDREN_AFTER_EACH_PARENT
        }

        private final int bulkConcurrency;
        private final BulkProgress bulkProgress;
        private final BulkLayout ungroupedLayout;
        private final Path bulkDirectory;

        private Options(Builder builder) {
            this.bulkConcurrency = builder.bulkConcurrency;
            this.bulkProgress = builder.bulkProgress;
            this.ungroupedLayout = builder.ungroupedLayout;
            this.bulkDirectory = builder.bulkDirectory;
        }

        /** The defaults: 5 concurrent bulk queries (2026-01 and later), background progress, scattered children. */
        public static Options defaults() {
            return builder().build();
        }

        /** A builder holding the defaults. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding these settings. */
        public Builder toBuilder() {
            Builder builder = new Builder();
            builder.bulkConcurrency = bulkConcurrency;
            builder.bulkProgress = bulkProgress;
            builder.ungroupedLayout = ungroupedLayout;
            builder.bulkDirectory = bulkDirectory;
            return builder;
        }

        /** How many bulk query operations may be active at once per shop. */
        public int bulkConcurrency() {
            return bulkConcurrency;
        }

        /** How bulk operations progress. */
        public BulkProgress bulkProgress() {
            return bulkProgress;
        }

        /** The JSONL layout of {@code groupObjects: false} runs. */
        public BulkLayout ungroupedLayout() {
            return ungroupedLayout;
        }

        /** Where result files go; empty means a temporary directory the fake deletes on close. */
        public Optional<Path> bulkDirectory() {
            return Optional.ofNullable(bulkDirectory);
        }

        /** Builds {@link Options}. */
        public static final class Builder {
            private int bulkConcurrency = 5;
            private BulkProgress bulkProgress = BulkProgress.BACKGROUND;
            private BulkLayout ungroupedLayout = BulkLayout.CHILDREN_AFTER_ALL_PARENTS;
            private Path bulkDirectory;

            private Builder() {
            }

            /**
             * Concurrent bulk queries allowed (1 to 5). With 1, the second gets
             * {@code OPERATION_IN_PROGRESS} (before 2026-01); otherwise the one over gets
             * {@code LIMIT_REACHED}.
             */
            public Builder bulkConcurrency(int limit) {
                if (limit < 1 || limit > 5) {
                    throw new IllegalArgumentException("bulkConcurrency must be 1 to 5, got " + limit);
                }
                this.bulkConcurrency = limit;
                return this;
            }

            /** How bulk operations progress (default {@link BulkProgress#BACKGROUND}). */
            public Builder bulkProgress(BulkProgress progress) {
                this.bulkProgress = Objects.requireNonNull(progress, "progress");
                return this;
            }

            /** The layout of {@code groupObjects: false} runs (default {@link BulkLayout#CHILDREN_AFTER_ALL_PARENTS}). */
            public Builder ungroupedLayout(BulkLayout layout) {
                this.ungroupedLayout = Objects.requireNonNull(layout, "layout");
                return this;
            }

            /** A directory for result files, kept after close (default: a temporary one, deleted on close). */
            public Builder bulkDirectory(Path directory) {
                this.bulkDirectory = Objects.requireNonNull(directory, "directory");
                return this;
            }

            /** The options. */
            public Options build() {
                return new Options(this);
            }
        }
    }
}
