package dev.shopifyingest.testkit;

import dev.shopifyingest.testkit.graphql.AdminGraphql;
import dev.shopifyingest.testkit.graphql.GraphqlCall;
import dev.shopifyingest.testkit.graphql.GraphqlReply;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * {@link AdminGraphql} built in the background as soon as the fake starts, because building
 * Shopify's executable schema takes seconds: the fake answers OAuth and webhooks meanwhile, and the
 * first GraphQL request waits for the engine.
 */
final class AdminGraphqlBackend implements GraphqlBackend {

    private final CompletableFuture<AdminGraphql> engine;

    AdminGraphqlBackend(Supplier<AdminGraphql> factory, String shopDomain) {
        this.engine = CompletableFuture.supplyAsync(factory,
                task -> Thread.ofPlatform().daemon().name("fake-shopify-graphql-init-" + shopDomain).start(task));
    }

    /** The engine, waiting for it to be built. */
    AdminGraphql engine() {
        try {
            return engine.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("FakeShopify's GraphQL engine could not be built: " + e.getCause(),
                    e.getCause());
        }
    }

    @Override
    public GraphqlReply execute(GraphqlCall call) {
        return engine().execute(call);
    }

    @Override
    public Optional<Path> bulkResult(String fileName) {
        return engine().bulkResult(fileName);
    }
}
