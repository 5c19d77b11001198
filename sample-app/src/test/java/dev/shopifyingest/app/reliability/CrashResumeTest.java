package dev.shopifyingest.app.reliability;

import dev.shopifyingest.app.AppProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Crash-resume: the real app process backfills a FakeShopify store and is killed with SIGKILL at
 * random points of the backfill, then started again with the same environment, each time. Nobody
 * clicks anything after a restart: the app must resume the interrupted sync by itself, from its
 * checkpoints. At the end the database equals the store exactly: every table's rows, by count and
 * by content.
 *
 * <p>In {@code verify}: 1,500 orders, 2 kills. Full size, a documented command (see
 * {@code docs/reliability.md}): {@code -Dreliability.orders=50000 -Dreliability.kills=5}.
 * {@code -Dreliability.seed} chooses the kill points.
 */
class CrashResumeTest {

    private static final int ORDERS = Integer.getInteger("reliability.orders", 1_500);
    private static final int KILLS = Integer.getInteger("reliability.kills", 2);
    private static final long SEED = Long.getLong("reliability.seed", 20261127L);
    private static final String DOMAIN = "demo-store.myshopify.com";
    private static final Duration STALL = Duration.ofMinutes(2);

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    @Test
    void aBackfillKilledWithSigkillAtRandomPointsResumesAfterEachRestartAndEqualsTheStore() throws Exception {
        Instant began = Instant.now();
        // Throttling is not what this suite is about (the chaos suite throttles): a bucket this large
        // lets the backfill run at the speed of the app and the database.
        try (FakeShopify shopify = FakeShopify.builder()
                        .store(StoreFixture.builder().orders(ORDERS).seed(7).build())
                        .throttle(new ThrottleSettings(1_000_000, 1_000_000))
                        .start();
                AppProcess app = AppProcess.prepare(db, shopify, "crash-resume")) {
            StoreDigest expected = StoreDigest.of(shopify.store());
            long entities = expected.counts().get("customers") + expected.counts().get("products")
                    + expected.counts().get("orders");
            List<Long> killPoints = killPoints(entities);

            app.start();
            StoredShop shop = new StoredShop(db.dataSource(),
                    Merchant.signUpAndConnect(app.uri(), "crash@example.com", DOMAIN));
            List<Long> storedAtKill = new ArrayList<>();
            for (long point : killPoints) {
                awaitBackfill("the backfill to store " + point + " of " + entities + " entities", shop,
                        () -> shop.entities() >= point || shop.syncFinished());
                assertThat(shop.syncFinished()).as("the backfill ended before kill point %d", point).isFalse();
                app.kill();
                storedAtKill.add(shop.entities());
                app.start();
            }
            awaitBackfill("the resumed backfill to finish", shop, () -> shop.syncFinished());
            Duration elapsed = Duration.between(began, Instant.now());

            StoreDigest stored = StoreDigest.of(db.dataSource(), shop.shopId());
            assertThat(stored.differencesFrom(expected)).isEmpty();
            assertThat(stored.counts()).isEqualTo(expected.counts());
            assertThat(stored.checksum()).isEqualTo(expected.checksum());
            String log = Files.readString(app.log());
            long resumes = log.lines().filter(line -> line.contains("Resuming the full pass")).count();
            long graphqlRequests = shopify.requests().stream().filter(r -> r.isGraphql()).count();

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("orders in the store", ORDERS);
            figures.put("kills (SIGKILL) survived", KILLS);
            figures.put("kill points (entities stored when killed, of " + entities + ")", storedAtKill);
            figures.put("app starts", app.starts());
            figures.put("passes resumed from a checkpoint (app log)", resumes);
            figures.put("GraphQL requests served", graphqlRequests);
            figures.put("rows per table, stored = expected", stored.counts());
            figures.put("content checksum, stored = expected", "`" + stored.checksum().substring(0, 16) + "…`");
            figures.put("run time (fixture, starts, backfill, comparison)", elapsed.toSeconds() + " s");
            ReliabilityReport.append("Crash-resume", figures);
        }
    }

    /** {@link #KILLS} distinct random points, in entities stored, between 5 % and 90 % of the backfill. */
    private static List<Long> killPoints(long entities) {
        Random random = new Random(SEED);
        TreeSet<Long> points = new TreeSet<>();
        while (points.size() < KILLS) {
            points.add((long) (entities * (0.05 + 0.85 * random.nextDouble())));
        }
        return List.copyOf(points);
    }

    /**
     * Polls until {@code done}, failing as soon as the backfill stops making progress (no entity
     * stored for two minutes: a sync that was not resumed), or at a deadline scaled to the store.
     */
    private static void awaitBackfill(String what, StoredShop shop, BooleanSupplier done) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10).plusMillis(ORDERS * 40L));
        long stored = shop.entities();
        Instant progressed = Instant.now();
        while (!done.getAsBoolean()) {
            long now = shop.entities();
            if (now != stored) {
                stored = now;
                progressed = Instant.now();
            }
            if (Instant.now().isAfter(progressed.plus(STALL))) {
                throw new AssertionError("Waiting for " + what + ": no progress for " + STALL + " at " + stored
                        + " entities stored (was the interrupted sync resumed?)");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            AppProcess.pause();
        }
    }

}
