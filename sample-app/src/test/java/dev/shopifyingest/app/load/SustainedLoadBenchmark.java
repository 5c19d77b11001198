package dev.shopifyingest.app.load;

import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.webhooks.Webhooks;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sustained-load run of {@code docs/performance.md}: for two minutes, at once, dashboard users
 * (default 50, logging in, then loading summary, series and top customers for date ranges, with a
 * think time), signed webhooks at a fixed rate (default 500/s, open model, 10 % retries) and a
 * running sync (the connected store's first full sync, paced by Shopify Plus's query-cost bucket,
 * then "sync now" again whenever one ends). Reports errors (must be zero), p95 dashboard and
 * webhook latency, webhook-to-SSE latency on a second shop, and the webhook books.
 *
 * <p>Options as system properties: {@code benchmark.runSeconds} (120), {@code benchmark.users} (50),
 * {@code benchmark.thinkMillis} (1000), {@code benchmark.webhookRate} (500),
 * {@code benchmark.syncOrders} (4000), {@code benchmark.retries} (0.10), {@code benchmark.durable}
 * (true). Exits with 1 on any error or when the books do not balance.
 */
public final class SustainedLoadBenchmark {

    /**
     * Threads for the phases that run side by side. Not the common pool: it has one worker on two
     * cores, and a phase blocking it would also stall the JDK HttpClient's own asynchronous work.
     */
    private static final java.util.concurrent.Executor BACKGROUND = java.util.concurrent.Executors
            .newCachedThreadPool(Thread.ofPlatform().daemon().name("benchmark-phase-", 1).factory());

