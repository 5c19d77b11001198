package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.store.EntityTable;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeEntity;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.FakeVariant;
import dev.shopifyingest.testkit.store.Position;
import dev.shopifyingest.testkit.store.SortKey;
import dev.shopifyingest.testkit.webhook.WebhookSubscription;
import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** The fields of {@code QueryRoot} FakeShopify implements. */
final class QueryFields {

    static final Set<SortKey> ORDER_SORT_KEYS = EnumSet.allOf(SortKey.class);
    static final Set<SortKey> OTHER_SORT_KEYS = EnumSet.of(SortKey.ID, SortKey.CREATED_AT, SortKey.UPDATED_AT);
    private static final String Q = "QueryRoot";
    /** The one app's installation id (a fake has one app on one shop). */
    private static final long APP_INSTALLATION_ID = 9_007_199_254_740_993L;

    private QueryFields() {
    }

    static void register(FieldTable t) {
        t.put(Q, "shop", env -> RequestContext.of(env).shop().store().shop());
        t.put(Q, "orders", env -> {
            RequestContext ctx = RequestContext.of(env);
            ctx.require("read_orders", "orders");
            return StoreConnections.page(env, "orders", store(ctx).orders(), search().orders(), ORDER_SORT_KEYS,
                    ctx::orderVisible);
        });
        t.put(Q, "customers", env -> {
            RequestContext ctx = RequestContext.of(env);
            ctx.require("read_customers", "customers");
            return StoreConnections.page(env, "customers", store(ctx).customers(), search().customers(),
                    OTHER_SORT_KEYS, c -> true);
        });
        t.put(Q, "products", env -> {
            RequestContext ctx = RequestContext.of(env);
            ctx.require("read_products", "products");
            return StoreConnections.page(env, "products", store(ctx).products(), search().products(),
                    OTHER_SORT_KEYS, p -> true);
        });
        t.put(Q, "ordersCount", env -> {
            RequestContext ctx = RequestContext.of(env);
            ctx.require("read_orders", "ordersCount");
            return count(env, "orders", store(ctx).orders(), search().orders(), ORDER_SORT_KEYS, ctx::orderVisible);
        });
        t.put(Q, "customersCount", env -> {
            RequestContext ctx = RequestContext.of(env);
            ctx.require("read_customers", "customersCount");
            return count(env, "customers", store(ctx).customers(), search().customers(), OTHER_SORT_KEYS, c -> true);
        });
        t.put(Q, "productsCount", env -> {
            RequestContext ctx = RequestContext.of(env);
            ctx.require("read_products", "productsCount");
            return count(env, "products", store(ctx).products(), search().products(), OTHER_SORT_KEYS, p -> true);
        });
        t.put(Q, "order", env -> typedNode(env, "Order"));
        t.put(Q, "customer", env -> typedNode(env, "Customer"));
        t.put(Q, "product", env -> typedNode(env, "Product"));
        t.put(Q, "productVariant", env -> typedNode(env, "ProductVariant"));
        t.put(Q, "node", env -> node(RequestContext.of(env), Gid.parse(env.getArgument("id"))));
        t.put(Q, "nodes", env -> {
            List<String> ids = env.getArgument("ids");
            if (ids.size() > Pager.MAX_PAGE_SIZE) {
                throw GraphqlFailure.of("MAX_INPUT_SIZE_EXCEEDED", "The input array size of " + ids.size()
                        + " is greater than the maximum allowed of " + Pager.MAX_PAGE_SIZE + ".");
            }
            RequestContext ctx = RequestContext.of(env);
            List<Object> nodes = new ArrayList<>(ids.size());
            for (String id : ids) {
                nodes.add(node(ctx, Gid.parse(id)));
            }
            return nodes;
        });
        t.put(Q, "webhookSubscriptions", QueryFields::webhookSubscriptions);
        t.put(Q, "webhookSubscription", env -> typedNode(env, "WebhookSubscription"));
        t.put(Q, "currentAppInstallation", env -> appInstallation(RequestContext.of(env)));
        t.mapEntries("AppInstallation", List.of("id", "accessScopes"));
        t.mapEntries("AccessScope", List.of("handle", "description"));
    }

    /**
     * The calling app's installation: its id and the scopes of the calling token, sorted, with
     * every {@code write_x} also listing the {@code read_x} it implies (as
     * {@code access_scopes.json} does). Needs no scope, as on Shopify.
     */
    private static Map<String, Object> appInstallation(RequestContext ctx) {
        List<Map<String, Object>> scopes = new ArrayList<>();
        TreeSet<String> handles = new TreeSet<>(ctx.scopes());
        for (String scope : ctx.scopes()) {
            if (scope.startsWith("write_")) {
                handles.add("read_" + scope.substring("write_".length()));
            }
        }
        for (String handle : handles) {
            scopes.add(payload("handle", handle, "description", "Access scope " + handle));
        }
        return payload("id", "gid://shopify/AppInstallation/" + APP_INSTALLATION_ID, "accessScopes", scopes);
    }

    private static FakeStore store(RequestContext ctx) {
        return ctx.shop().store();
    }

    private static EntitySearch search() {
        return ShopifySchema.get().search();
    }

