package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.store.Position;
import java.util.List;
import java.util.function.Function;

/** The GraphQL side of bulk operations: the run and cancel mutations, the polling queries and the type. */
final class BulkFields {

    private BulkFields() {
    }

    static void register(FieldTable t) {
        t.put("Mutation", "bulkOperationRunQuery", env -> {
            RequestContext ctx = RequestContext.of(env);
            return ctx.shop().bulk().run(ctx, env.getArgument("query"), Boolean.TRUE.equals(env.getArgument("groupObjects")));
        });
        t.put("Mutation", "bulkOperationCancel", env -> {
            RequestContext ctx = RequestContext.of(env);
            long id = Gid.idOf(env.getArgument("id"), "BulkOperation");
            return ctx.shop().bulk().cancel(id);
        });
        t.mapEntries("BulkOperationRunQueryPayload", List.of("bulkOperation", "userErrors"));
        t.mapEntries("BulkOperationCancelPayload", List.of("bulkOperation", "userErrors"));
        t.put("QueryRoot", "bulkOperation", env -> RequestContext.of(env).shop().bulk()
                .find(Gid.idOf(env.getArgument("id"), "BulkOperation")).orElse(null));
        t.put("QueryRoot", "currentBulkOperation", env -> RequestContext.of(env).shop().bulk()
                .current(env.getArgument("type")).orElse(null));
        t.put("QueryRoot", "bulkOperations", env -> {
            Pager.Window asked = Pager.Window.of(env, "bulkOperations");
            // Shopify lists bulk operations newest first unless reversed.
            Pager.Window window = new Pager.Window(asked.first(), asked.last(), asked.after(), asked.before(),
                    !asked.reverse(), asked.everything());
            String sortKey = env.getArgument("sortKey");
            Function<BulkOperation.Snapshot, Position> position = "COMPLETED_AT".equals(sortKey)
                    ? b -> new Position(b.completedAt() == null ? Long.MAX_VALUE : b.completedAt().toEpochMilli(), b.id())
                    : b -> new Position(b.createdAt().toEpochMilli(), b.id());
            SearchFields.Compiled<BulkOperation.Snapshot> compiled = ShopifySchema.get().search().bulkOperations()
                    .compile(env.getArgument("query"), env);
            return Pager.page(Pager.ofList(RequestContext.of(env).shop().bulk().all(), position, compiled.predicate()),
                    sortKey, "bulkOperations", window, b -> b);
        });
        String b = "BulkOperation";
        t.value(b, "id", BulkOperation.Snapshot.class, BulkOperation.Snapshot::gid);
        t.value(b, "status", BulkOperation.Snapshot.class, BulkOperation.Snapshot::status);
        t.value(b, "errorCode", BulkOperation.Snapshot.class, BulkOperation.Snapshot::errorCode);
        t.value(b, "createdAt", BulkOperation.Snapshot.class, BulkOperation.Snapshot::createdAt);
        t.value(b, "completedAt", BulkOperation.Snapshot.class, BulkOperation.Snapshot::completedAt);
        t.value(b, "objectCount", BulkOperation.Snapshot.class, BulkOperation.Snapshot::objectCount);
        t.value(b, "rootObjectCount", BulkOperation.Snapshot.class, BulkOperation.Snapshot::rootObjectCount);
        t.value(b, "fileSize", BulkOperation.Snapshot.class, BulkOperation.Snapshot::fileSize);
        t.value(b, "url", BulkOperation.Snapshot.class, BulkOperation.Snapshot::url);
        t.value(b, "partialDataUrl", BulkOperation.Snapshot.class, BulkOperation.Snapshot::partialDataUrl);
        t.value(b, "query", BulkOperation.Snapshot.class, BulkOperation.Snapshot::query);
        t.value(b, "type", BulkOperation.Snapshot.class, BulkOperation.Snapshot::type);
    }
}