    private SustainedLoadBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args none; options are system properties
     */
    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("benchmark.runSeconds", 120));
        int userCount = Integer.getInteger("benchmark.users", 50);
        Duration think = Duration.ofMillis(Long.getLong("benchmark.thinkMillis", 1000));
        double rate = Double.parseDouble(System.getProperty("benchmark.webhookRate", "500"));
        int syncOrders = Integer.getInteger("benchmark.syncOrders", 4000);
        double retries = Double.parseDouble(System.getProperty("benchmark.retries", "0.10"));
        boolean durable = Boolean.parseBoolean(System.getProperty("benchmark.durable", "true"));

        BenchmarkReport report = new BenchmarkReport();
        report.line("Sustained load, %s; %d processors; load average %s", Instant.now(),
                Runtime.getRuntime().availableProcessors(), BenchmarkReport.loadAverage());
        report.line("The app in its own JVM (%s), the drivers in this one", LoadApp.appJvm());
        report.line("%d dashboard users (think time %d ms) + %.0f webhooks/s (open model, %.0f%% retries)"
                + " + a running sync of a %,d-order store, for %s; PostgreSQL %s", userCount, think.toMillis(), rate,
                retries * 100, syncOrders, duration, durable ? "durable" : "ephemeral");
        boolean clean;
        try (LoadApp app = LoadApp.start(durable, syncOrders, ThrottleSettings.PLUS, "sustained-load")) {
            Map<Long, String> users = app.signUpUsers(userCount);
            long probeShopId = app.registerShop("probe-store.myshopify.com");
            long shopId = app.connectShop();
            app.addMembers(users.keySet(), shopId);

            WebhookTraffic hooks = new WebhookTraffic(app.uri(), app.fake().shopDomain(), Webhooks.SECRET, "sustained",
                    500_000_000L, retries, app.customerIds(), Instant.now());
            WebhookTraffic probeTraffic = new WebhookTraffic(app.uri(), "probe-store.myshopify.com", Webhooks.SECRET,
                    "sustained-probe", 900_000_000L, 0, app.customerIds(), Instant.now());
            SyncLoop sync = new SyncLoop(app.owner(), shopId);
            CompletableFuture<LoadDriver.Result> webhooks = CompletableFuture.supplyAsync(() -> {
                try {
                    return LoadDriver.open("webhooks", app.uri(), hooks, rate, duration);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, BACKGROUND);
            CompletableFuture<Void> syncs = CompletableFuture.runAsync(() -> sync.run(duration), BACKGROUND);
            Latencies sse;
            int sseLate;
            DashboardUsers.Tally dashboard;
            try (SseLatencyProbe probe = SseLatencyProbe.open(app.uri(), probeShopId, app.ownerCookie(),
                    probeTraffic)) {
                CompletableFuture<Latencies> probes = CompletableFuture.supplyAsync(() -> {
                    try {
                        return probe.run(Integer.MAX_VALUE, duration);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, BACKGROUND);
                dashboard = DashboardUsers.run(app, shopId, users, think, duration);
                sse = probes.join();
                sseLate = probe.late();
            }
            LoadDriver.Result hooksResult = webhooks.join();
            syncs.join();

            report.line("");
            report.line("dashboard:  %,d requests, %,d errors, %.0f/s, %s", dashboard.requests.get(),
                    dashboard.errors.get(), dashboard.requests.get() / (duration.toMillis() / 1000.0),
                    dashboard.all.summary());
            report.line("            log-ins: %s", dashboard.logIns.summary());
            if (!dashboard.firstErrors.isEmpty()) {
                report.line("            first errors: %s", dashboard.firstErrors);
            }
            report.line("webhooks:   %s", hooksResult.line());
            if (!hooksResult.errors().isEmpty()) {
                report.line("            first errors: %s", hooksResult.errors());
            }
            report.line("sync:       %s", sync.summary());
            report.line("webhook-to-SSE on another shop: %d probes, %s; %d later than %s", sse.count(), sse.summary(),
                    sseLate, SseLatencyProbe.PATIENCE);
            WebhookTraffic.Bookkeeping books = hooks.check(app.dataSource(), shopId, Duration.ofMinutes(10));
            report.line("books:      %s%s", books.line(), books.holds() ? "" : "  <- DO NOT BALANCE");
            WebhookTraffic.Bookkeeping probeBooks = probeTraffic.check(app.dataSource(), probeShopId,
                    Duration.ofMinutes(1));
            long errors = dashboard.errors.get() + hooksResult.failed() + sync.errors.get();
            clean = errors == 0 && books.holds() && probeBooks.holds();
            report.line("");
            report.line("Load average at the end: %s", BenchmarkReport.loadAverage());
            report.line(clean ? "Zero errors; books balance." : "FAILED: %d errors, or the books do not balance.",
                    errors);
        }
        report.write(Path.of(System.getProperty("benchmark.report", "target/SustainedLoadBenchmark.txt")));
        System.exit(clean ? 0 : 1);
    }

    /** Keeps a sync running: whenever the shop is connected again, asks for another one ("Sync now"). */
    private static final class SyncLoop {
        private final Browser owner;
        private final long shopId;
        final AtomicLong errors = new AtomicLong();
        private long polls;
        private long syncingPolls;
        private long started;
        private final List<String> problems = new ArrayList<>();

        SyncLoop(Browser owner, long shopId) {
            this.owner = owner;
            this.shopId = shopId;
        }

        void run(Duration duration) {
            long end = System.nanoTime() + duration.toNanos();
            try {
                while (System.nanoTime() < end) {
                    Browser.Reply shop = owner.get("/api/shops/" + shopId);
                    String status = shop.status() == 200 ? shop.json().path("status").asText() : "HTTP " + shop.status();
                    polls++;
                    switch (status) {
                        case "connecting", "syncing" -> syncingPolls++;
                        case "connected" -> syncNow();
                        case "error" -> {
                            // One failed sync is one error; then the merchant presses "Sync now", which resumes it.
                            problem("a sync failed: " + shop.json().path("statusDetail").asText());
                            syncNow();
                        }
                        default -> problem("the shop became " + status + ": " + shop.body());
                    }
                    Thread.sleep(1000); // polling the shop's status once a second, as the stores page does
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                problem(e.toString());
            }
        }

        private void syncNow() {
            Browser.Reply sync = owner.postJson("/api/shops/" + shopId + "/sync", "{}");
            if (sync.status() == 202) {
                started++;
            } else {
                problem("sync now answered " + sync.status());
            }
        }

        private void problem(String what) {
            errors.incrementAndGet();
            if (problems.size() < 5) {
                problems.add(what);
            }
        }

        String summary() {
            return String.format(java.util.Locale.ROOT, "syncing at %d of %d status polls (1/s); %d further syncs"
                    + " started; %d errors%s", syncingPolls, polls, started, errors.get(),
                    problems.isEmpty() ? "" : " " + problems);
        }
    }
}
