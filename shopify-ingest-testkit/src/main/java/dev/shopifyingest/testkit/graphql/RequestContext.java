package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.store.FakeOrder;
import graphql.schema.DataFetchingEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a data fetcher knows about the request it serves: the shop, the token's scopes, the instant
 * the request started (one "now" for the whole request), whether it runs inside a bulk operation,
 * and where it reports search warnings.
 */
final class RequestContext {

    /** Orders older than this are invisible without {@code read_all_orders} (PROTOCOL §3). */
    static final Duration ORDER_WINDOW = Duration.ofDays(60);

    private final ShopState shop;
    private final Set<String> scopes;
    private final Instant now;
    private final boolean bulk;
    private final Map<String, Object> preloaded;
    private final List<Map<String, Object>> searchReports = Collections.synchronizedList(new ArrayList<>());

    RequestContext(ShopState shop, Set<String> scopes, Instant now, boolean bulk, Map<String, Object> preloaded) {
        this.shop = shop;
        this.scopes = Set.copyOf(scopes);
        this.now = now;
        this.bulk = bulk;
        this.preloaded = Map.copyOf(preloaded);
    }

    static RequestContext of(DataFetchingEnvironment env) {
        return env.getGraphQlContext().get(RequestContext.class);
    }

    ShopState shop() {
        return shop;
    }

    Set<String> scopes() {
        return scopes;
    }

    Instant now() {
        return now;
    }

    /** Inside a bulk operation connections return every node and ignore paging arguments. */
    boolean bulk() {
        return bulk;
    }

    /** Entities a bulk batch already read, by GID, so node lookups need not read them again. */
    Object preloaded(String gid) {
        return preloaded.get(gid);
    }

    /** Whether the token holds {@code scope}; a {@code write_} scope implies its {@code read_} scope. */
    boolean has(String scope) {
        return scopes.contains(scope)
                || (scope.startsWith("read_") && scopes.contains("write_" + scope.substring("read_".length())));
    }

    /** Fails the field with Shopify's ACCESS_DENIED unless the token holds {@code scope}. */
    void require(String scope, String field) {
        if (!has(scope)) {
            throw GraphqlFailure.accessDenied(field, scope);
        }
    }

    /** The 60-day rule: without {@code read_all_orders} only orders created in the last 60 days exist. */
    boolean orderVisible(FakeOrder order) {
        return scopes.contains("read_all_orders") || !order.createdAt().isBefore(now.minus(ORDER_WINDOW));
    }

    /** Records an entry for {@code extensions.search} (unknown search fields Shopify ignored). */
    void reportSearch(Map<String, Object> report) {
        searchReports.add(report);
    }

    List<Map<String, Object>> searchReports() {
        synchronized (searchReports) {
            return List.copyOf(searchReports);
        }
    }
}
