package dev.shopifyingest.core.benchmark;

import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.fetch.BulkExport;
import dev.shopifyingest.core.fetch.BulkOperation;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.sync.CheckpointStore;
import dev.shopifyingest.core.sync.InMemoryCheckpointStore;
import dev.shopifyingest.core.sync.SyncCheckpoint;
import dev.shopifyingest.core.sync.SyncEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The client half of {@link SyncBenchmark}'s bulk run, in its own JVM so that its heap can be
 * capped: syncs the shop at {@code args[0]} with bulk exports only, then reads the same three
 * results again without the sync (the client's share of the time), and prints one {@code RESULT}
 * line.
 */
public final class BulkSyncClient {

    private BulkSyncClient() {
    }

    /**
     * Syncs and reports.
     *
     * @param args base URL, shop domain, access token
     * @throws Exception if the sync fails
     */
    public static void main(String[] args) throws Exception {
        ShopDomain shop = new ShopDomain(args[1]);
        AccessTokenSource token = AccessTokenSource.of(args[2]);
        Path workDir = Files.createTempDirectory("bulk-benchmark-");
        AdminGraphqlClient client = AdminGraphqlClient.builder()
                .baseUrl(ShopBaseUrl.fixed(HttpUrl.get(args[0])))
                .build();
        BulkExport export = new BulkExport(client, new OkHttpClient(), workDir, Duration.ofMillis(500),
                d -> Thread.sleep(d.toMillis()), 20_000);
        CountingSink sink = new CountingSink();
        Map<EntityType, String> exports = new EnumMap<>(EntityType.class);
        InMemoryCheckpointStore delegate = new InMemoryCheckpointStore();
        CheckpointStore checkpoints = new CheckpointStore() {
            @Override
            public Optional<SyncCheckpoint> load(ShopDomain s, EntityType type) {
                return delegate.load(s, type);
            }

            @Override
            public void save(SyncCheckpoint checkpoint) {
                if (checkpoint.bulkOperationId() != null) {
                    exports.put(checkpoint.type(), checkpoint.bulkOperationId());
                }
                delegate.save(checkpoint);
            }
        };
        SyncEngine engine = SyncEngine.builder().client(client).sink(sink).checkpoints(checkpoints)
                .bulk(export, 0, 500).listener(SyncBenchmark.progressPrinter("bulk")).build();

        // Heap in use (live data and garbage not yet collected), sampled while the sync runs.
        AtomicLong peakHeap = new AtomicLong();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long started = System.nanoTime();
        engine.sync(shop, token);
        double seconds = (System.nanoTime() - started) / 1e9;

        // The client's share alone: download, regroup and map the same three results again.
        long reread = 0;
        long rereadStarted = System.nanoTime();
        for (Map.Entry<EntityType, String> entry : exports.entrySet()) {
            BulkOperation completed = export.status(shop, token, entry.getValue());
            reread += export.read(completed, entry.getKey(), 0, 500, batch -> { });
        }
        double readSeconds = (System.nanoTime() - rereadStarted) / 1e9;

        sampler.interrupt();
        sampler.join();
        long peak = peakHeap.get();
        Files.deleteIfExists(workDir);
        long orders = sink.distinct(EntityType.ORDER);
        long customers = sink.distinct(EntityType.CUSTOMER);
        long products = sink.distinct(EntityType.PRODUCT);
        System.out.printf(Locale.ROOT, "RESULT records=%d orders=%d customers=%d products=%d lineItems=%d"
                        + " seconds=%.3f heapPeakMb=%d rereadLines=%d readSeconds=%.3f%n", orders + customers + products,
                orders, customers, products, sink.lineItems(), seconds, peak / (1024 * 1024), reread, readSeconds);
    }
}
