package dev.shopifyingest.core.benchmark;

import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.sync.InMemoryCheckpointStore;
import dev.shopifyingest.core.sync.SyncEngine;
import dev.shopifyingest.core.sync.SyncProgress;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Full sync of a large FakeShopify store, timed. Not a test: run it with the command in
 * {@code docs/performance.md} ({@code -Pbenchmark}).
 *
 * <ol>
 *   <li><b>Paged</b>, with Shopify's standard-plan bucket (2,000 points, 100 points/s): the wall
 *       time against the least time the restore rate allows, (total actual cost − the full
 *       bucket at the start) ÷ 100 points/s. The waits for the bucket are skipped with a
 *       {@link WarpClock} shared by the fake and the client, so hours of pacing take minutes
 *       while every decision is made on the clock a real run would read: wall time = real
 *       processing time + the waits the client asked for.
 *   <li><b>Bulk</b>: records per second of a bulk-export sync run in a separate JVM capped at
 *       {@code -Xmx256m} (the fake runs in this one), which proves the export is streamed; end to
 *       end, and for the client's share alone (reading the same exports again).
 * </ol>
 *
 * <p>Arguments: {@code --orders N} (default 100000; about 3 line items each, a third as many
 * customers), {@code --mode both|paged|bulk} (default both), {@code --bulk-heap 256m}, and
 * {@code --clock warp|real} (default warp): {@code real} makes the paged run really wait, to check
 * on a small store that skipping the waits measures the same thing.
 */
public final class SyncBenchmark {

    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    private static final long SEED = 42;

    private SyncBenchmark() {
    }

