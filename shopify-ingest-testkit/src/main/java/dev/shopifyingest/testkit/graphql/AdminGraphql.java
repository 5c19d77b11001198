package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.webhook.WebhookSubscriptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Shopify's Admin GraphQL API over a {@link FakeStore}: executes requests against Shopify's real
 * schema, charges calculated query cost to a leaky bucket and runs bulk operations.
 */
public final class AdminGraphql {

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
        throw new UnsupportedOperationException("AdminGraphql is being built");
    }

    /** Executes one request. */
    public GraphqlReply execute(GraphqlCall call) {
        throw new UnsupportedOperationException("AdminGraphql is being built");
    }

    /**
     * The JSONL result file of a finished bulk operation, by the file name its {@code url} ends in.
     * Bulk result links have the path {@code /fake-shopify/bulk/{fileName}}.
     */
    public Optional<Path> bulkResult(String fileName) {
        throw new UnsupportedOperationException("AdminGraphql is being built");
    }

    /** How many requests were answered THROTTLED since the start. */
    public long throttledCount() {
        throw new UnsupportedOperationException("AdminGraphql is being built");
    }
}
