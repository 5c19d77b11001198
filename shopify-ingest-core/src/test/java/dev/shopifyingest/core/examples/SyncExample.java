package dev.shopifyingest.core.examples;

import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.fetch.BulkExport;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.sync.CheckpointStore;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.core.sync.IngestSink;
import dev.shopifyingest.core.sync.SyncEngine;
import dev.shopifyingest.core.sync.SyncReport;
import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.core.webhook.WebhookPayloads;
import dev.shopifyingest.core.webhook.WebhookTopic;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * The library guide's "Run a sync into your own IngestSink", as code that compiles and runs (see
 * {@code ExamplesTest}).
 */
final class SyncExample {

    private SyncExample() {
    }

    // tag::sink[]
    /** Keeps the newest version of each order, and the revenue they add up to. */
    static final class RevenueSink implements IngestSink {
        private final Map<Long, Order> orders = new HashMap<>();
        private final Map<Long, Instant> seenInPass = new HashMap<>();

        @Override
        public synchronized void accept(IngestBatch batch) {
            for (Entity entity : batch.upserts()) {
                if (entity instanceof Order order) {
                    Order stored = orders.get(order.id());
                    if (stored == null || !order.updatedAt().isBefore(stored.updatedAt())) {
                        orders.put(order.id(), order);           // idempotent, never older over newer
                    }
                    if (batch.checkpoint() != null) {
                        seenInPass.put(order.id(), batch.checkpoint().runStartedAt());
                    }
                }
            }
            for (Deletion deletion : batch.deletions()) {
                if (deletion.type() == EntityType.ORDER) {
                    orders.remove(deletion.id());
                }
            }
            // A real sink stores the batch and batch.checkpoint() in one transaction.
        }

        @Override
        public synchronized void fullPassCompleted(ShopDomain shop, EntityType type, Instant passStartedAt) {
            if (type == EntityType.ORDER) {                      // orders Shopify no longer has
                orders.keySet().removeIf(id -> seenInPass.getOrDefault(id, Instant.MIN).isBefore(passStartedAt));
            }
        }

        synchronized BigDecimal revenue() {
            return orders.values().stream().filter(o -> !o.test())
                    .map(Order::currentTotalPrice).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        synchronized int orderCount() {
            return orders.size();
        }
    }
    // end::sink[]

    /** Builds the engine, once per application. */
    static SyncEngine engine(ShopBaseUrl shops, IngestSink sink, CheckpointStore checkpoints, Path workDir) {
        // tag::engine[]
        AdminGraphqlClient client = AdminGraphqlClient.builder()
                .baseUrl(shops)                          // omit in production
                .build();
        BulkExport bulk = new BulkExport(client, new OkHttpClient(), workDir, Duration.ofSeconds(5),
                duration -> Thread.sleep(duration.toMillis()), 50_000);
        SyncEngine engine = SyncEngine.builder()
                .client(client)
                .sink(sink)
                .checkpoints(checkpoints)                // where each shop's progress survives a restart
                .bulk(bulk, 10_000, 500)                 // passes of 10,000+ records use a bulk export
                .bulkOperationsPerShop(5)                // Shopify 2026-10's limit (the default); 1 before 2026-01
                .listener(progress -> {                 // e.g. drive a progress bar
                    if (progress.type() != null && progress.total() > 0) {
                        System.out.printf("%s: %d of %d%n", progress.type(), progress.done(), progress.total());
                    }
                })
                .build();
        // end::engine[]
        return engine;
    }

    /** Syncs a shop: the first time in full, then what changed. */
    static SyncReport sync(SyncEngine engine, ShopDomain shop, AccessTokenSource tokens) {
        // tag::sync[]
        SyncReport report = engine.sync(shop, tokens);   // full the first time, incremental after
        // end::sync[]
        return report;
    }

    /** Hands Shopify's bulk_operations/finish webhook to the engine, so a waiting export is read at once. */
    static void onWebhook(SyncEngine engine, WebhookDelivery delivery) {
        // tag::finish[]
        if (delivery.topic() == WebhookTopic.Known.BULK_OPERATIONS_FINISH) {   // a verified delivery
            engine.bulkOperationFinished(delivery.shopDomain(), WebhookPayloads.bulkOperationId(delivery));
        }
        // end::finish[]
    }

    /** Reconciles: a full pass that also removes what Shopify deleted. */
    static SyncReport reconcile(SyncEngine engine, ShopDomain shop, AccessTokenSource tokens) {
        // tag::full-sync[]
        SyncReport report = engine.fullSync(shop, tokens); // e.g. nightly: heals deletions webhooks missed
        // end::full-sync[]
        return report;
    }
}
