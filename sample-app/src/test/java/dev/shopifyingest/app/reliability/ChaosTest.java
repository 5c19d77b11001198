package dev.shopifyingest.app.reliability;

import dev.shopifyingest.app.AppProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.fault.Endpoint;
import dev.shopifyingest.testkit.fault.Fault;
import dev.shopifyingest.testkit.fault.FaultKind;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chaos: the real app process backfills a FakeShopify whose Admin API fails as Shopify's does on
 * a bad day: 10 % of GraphQL requests answered 5xx, 5 % reset, 5 % slow, and THROTTLED and 429
 * replies at fixed points. The sync completes without anyone's help and converges exactly, and the
 * app's log names each kind of fault in one line, without a stack trace.
 *
 * <p>A second run syncs every pass through bulk exports and cuts the first result file short: the
 * download is noticed as incomplete (fewer lines than Shopify counted), fetched again, and the sync
 * still converges exactly.
 *
 * <p>In {@code verify}: 500 orders. {@code -Dreliability.chaosOrders} scales the store.
 */
class ChaosTest {

    private static final int ORDERS = Integer.getInteger("reliability.chaosOrders", 500);
    private static final long SEED = Long.getLong("reliability.seed", 20261127L);
    private static final String DOMAIN = "demo-store.myshopify.com";
    private static final String BULK_DOMAIN = "bulk-store.myshopify.com";

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    @Test
    void aSyncAgainstAFaultyShopifyCompletesConvergesAndLogsEachFaultKindOnce() throws Exception {
        Instant began = Instant.now();
        try (FakeShopify shopify = FakeShopify.builder()
                        .store(StoreFixture.builder().orders(ORDERS).seed(13).build())
                        .throttle(new ThrottleSettings(1_000_000, 1_000_000))
                        .start();
                AppProcess app = AppProcess.prepare(db, shopify, "chaos")) {
            app.start();
            // Armed before the connect: its own Admin API calls (shop, webhook subscriptions) meet them too.
            // Unrelated seeds: java.util.Random's first draws for neighbouring seeds are alike, and a
            // request goes to the first rule that selects it.
            shopify.faults().rate(Endpoint.GRAPHQL, 0.10, SEED, Fault.serverError(503));
            shopify.faults().rate(Endpoint.GRAPHQL, 0.05, SEED * 7_919 + 104_729, Fault.connectionReset());
            shopify.faults().rate(Endpoint.GRAPHQL, 0.05, SEED * 15_485_863 + 32_452_843,
                    Fault.slowResponse(Duration.ofMillis(300)));
            shopify.faults().at(Endpoint.GRAPHQL, Fault.throttled(), 12, 47);
            shopify.faults().at(Endpoint.GRAPHQL, Fault.tooManyRequests(Duration.ofSeconds(1)), 25, 61);
            StoredShop shop = new StoredShop(db.dataSource(),
                    Merchant.signUpAndConnect(app.uri(), "chaos@example.com", DOMAIN));

            StoreDigest stored = awaitConverged(shop, shopify);
            Duration elapsed = Duration.between(began, Instant.now());

            long serverErrors = shopify.faults().fired(FaultKind.SERVER_ERROR);
            long resets = shopify.faults().fired(FaultKind.CONNECTION_RESET);
            long slow = shopify.faults().fired(FaultKind.SLOW_RESPONSE);
            long throttled = shopify.faults().fired(FaultKind.THROTTLED);
            long tooMany = shopify.faults().fired(FaultKind.TOO_MANY_REQUESTS);
            assertThat(List.of(serverErrors, resets, slow, throttled, tooMany)).allMatch(n -> n > 0);

            List<String> log = Files.readAllLines(app.log());
            List<String> warnings = log.stream().filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                    .toList();
            long stackFrames = log.stream().filter(line -> line.startsWith("\tat ")).count();
            assertThat(stackFrames).as("stack-trace lines in the app's log").isZero();
            // The client names each kind of retried failure once per shop and hour: "Further HTTP 503
            // failures for this shop in the next hour are logged at DEBUG."
            List<String> faultKinds = warnings.stream().filter(line -> line.contains("Further "))
                    .map(line -> line.substring(line.indexOf("Further ") + 8, line.indexOf(" failures for this shop")))
                    .toList();
            assertThat(faultKinds).as("kinds of fault named in the app's log, in order").doesNotHaveDuplicates()
                    .contains("HTTP 503", "throttled");

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("orders in the store", ORDERS);
            figures.put("GraphQL requests served", shopify.requests().stream().filter(r -> r.isGraphql()).count());
            figures.put("faults injected: 5xx (10 %)", serverErrors);
            figures.put("faults injected: connection resets (5 %)", resets);
            figures.put("faults injected: slow responses, 300 ms (5 %)", slow);
            figures.put("faults injected: THROTTLED / 429 Retry-After", throttled + " / " + tooMany);
            figures.put("fault kinds named in the app's log (one line each)", faultKinds);
            figures.put("warnings in the app's log, all told", warnings.size());
            figures.put("stack-trace lines in the app's log", stackFrames);
            figures.put("rows per table, stored = expected", stored.counts());
            figures.put("content checksum, stored = expected", "`" + stored.checksum().substring(0, 16) + "…`");
            figures.put("run time (fixture, start, connect, sync, comparison)", elapsed.toSeconds() + " s");
            ReliabilityReport.append("Chaos", figures);
        }
    }

