package dev.shopifyingest.app.load;

import dev.shopifyingest.app.RawHttp;
import dev.shopifyingest.app.database.AppDatabase;
import dev.shopifyingest.app.webhooks.Webhooks;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The webhook benchmark of {@code docs/performance.md}: signed {@code orders/create} deliveries
 * (10 % of them retries of earlier ones) posted over loopback to the running app, compared with
 * {@code GET /health/live} on the same server in the same run, then the books checked: every
 * accepted delivery is exactly one inbox row and one order in the store. Webhook-to-SSE latency
 * is measured on a second shop, idle and while the first takes the load.
 *
 * <p>Phases: warm-up; <b>capacity</b> (closed model: N clients, as wrk: the most each endpoint
 * serves); <b>goal rate</b> (open model at the goal's arrival rate, latencies from the intended
 * start, so stalls are not hidden); SSE probes. Options as system properties:
 * {@code benchmark.seconds} (30), {@code benchmark.healthSeconds} (15), {@code benchmark.clients} (64),
 * {@code benchmark.rate} (2000), {@code benchmark.retries} (0.10), {@code benchmark.durable} (true),
 * {@code benchmark.probes} (100), {@code benchmark.warmupSeconds} (5). Exits with 1 when the books
 * do not balance or a request failed.
 */
public final class WebhookBenchmark {

    /**
     * Threads for the phases that run side by side. Not the common pool: it has one worker on two
     * cores, and a phase blocking it would also stall the JDK HttpClient's own asynchronous work.
     */
    private static final java.util.concurrent.Executor BACKGROUND = java.util.concurrent.Executors
            .newCachedThreadPool(Thread.ofPlatform().daemon().name("benchmark-phase-", 1).factory());