    /**
     * Runs the benchmark and prints its figures.
     *
     * @param args see the class description
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int orders = Integer.parseInt(options.getOrDefault("orders", "100000"));
        String mode = options.getOrDefault("mode", "both");
        String bulkHeap = options.getOrDefault("bulk-heap", "256m");
        StoreFixture fixture = StoreFixture.builder().orders(orders).seed(SEED).end(END).build();
        System.out.printf(Locale.ROOT, "Store: %,d orders, %,d customers, %,d products (seed %d)%n",
                fixture.orderCount(), fixture.customerCount(), fixture.productCount(), SEED);
        List<String> results = new ArrayList<>();
        if (!mode.equals("bulk")) {
            results.add(paged(fixture, options.getOrDefault("clock", "warp").equals("real")));
        }
        if (!mode.equals("paged")) {
            results.add(bulk(fixture, bulkHeap));
        }
        System.out.println();
        System.out.println("== shopify-ingest-core sync benchmark ==");
        results.forEach(System.out::println);
    }

    private static String paged(StoreFixture fixture, boolean realTime) throws InterruptedException {
        WarpClock warp = new WarpClock(END.plus(Duration.ofDays(1)));
        Clock clock = realTime ? Clock.systemUTC() : warp;
        AtomicLong realWaitNanos = new AtomicLong();
        AdminGraphqlClient.Sleeper sleeper = realTime ? d -> {
            realWaitNanos.addAndGet(d.toNanos());
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } : warp;
        try (FakeShopify fake = FakeShopify.builder().store(fixture).clock(clock).requestJournalLimit(50).start()) {
            ShopDomain shop = new ShopDomain(fake.shopDomain());
            AccessTokenSource token = AccessTokenSource.of(fake.adminToken());
            ShopBaseUrl baseUrl = ShopBaseUrl.fixed(HttpUrl.get(fake.baseUrl()));
            // Build the fake's engine first, then let the bucket refill: the run starts on a full bucket.
            AdminGraphqlClient.builder().baseUrl(baseUrl).build().execute(shop, token,
                    GraphqlOperation.named("Shop"), Map.of());
            sleeper.sleep(Duration.ofSeconds(realTime ? 1 : 60));

            CostMeter meter = new CostMeter();
            AdminGraphqlClient client = AdminGraphqlClient.builder()
                    .baseUrl(baseUrl)
                    .httpClient(new OkHttpClient.Builder().addNetworkInterceptor(meter).build())
                    .clock(clock)
                    .sleeper(sleeper)
                    .build();
            CountingSink sink = new CountingSink();
            SyncEngine engine = SyncEngine.builder().client(client).sink(sink)
                    .checkpoints(new InMemoryCheckpointStore()).clock(clock).listener(progressPrinter("paged"))
                    .build();
            long throttledBefore = fake.graphql().throttledCount();
            Duration skippedBefore = warp.skipped();
            long realWaitBefore = realWaitNanos.get();
            Instant started = clock.instant();

            engine.sync(shop, token);

            Duration wall = Duration.between(started, clock.instant());
            Duration waited = realTime ? Duration.ofNanos(realWaitNanos.get() - realWaitBefore)
                    : warp.skipped().minus(skippedBefore);
            Duration processing = wall.minus(waited);
            ThrottleSettings bucket = ThrottleSettings.STANDARD;
            double minimumSeconds = Math.max(0, meter.actualCost() - bucket.maximumAvailable()) / bucket.restoreRate();
            double ratio = wall.toNanos() / 1e9 / minimumSeconds;
            check(fake.store(), sink);
            long throttled = fake.graphql().throttledCount() - throttledBefore;
            return String.format(Locale.ROOT, """
                    paged (standard bucket %.0f points, %.0f points/s; %s):
                      requests %,d, total actual cost %,.0f points, THROTTLED replies %d
                      theoretical minimum (cost - %.0f) / %.0f = %s
                      wall time %s (processing %s + waits for the bucket %s)
                      wall / minimum = %.3f (goal <= 1.15)""",
                    bucket.maximumAvailable(), bucket.restoreRate(),
                    realTime ? "real time" : "waits skipped on a clock shared with the fake", meter.responses(),
                    meter.actualCost(), throttled,
                    bucket.maximumAvailable(), bucket.restoreRate(), hms(minimumSeconds), hms(wall), hms(processing),
                    hms(waited), ratio);
        }
    }

    private static String bulk(StoreFixture fixture, String heap) throws IOException, InterruptedException {
        try (FakeShopify fake = FakeShopify.builder().store(fixture).requestJournalLimit(50).start()) {
            ShopDomain shop = new ShopDomain(fake.shopDomain());
            AdminGraphqlClient.builder().baseUrl(ShopBaseUrl.fixed(HttpUrl.get(fake.baseUrl()))).build()
                    .execute(shop, AccessTokenSource.of(fake.adminToken()), GraphqlOperation.named("Shop"), Map.of());
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder child = new ProcessBuilder(java.toString(), "-Xmx" + heap,
                    "-cp", System.getProperty("java.class.path"), BulkSyncClient.class.getName(),
                    fake.baseUrl(), fake.shopDomain(), fake.adminToken())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            Process process = child.start();
            Map<String, String> result = new HashMap<>();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("RESULT ")) {
                        for (String pair : line.substring(7).split(" ")) {
                            String[] kv = pair.split("=", 2);
                            result.put(kv[0], kv[1]);
                        }
                    } else {
                        System.out.println("  [bulk client] " + line);
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0 || result.isEmpty()) {
                throw new IllegalStateException("The bulk client (-Xmx" + heap + ") failed with exit code " + exit);
            }
            FakeStore store = fake.store();
            long records = Long.parseLong(result.get("records"));
            long expected = (long) store.customers().size() + store.products().size() + store.orders().size();
            if (records != expected || Long.parseLong(result.get("orders")) != store.orders().size()) {
                throw new IllegalStateException("The bulk sync stored " + records + " records, the store holds "
                        + expected);
            }
            double seconds = Double.parseDouble(result.get("seconds"));
            double readSeconds = Double.parseDouble(result.get("readSeconds"));
            if (Long.parseLong(result.get("rereadLines")) != records) {
                throw new IllegalStateException("Reading the exports again gave " + result.get("rereadLines")
                        + " records, not " + records);
            }
            return String.format(Locale.ROOT, """
                    bulk (client JVM -Xmx%s, fake in this JVM):
                      %,d records (%,d orders with %,d line items, %,d customers, %,d products)
                      sync, end to end (export by the fake + download + regroup + map + store): %s = %,.0f records/s
                      reading the same exports again (download + regroup + map): %s = %,.0f records/s
                      client heap in use at most %s MB (sampled during the sync), limit -Xmx%s""",
                    heap, records, Long.parseLong(result.get("orders")), Long.parseLong(result.get("lineItems")),
                    Long.parseLong(result.get("customers")), Long.parseLong(result.get("products")), hms(seconds),
                    records / seconds, hms(readSeconds), records / readSeconds, result.get("heapPeakMb"), heap);
        }
    }

    private static void check(FakeStore store, CountingSink sink) {
        if (sink.distinct(EntityType.ORDER) != store.orders().size()
                || sink.distinct(EntityType.CUSTOMER) != store.customers().size()
                || sink.distinct(EntityType.PRODUCT) != store.products().size()) {
            throw new IllegalStateException("The paged sync did not store every entity exactly once");
        }
    }

    static dev.shopifyingest.core.sync.SyncListener progressPrinter(String label) {
        long[] lastPrinted = {System.nanoTime()};
        return p -> {
            boolean due = System.nanoTime() - lastPrinted[0] > 30_000_000_000L;
            if (p.stage() == SyncProgress.Stage.TYPE_COMPLETED || (p.stage() == SyncProgress.Stage.RUNNING && due)) {
                lastPrinted[0] = System.nanoTime();
                System.err.printf(Locale.ROOT, "  [%s] %s %s %,d of %,d%n", label, p.type(), p.stage(), p.done(),
                        p.total());
            }
        };
    }

    static String hms(Duration duration) {
        return hms(duration.toNanos() / 1e9);
    }

    static String hms(double seconds) {
        long whole = (long) seconds;
        return whole >= 3600
                ? String.format(Locale.ROOT, "%dh %02dm %02ds", whole / 3600, whole % 3600 / 60, whole % 60)
                : whole >= 60 ? String.format(Locale.ROOT, "%dm %04.1fs", whole / 60, seconds % 60)
                : String.format(Locale.ROOT, "%.1fs", seconds);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "Usage: --orders N --mode both|paged|bulk --bulk-heap 256m --clock warp|real");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