    @Test
    void aBulkSyncWhoseResultFileArrivesCutShortDownloadsItAgainAndConverges() throws Exception {
        Instant began = Instant.now();
        try (FakeShopify shopify = FakeShopify.builder()
                        .store(StoreFixture.builder().orders(ORDERS).seed(17).shopDomain(BULK_DOMAIN).build())
                        .throttle(new ThrottleSettings(1_000_000, 1_000_000))
                        .start();
                AppProcess app = AppProcess.prepare(db, shopify, "chaos-bulk").withEnvironment("SYNC_BULK_THRESHOLD", "0")) {
            app.start();
            shopify.faults().next(Endpoint.BULK_DOWNLOAD, 1, Fault.truncatedBody(0.5));
            shopify.faults().rate(Endpoint.GRAPHQL, 0.10, SEED, Fault.serverError(503));
            StoredShop shop = new StoredShop(db.dataSource(),
                    Merchant.signUpAndConnect(app.uri(), "chaos-bulk@example.com", BULK_DOMAIN));

            StoreDigest stored = awaitConverged(shop, shopify);
            Duration elapsed = Duration.between(began, Instant.now());

            long truncated = shopify.faults().fired(Endpoint.BULK_DOWNLOAD, FaultKind.TRUNCATED_BODY);
            assertThat(truncated).isEqualTo(1);
            List<String> log = Files.readAllLines(app.log());
            assertThat(log.stream().filter(line -> line.contains("the download was cut short")).count())
                    .as("lines naming the cut-short download").isEqualTo(1);
            assertThat(log.stream().filter(line -> line.startsWith("\tat ")).count())
                    .as("stack-trace lines in the app's log").isZero();

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("orders in the store, every pass in bulk", ORDERS);
            figures.put("bulk result files cut short", truncated);
            figures.put("faults injected: 5xx (10 %)", shopify.faults().fired(FaultKind.SERVER_ERROR));
            figures.put("rows per table, stored = expected", stored.counts());
            figures.put("content checksum, stored = expected", "`" + stored.checksum().substring(0, 16) + "…`");
            figures.put("run time (fixture, start, connect, sync, comparison)", elapsed.toSeconds() + " s");
            ReliabilityReport.append("Chaos: a bulk result file cut short", figures);
        }
    }

    /** Waits for the shop's sync to end, then asserts it succeeded and the database equals the store. */
    private static StoreDigest awaitConverged(StoredShop shop, FakeShopify shopify) throws Exception {
        StoredShop.await("the sync to finish", Duration.ofMinutes(10).plusMillis(ORDERS * 40L),
                () -> shop.syncFinished() || "FAILED".equals(shop.syncStatus()));
        assertThat(shop.syncStatus()).isEqualTo("IDLE");
        StoreDigest expected = StoreDigest.of(shopify.store());
        StoreDigest stored = StoreDigest.of(db.dataSource(), shop.shopId());
        assertThat(stored.differencesFrom(expected)).isEmpty();
        assertThat(stored.checksum()).isEqualTo(expected.checksum());
        return stored;
    }
}