    private static Object typedNode(DataFetchingEnvironment env, String type) {
        Gid gid = Gid.parse(env.getArgument("id"));
        return gid.type().equals(type) ? node(RequestContext.of(env), gid) : null;
    }

    /** The node a GID names, or null when it does not exist (or is invisible to the token). */
    static Object node(RequestContext ctx, Gid gid) {
        String text = Gid.of(gid.type(), gid.id());
        Object preloaded = ctx.preloaded(text);
        if (preloaded != null) {
            return preloaded;
        }
        FakeStore store = ctx.shop().store();
        return switch (gid.type()) {
            case "Order" -> {
                ctx.require("read_orders", "order");
                yield store.orders().find(gid.id()).filter(ctx::orderVisible).orElse(null);
            }
            case "Customer" -> {
                ctx.require("read_customers", "customer");
                yield store.customers().find(gid.id()).orElse(null);
            }
            case "Product" -> {
                ctx.require("read_products", "product");
                yield store.products().find(gid.id()).orElse(null);
            }
            case "ProductVariant" -> {
                ctx.require("read_products", "productVariant");
                yield variant(store, gid.id());
            }
            case "Shop" -> store.shop().id() == gid.id() ? store.shop() : null;
            case "BulkOperation" -> ctx.shop().bulk().find(gid.id()).orElse(null);
            case "WebhookSubscription" -> ctx.shop().subscriptions().list().stream()
                    .filter(s -> s.id() == gid.id()).findFirst().orElse(null);
            default -> throw GraphqlFailure.notImplemented("node lookups of " + gid.type());
        };
    }

    /** The variant with this id, with its product, or null. */
    static Views.Variant variant(FakeStore store, long variantId) {
        return store.products().all()
                .flatMap(p -> p.variants().stream().filter(v -> v.id() == variantId).map(v -> new Views.Variant(p, v)))
                .findFirst().orElse(null);
    }

    static Views.Variant variantOf(FakeProduct product, long variantId) {
        for (FakeVariant v : product.variants()) {
            if (v.id() == variantId) {
                return new Views.Variant(product, v);
            }
        }
        return null;
    }

    private static <T extends FakeEntity> Views.Count count(DataFetchingEnvironment env, String connection,
                                                            EntityTable<T> table, SearchFields<T> search,
                                                            Set<SortKey> sortKeys, Predicate<T> visible) {
        Integer limit = env.getArgument("limit");
        RequestContext ctx = RequestContext.of(env);
        // Scan in the order whose key the query ranges over, so a range reads only its slice.
        SearchFields.Compiled<T> compiled = search.compile(env.getArgument("query"), ctx, StoreConnections.path(env));
        SortKey sortKey = SortKey.ID;
        for (SortKey key : sortKeys) {
            if (compiled.ranges().containsKey(EntitySearch.rangeFieldOf(connection, key))) {
                sortKey = key;
            }
        }
        if (env.getArgument("savedSearchId") != null) {
            throw GraphqlFailure.notImplemented("savedSearchId on " + connection + "Count");
        }
        StoreConnections.Selection<T> selection = new StoreConnections.Selection<>(table, sortKey,
                visible.and(compiled.predicate()),
                compiled.ranges().get(EntitySearch.rangeFieldOf(connection, sortKey)));
        long counted = limit == null ? selection.scan(false, null).count()
                : selection.scan(false, null).limit(limit + 1L).count();
        return limit != null && counted > limit ? new Views.Count(limit, "AT_LEAST") : new Views.Count(counted, "EXACT");
    }

    private static Object webhookSubscriptions(DataFetchingEnvironment env) {
        Pager.Window window = Pager.Window.of(env, "webhookSubscriptions");
        RequestContext ctx = RequestContext.of(env);
        List<String> topics = env.getArgument("topics");
        String format = env.getArgument("format");
        String uri = env.getArgument("uri") != null ? env.getArgument("uri") : env.getArgument("callbackUrl");
        String sortKey = env.getArgument("sortKey");
        SearchFields.Compiled<WebhookSubscription> compiled =
                ShopifySchema.get().search().webhookSubscriptions().compile(env.getArgument("query"), env);
        Predicate<WebhookSubscription> filter = s ->
                (topics == null || topics.contains(s.topic()))
                        && (format == null || format.equals(s.format()))
                        && (uri == null || uri.equals(s.uri()))
                        && compiled.predicate().test(s);
        // CREATED_AT and ID order alike: ids are handed out in creation order.
        return Pager.page(Pager.ofList(ctx.shop().subscriptions().list(),
                        s -> new Position(
                                "ID".equals(sortKey) ? s.id() : s.createdAt().toEpochMilli(), s.id()), filter),
                sortKey, "webhookSubscriptions", window, s -> s);
    }

    /** Payload maps keep insertion order for readable debugging. */
    static Map<String, Object> payload(Object... entries) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < entries.length; i += 2) {
            map.put((String) entries[i], entries[i + 1]);
        }
        return map;
    }

    /** A customer's lookups need the customers scope; nested lookups report the field they came from. */
    static FakeCustomer customer(RequestContext ctx, Long id, String field) {
        if (id == null) {
            return null;
        }
        ctx.require("read_customers", field);
        return ctx.shop().store().customers().find(id).orElse(null);
    }
}