    private WebhookBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args none; options are system properties
     */
    public static void main(String[] args) throws Exception {
        Duration seconds = Duration.ofSeconds(Long.getLong("benchmark.seconds", 30));
        Duration healthSeconds = Duration.ofSeconds(Long.getLong("benchmark.healthSeconds", 15));
        Duration warmup = Duration.ofSeconds(Long.getLong("benchmark.warmupSeconds", 5));
        int clients = Integer.getInteger("benchmark.clients", 64);
        double rate = Double.parseDouble(System.getProperty("benchmark.rate", "2000"));
        double retries = Double.parseDouble(System.getProperty("benchmark.retries", "0.10"));
        boolean durable = Boolean.parseBoolean(System.getProperty("benchmark.durable", "true"));
        int probes = Integer.getInteger("benchmark.probes", 100);

        BenchmarkReport report = new BenchmarkReport();
        report.line("Webhook benchmark, %s; %d processors; load average %s", Instant.now(),
                Runtime.getRuntime().availableProcessors(), BenchmarkReport.loadAverage());
        report.line("PostgreSQL: embedded 17, %s; app pool %d connections; the app in its own JVM (%s), the driver"
                        + " in this one",
                durable ? "durable (fsync, synchronous_commit on)" : "ephemeral (fsync, synchronous_commit off)",
                AppDatabase.DEFAULT_POOL_SIZE, LoadApp.appJvm());
        boolean balanced = true;
        try (LoadApp app = LoadApp.start(durable, 500, ThrottleSettings.PLUS, "webhook-benchmark")) {
            long shopId = app.connectShop();
            app.awaitConnected(shopId, Duration.ofMinutes(5));
            long probeShopId = app.registerShop("probe-store.myshopify.com");
            String shop = app.fake().shopDomain();
            URI server = app.uri();
            List<Long> customers = app.customerIds();
            Instant placed = Instant.now();
            byte[] healthRequest = RawHttp.request("GET", server, "/health/live", Map.of(), new byte[0]);
            LoadDriver.Traffic health = () -> new LoadDriver.Call(healthRequest, response -> response.status() == 200);
            List<WebhookTraffic> traffics = new ArrayList<>();

            WebhookTraffic warm = traffic(traffics, server, shop, "warmup", 100_000_000L, retries, customers, placed);
            LoadDriver.closed("health", server, health, clients, warmup);
            LoadDriver.closed("webhooks", server, warm, clients, warmup);
            balanced &= check(report, warm, app, shopId);

            report.line("");
            report.line("Capacity (closed model, %d clients; health %s, webhooks %s):", clients, healthSeconds, seconds);
            LoadDriver.Result healthClosed = LoadDriver.closed("/health/live", server, health, clients, healthSeconds);
            report.line("  %s", healthClosed.line());
            WebhookTraffic capacity = traffic(traffics, server, shop, "capacity", 200_000_000L, retries, customers,
                    placed);
            LoadDriver.Result hooksClosed = LoadDriver.closed("webhooks", server, capacity, clients, seconds);
            report.line("  %s", hooksClosed.line());
            report.line("  webhooks / health: throughput %.2f, p50 %.1fx, p99 %.1fx", hooksClosed.throughput()
                    / healthClosed.throughput(), ratio(hooksClosed, healthClosed, 0.5), ratio(hooksClosed, healthClosed,
                    0.99));
            long applyStart = System.nanoTime();
            balanced &= check(report, capacity, app, shopId) & clean(report, hooksClosed) & clean(report, healthClosed);
            report.line("  webhook worker: backlog applied %.1f s after the load ended",
                    (System.nanoTime() - applyStart) / 1e9);

            report.line("");
            WebhookTraffic probeTraffic = traffic(traffics, server, "probe-store.myshopify.com", "probe", 900_000_000L,
                    0, customers, placed);
            try (SseLatencyProbe probe = SseLatencyProbe.open(server, probeShopId, app.ownerCookie(), probeTraffic)) {
                Latencies idle = probe.run(probes, Duration.ofMinutes(2));
                report.line("Webhook-to-SSE, idle server: %d probes, %s; %d later than %s", idle.count(),
                        idle.summary(), probe.late(), SseLatencyProbe.PATIENCE);

                report.line("");
                report.line("Goal rate (open model, %.0f/s; health %s, webhooks %s):", rate, healthSeconds, seconds);
                LoadDriver.Result healthOpen = LoadDriver.open("/health/live", server, health, rate, healthSeconds);
                report.line("  %s", healthOpen.line());
                WebhookTraffic goal = traffic(traffics, server, shop, "goal", 300_000_000L, retries, customers, placed);
                CompletableFuture<Latencies> underLoad = CompletableFuture.supplyAsync(() -> {
                    try {
                        return probe.run(Integer.MAX_VALUE, seconds);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, BACKGROUND);
                LoadDriver.Result hooksOpen = LoadDriver.open("webhooks", server, goal, rate, seconds);
                report.line("  %s", hooksOpen.line());
                report.line("  webhooks / health at the same rate: p50 %.1fx, p99 %.1fx",
                        ratio(hooksOpen, healthOpen, 0.5), ratio(hooksOpen, healthOpen, 0.99));
                Latencies loaded = underLoad.join();
                report.line("  webhook-to-SSE on another shop during this load: %d probes, %s; %d later than %s",
                        loaded.count(), loaded.summary(), probe.late(), SseLatencyProbe.PATIENCE);
                applyStart = System.nanoTime();
                balanced &= check(report, goal, app, shopId) & clean(report, hooksOpen) & clean(report, healthOpen);
                report.line("  webhook worker: backlog applied %.1f s after the load ended",
                        (System.nanoTime() - applyStart) / 1e9);
                balanced &= check(report, probeTraffic, app, probeShopId);
            }
            report.line("");
            report.line("Load average at the end: %s", BenchmarkReport.loadAverage());
            report.line(balanced ? "Books balance: zero loss, retries deduplicated."
                    : "FAILED: the books do not balance or requests failed (see above).");
        }
        report.write(Path.of(System.getProperty("benchmark.report", "target/WebhookBenchmark.txt")));
        System.exit(balanced ? 0 : 1);
    }

    private static WebhookTraffic traffic(List<WebhookTraffic> all, URI server, String shop, String run,
            long firstOrderId, double retries, List<Long> customers, Instant placed) {
        WebhookTraffic traffic = new WebhookTraffic(server, shop, Webhooks.SECRET, run, firstOrderId, retries,
                customers, placed);
        all.add(traffic);
        return traffic;
    }

    private static double ratio(LoadDriver.Result a, LoadDriver.Result b, double q) {
        return a.latencies().percentileMillis(q) / b.latencies().percentileMillis(q);
    }

    private static boolean clean(BenchmarkReport report, LoadDriver.Result result) {
        if (result.failed() > 0) {
            report.line("  FAILED requests of %s: %d, first: %s", result.name(), result.failed(), result.errors());
        }
        return result.failed() == 0;
    }

    private static boolean check(BenchmarkReport report, WebhookTraffic traffic, LoadApp app, long shopId)
            throws Exception {
        WebhookTraffic.Bookkeeping books = traffic.check(app.dataSource(), shopId, Duration.ofMinutes(10));
        report.line("  books: %s%s", books.line(), books.holds() ? "" : "  <- DO NOT BALANCE");
        return books.holds();
    }
}
