package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.store.FakeEntity;
import dev.shopifyingest.testkit.store.FakeStore;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Executes one bulk query into its JSONL file, in bounded memory: the top-level connection is
 * scanned lazily from the store and fetched in batches of {@value #BATCH} nodes through the real
 * schema (so a bulk line holds exactly what a paginated query would return for that node); nested
 * connection children go on their own lines with {@code __parentId}, either right after their
 * parent or, in the scattered layout, spooled to a second file and appended after every parent.
 */
final class BulkRun {

    static final int BATCH = 250;

    /** Why an operation stopped short: Shopify's {@code BulkOperationErrorCode}. */
    static final class Failure extends RuntimeException {
        private final String code;

        Failure(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    /** How many lines were written. */
    record Counts(long objects, long roots, boolean canceled) {
    }

    private final ShopState shop;
    private final BulkOperation operation;
    private final boolean adjacent;
    private long objects;
    private long roots;

    BulkRun(ShopState shop, BulkOperation operation, boolean adjacent) {
        this.shop = shop;
        this.operation = operation;
        this.adjacent = adjacent;
    }

    long objects() {
        return objects;
    }

    long roots() {
        return roots;
    }

    /** Writes the result to {@code file}; stops early, leaving what was written, if cancelled. */
    Counts writeTo(Path file) {
        BulkQueryPlan plan = operation.plan();
        Set<String> scopes = operation.scopes();
        Instant now = shop.clock().instant();
        RequestContext scanContext = new RequestContext(shop, scopes, now, true, Map.of());
        Path spool = adjacent ? null : file.resolveSibling(file.getFileName() + ".children");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             BufferedWriter children = spool == null ? null : Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
             Stream<? extends FakeEntity> scan = scan(plan, scanContext)) {
            Iterator<? extends FakeEntity> nodes = scan.iterator();
            List<FakeEntity> batch = new ArrayList<>(BATCH);
            while (nodes.hasNext()) {
                batch.add(nodes.next());
                if (batch.size() == BATCH || !nodes.hasNext()) {
                    if (operation.cancelRequested()) {
                        return new Counts(objects, roots, true);
                    }
                    writeBatch(plan, batch, scopes, now, out, children == null ? out : children);
                    batch.clear();
                }
            }
            if (children != null) {
                children.flush();
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write bulk result " + file, e);
        }
        if (spool != null) {
            try (OutputStream append = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                Files.copy(spool, append);
                Files.delete(spool);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot append nested lines to " + file, e);
            }
        }
        return new Counts(objects, roots, false);
    }

    private Stream<? extends FakeEntity> scan(BulkQueryPlan plan, RequestContext ctx) {
        FakeStore store = shop.store();
        EntitySearch search = ShopifySchema.get().search();
        Map<String, Object> args = plan.arguments();
        String sortKey = (String) args.get("sortKey");
        String query = (String) args.get("query");
        Object savedSearchId = args.get("savedSearchId");
        boolean reverse = Boolean.TRUE.equals(args.get("reverse"));
        List<String> path = List.of(plan.connection());
        try {
            return switch (plan.connection()) {
                case "orders" -> {
                    ctx.require("read_orders", "orders");
                    yield StoreConnections.select("orders", store.orders(), search.orders(), QueryFields.ORDER_SORT_KEYS,
                            sortKey, query, savedSearchId, ctx::orderVisible, ctx, path).scan(reverse, null);
                }
                case "customers" -> {
                    ctx.require("read_customers", "customers");
                    yield StoreConnections.select("customers", store.customers(), search.customers(),
                            QueryFields.OTHER_SORT_KEYS, sortKey, query, savedSearchId, c -> true, ctx, path)
                            .scan(reverse, null);
                }
                case "products" -> {
                    ctx.require("read_products", "products");
                    yield StoreConnections.select("products", store.products(), search.products(),
                            QueryFields.OTHER_SORT_KEYS, sortKey, query, savedSearchId, p -> true, ctx, path)
                            .scan(reverse, null);
                }
                default -> throw new Failure("INTERNAL_SERVER_ERROR", "No bulk scan for " + plan.connection());
            };
        } catch (GraphqlFailure e) {
            throw new Failure(String.valueOf(e.extensions().get("code")).equals("ACCESS_DENIED")
                    ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR", e.getMessage());
        }
    }

    private void writeBatch(BulkQueryPlan plan, List<FakeEntity> batch, Set<String> scopes, Instant now,
                            BufferedWriter parents, BufferedWriter children) throws IOException {
        Map<String, Object> preloaded = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(batch.size());
        for (FakeEntity entity : batch) {
            preloaded.put(entity.gid(), entity);
            ids.add(entity.gid());
        }
        RequestContext ctx = new RequestContext(shop, scopes, now, true, preloaded);
        ExecutionResult result = ShopifySchema.get().graphql().execute(ExecutionInput.newExecutionInput()
                .query(plan.batchQuery())
                .variables(Map.of("ids", ids))
                .graphQLContext(Map.of(RequestContext.class, ctx))
                .build());
        if (!result.getErrors().isEmpty()) {
            GraphQLError error = result.getErrors().getFirst();
            Object code = error.getExtensions() == null ? null : error.getExtensions().get("code");
            throw new Failure("ACCESS_DENIED".equals(code) ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR",
                    error.getMessage());
        }
        Map<String, Object> data = result.getData();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) data.get("nodes");
        for (Map<String, Object> node : nodes) {
            if (node == null) {
                continue;
            }
            Map<String, Object> line = deepCopy(node);
            List<Map<String, Object>> lines = new ArrayList<>();
            for (BulkQueryPlan.Nested nested : plan.nested()) {
                lines.addAll(extract(line, nested));
            }
            write(parents, line);
            roots++;
            Object parentId = line.get("id");
            for (Map<String, Object> child : lines) {
                child.put("__parentId", parentId);
                write(children, child);
            }
        }
    }

    // Removes the nested connection from the node and returns its nodes.
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> extract(Map<String, Object> node, BulkQueryPlan.Nested nested) {
        Map<String, Object> holder = node;
        List<String> path = nested.path();
        for (int i = 0; i < path.size() - 1; i++) {
            if (!(holder.get(path.get(i)) instanceof Map<?, ?> inner)) {
                return List.of();
            }
            holder = (Map<String, Object>) inner;
        }
        Object connection = holder.remove(path.getLast());
        List<Object> current = new ArrayList<>();
        current.add(connection);
        for (String key : nested.nodes()) {
            List<Object> next = new ArrayList<>();
            for (Object value : current) {
                Object child = value instanceof Map<?, ?> map ? map.get(key) : null;
                if (child instanceof List<?> list) {
                    next.addAll(list);
                } else if (child != null) {
                    next.add(child);
                }
            }
            current = next;
        }
        List<Map<String, Object>> children = new ArrayList<>(current.size());
        for (Object child : current) {
            if (child instanceof Map<?, ?> map) {
                children.add((Map<String, Object>) map);
            }
        }
        return children;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, copyValue(value)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return deepCopy((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(copyValue(v)));
            return copy;
        }
        return value;
    }

    private void write(BufferedWriter out, Map<String, Object> line) throws IOException {
        out.write(Json.write(line));
        out.write('\n');
        objects++;
    }
}
