package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.webhook.WebhookSubscriptions;
import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;

/** What one {@link AdminGraphql} serves: the store, its webhook registry, its bulk operations and its clock. */
final class ShopState {

    private final FakeStore store;
    private final WebhookSubscriptions subscriptions;
    private final Clock clock;
    private final Supplier<URI> publicBaseUrl;
    private final BulkOperations bulk;

    ShopState(FakeStore store, WebhookSubscriptions subscriptions, Clock clock, Supplier<URI> publicBaseUrl,
              AdminGraphql.Options options) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl;
        this.bulk = new BulkOperations(this, options);
    }

    FakeStore store() {
        return store;
    }

    WebhookSubscriptions subscriptions() {
        return subscriptions;
    }

    Clock clock() {
        return clock;
    }

    BulkOperations bulk() {
        return bulk;
    }

    /** A link clients can follow: {@code path} under the fake's public base URL. */
    String publicUrl(String path) {
        String base = publicBaseUrl.get().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
