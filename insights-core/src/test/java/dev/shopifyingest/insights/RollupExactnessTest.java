package dev.shopifyingest.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Refund;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rollups are exact: after a seeded, randomized history of writes (versions arriving out of
 * order, stale versions, refunds on later days, cancellations, test flags, customers reassigned,
 * lines replaced, tombstones, resurrections, rows deleted outright, orders at local midnights and
 * at daylight-saving transitions), every figure read from the rollups equals the same figure
 * computed from the order rows by {@link RawInsights}, for random ranges, every exclusion mode and
 * every granularity; a rebuild changes no rollup row; and all of this still holds after the shop
 * moves to another time zone.
 */
class RollupExactnessTest {

    @RegisterExtension
    static final PostgresDatabase db = InsightsDatabases.migrated();

    private static HikariDataSource pool;

    private static final Instant END = Instant.parse("2026-04-20T00:00:00Z");
    private static final Duration PERIOD = Duration.ofDays(200);
    private static final long EXTRA_ORDER_IDS = 7_000_000_000L;
    private static final long EXTRA_REFUND_IDS = 8_000_000_000L;
    private static final long EXTRA_LINE_IDS = 9_000_000_000L;

    @BeforeAll
    static void openPool() {
        pool = InsightsDatabases.pool(db);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    static Stream<Arguments> zones() {
        return Stream.of(
                Arguments.of("America/New_York", 11L, "Europe/Berlin"),
                Arguments.of("Europe/Berlin", 12L, "Asia/Kathmandu"),
                Arguments.of("Australia/Lord_Howe", 13L, "America/New_York"),
                Arguments.of("Asia/Kathmandu", 14L, "Australia/Lord_Howe"));
    }

    private record Delivery(Order version, long deletedId, Instant deletedAt) {
        long id() {
            return version != null ? version.id() : deletedId;
        }
    }

    @ParameterizedTest(name = "{0}, then {2}")
    @MethodSource("zones")
    void everyFigureFromRollupsEqualsTheSameFigureFromOrderRows(String zone, long seed, String laterZone) {
        SinkTables sink = new SinkTables(pool);
        long shop = sink.registerShop("exact-" + seed + ".myshopify.com", zone, "USD");
        StoreFixture fixture = StoreFixture.builder().seed(seed).orders(500).customers(70).products(25).end(END)
                .period(PERIOD).timeZone(ZoneId.of(zone)).build();
        Random random = new Random(seed);
        Instant now = END.plus(Duration.ofDays(60));

        // Customers and products first, in batches; a few customers deleted, a few products never stored.
        List<Integer> customerIndexes = IntStream.range(0, fixture.customerCount()).boxed().toList();
        for (int i = 0; i < customerIndexes.size(); i += 25) {
            sink.upsertCustomers(shop, customerIndexes.subList(i, Math.min(i + 25, customerIndexes.size())).stream()
                    .map(c -> FakeRows.customer(fixture.customer(c))).toList(), now);
        }
        sink.deleteCustomers(shop, Map.of(StoreFixture.customerId(3), now, StoreFixture.customerId(40), now), now);
        sink.upsertProducts(shop, IntStream.range(3, fixture.productCount())
                .mapToObj(p -> FakeRows.product(fixture.product(p))).toList(), now);

        deliver(sink, shop, deliveries(fixture, ZoneId.of(zone), random), random, now);
        deleteRowsOutright(shop, List.of(StoreFixture.orderId(7), StoreFixture.orderId(123), StoreFixture.orderId(321)));

        assertRollupsMatchOrderRows(shop, fixture, ZoneId.of(zone), random);
        assertRebuildChangesNothing(shop);

        sink.setTimeZone(shop, laterZone);
        assertRollupsMatchOrderRows(shop, fixture, ZoneId.of(laterZone), random);
        assertRebuildChangesNothing(shop);
    }

    /** Every version of every order, extra versions and deletions, in a random arrival order. */
    private static List<Delivery> deliveries(StoreFixture fixture, ZoneId zone, Random random) {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < fixture.orderCount(); i++) {
            orders.add(FakeRows.order(fixture.order(i), "USD"));
        }
        // Orders placed exactly at, and a second around, local midnights and daylight-saving transitions.
        List<Instant> edges = new ArrayList<>();
        Instant t = fixture.start();
        while (t.isBefore(END)) {
            ZoneOffsetTransition transition = zone.getRules().nextTransition(t);
            if (transition == null || !transition.getInstant().isBefore(END)) {
                break;
            }
            Instant at = transition.getInstant();
            LocalDate day = LocalDate.ofInstant(at, zone);
            for (Instant edge : List.of(at, at.minusSeconds(1), day.atStartOfDay(zone).toInstant(),
                    day.atStartOfDay(zone).toInstant().minusSeconds(1), day.plusDays(1).atStartOfDay(zone).toInstant(),
                    day.plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1))) {
                edges.add(edge);
            }
            t = at.plusSeconds(1);
        }
        for (int k = 0; k < 30; k++) {
            LocalDate day = LocalDate.ofInstant(fixture.start(), zone).plusDays(random.nextInt(200));
            edges.add(day.atStartOfDay(zone).toInstant().plusSeconds(random.nextInt(3) - 1));
        }
        for (int e = 0; e < edges.size(); e++) {
            int k = e;
            Order model = orders.get(random.nextInt(orders.size()));
            Order extra = new Order(EXTRA_ORDER_IDS + k, "#X" + k, model.customerId(), model.email(), edges.get(k),
                    edges.get(k), edges.get(k).plusSeconds(5), null, null, model.test(), model.financialStatus(),
                    model.fulfillmentStatus(), "USD", model.subtotal(), model.totalDiscounts(),
                    model.totalShipping(), model.totalTax(), model.totalPrice(), model.totalPrice(),
                    BigDecimal.ZERO, model.totalPrice(), model.lineItems().stream()
                            .map(l -> new LineItem(l.id() + EXTRA_LINE_IDS + 10L * k, l.productId(), l.variantId(),
                                    l.title(), l.variantTitle(), l.sku(), l.quantity(), l.currentQuantity(),
                                    l.originalUnitPrice(), l.discountedTotal(), l.totalDiscount()))
                            .toList(), List.of(), "{}");
            orders.add(extra);
        }

        List<Delivery> deliveries = new ArrayList<>();
        long refundId = EXTRA_REFUND_IDS;
        for (Order last : orders) {
            if (!last.refunds().isEmpty() || last.cancelledAt() != null) {
                // As first placed: before its refunds and cancellation.
                deliveries.add(new Delivery(FakeRows.with(last, last.processedAt(), last.processedAt(), null,
                        last.test(), List.of()), 0, null));
            }
            deliveries.add(new Delivery(last, 0, null));
            Order newest = last;
            Instant at = last.updatedAt().plusSeconds(60);
            double change = random.nextDouble();
            if (change < 0.06) {
                // Processed a few hours earlier or later: often another local day.
                newest = FakeRows.with(newest, newest.processedAt().plusSeconds((random.nextInt(13) - 6) * 3600L), at,
                        newest.cancelledAt(), newest.test(), newest.refunds());
            } else if (change < 0.12) {
                // A late refund, days after the order.
                BigDecimal amount = newest.currentTotalPrice().min(new BigDecimal("9.99"));
                List<Refund> refunds = new ArrayList<>(newest.refunds());
                refunds.add(new Refund(refundId++, newest.processedAt().plus(Duration.ofDays(1 + random.nextInt(40)))
                        .plusSeconds(random.nextInt(86_400)), amount, "late"));
                newest = FakeRows.with(newest, newest.processedAt(), at, newest.cancelledAt(), newest.test(), refunds);
            } else if (change < 0.15) {
                newest = FakeRows.with(newest, newest.processedAt(), at, newest.cancelledAt(), !newest.test(),
                        newest.refunds());
            } else if (change < 0.19) {
                newest = FakeRows.with(newest, newest.processedAt(), at, newest.cancelledAt() == null ? at : null,
                        newest.test(), newest.refunds());
            } else if (change < 0.23) {
                Long other = random.nextInt(4) == 0 ? null : StoreFixture.customerId(random.nextInt(fixture.customerCount()));
                newest = FakeRows.withCustomer(newest, other, at);
            } else if (change < 0.27) {
                List<LineItem> lines = new ArrayList<>(newest.lineItems());
                LineItem first = lines.remove(0);
                lines.add(new LineItem(first.id(), random.nextBoolean() ? null : first.productId(), first.variantId(),
                        first.title(), first.variantTitle(), first.sku(), first.quantity() + 1,
                        first.currentQuantity(), first.originalUnitPrice(), first.discountedTotal()
                                .add(first.originalUnitPrice()), first.totalDiscount()));
                newest = FakeRows.withLines(newest, lines, at);
            }
            if (newest != last) {
                deliveries.add(new Delivery(newest, 0, null));
                at = at.plusSeconds(60);
            }
            if (random.nextDouble() < 0.05) {
                deliveries.add(new Delivery(null, last.id(), at));
                if (random.nextDouble() < 0.4) {
                    // Re-created after the deletion (a newer version wins over the tombstone).
                    deliveries.add(new Delivery(FakeRows.with(newest, newest.processedAt(), at.plusSeconds(60),
                            newest.cancelledAt(), newest.test(), newest.refunds()), 0, null));
                }
            }
        }
        Collections.shuffle(deliveries, random);
        return deliveries;
    }

    /** Delivers in batches of random size, one version per order in a batch, as the sink receives them. */
    private static void deliver(SinkTables sink, long shop, List<Delivery> deliveries, Random random, Instant now) {
        List<Order> versions = new ArrayList<>();
        Map<Long, Instant> deletions = new LinkedHashMap<>();
        Set<Long> inBatch = new HashSet<>();
        int size = 1 + random.nextInt(60);
        for (Delivery delivery : deliveries) {
            if (inBatch.contains(delivery.id()) || inBatch.size() >= size) {
                flush(sink, shop, versions, deletions, now);
                inBatch.clear();
                size = 1 + random.nextInt(60);
            }
            inBatch.add(delivery.id());
            if (delivery.version() != null) {
                versions.add(delivery.version());
            } else {
                deletions.put(delivery.deletedId(), delivery.deletedAt());
            }
        }
        flush(sink, shop, versions, deletions, now);
    }

    private static void flush(SinkTables sink, long shop, List<Order> versions, Map<Long, Instant> deletions,
            Instant now) {
        if (!versions.isEmpty()) {
            sink.upsertOrders(shop, versions, now);
            versions.clear();
        }
        if (!deletions.isEmpty()) {
            sink.deleteOrders(shop, deletions, now);
            deletions.clear();
        }
    }

    /** Deletes order rows outright (not what the sink does: it keeps tombstones), as the application. */
    private static void deleteRowsOutright(long shop, List<Long> ids) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("set local role shopify_ingest_app; set local search_path = shopify_ingest;"
                        + " set local shopify_ingest.shop_id = '" + shop + "'");
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "delete from orders where shop_id = ? and id = any(?::bigint[])")) {
                statement.setLong(1, shop);
                statement.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
                statement.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRollupsMatchOrderRows(long shop, StoreFixture fixture, ZoneId zone, Random random) {
        Insights insights = Insights.builder().dataSource(pool).build();
        RawInsights raw = RawInsights.builder().dataSource(pool).build();
        LocalDate first = LocalDate.ofInstant(fixture.start(), zone).minusDays(3);
        LocalDate last = LocalDate.ofInstant(END, zone).plusDays(45);
        List<InsightsQuery> queries = new ArrayList<>();
        queries.add(InsightsQuery.of(shop, first, first.plusDays(InsightsQuery.MAX_DAYS - 1)));
        for (ZoneOffsetTransition transition : transitions(zone, fixture.start(), END)) {
            LocalDate day = LocalDate.ofInstant(transition.getInstant(), zone);
            queries.add(InsightsQuery.of(shop, day, day));
            queries.add(InsightsQuery.of(shop, day.minusDays(1), day.plusDays(1)));
        }
        int span = (int) (last.toEpochDay() - first.toEpochDay());
        for (int k = 0; k < 16; k++) {
            LocalDate from = first.plusDays(random.nextInt(span));
            int days = switch (k % 4) {
                case 0 -> 1 + random.nextInt(3);
                case 1 -> 5 + random.nextInt(40);
                case 2 -> 30 + random.nextInt(200);
                default -> 200 + random.nextInt(InsightsQuery.MAX_DAYS - 200);
            };
            queries.add(InsightsQuery.of(shop, from, from.plusDays(days - 1)));
        }
        Granularity[] granularities = Granularity.values();
        for (int q = 0; q < queries.size(); q++) {
            InsightsQuery base = queries.get(q);
            for (int mode = 0; mode < 4; mode++) {
                InsightsQuery query = base.toBuilder().includeCancelled((mode & 1) != 0).includeTest((mode & 2) != 0)
                        .build();
                String what = query + " in " + zone;
                assertThat(insights.summary(query)).as("summary of %s", what).isEqualTo(raw.summary(query));
                Granularity granularity = granularities[(q + mode) % granularities.length];
                assertThat(insights.series(query, granularity)).as("%s series of %s", granularity, what)
                        .isEqualTo(raw.series(query, granularity));
                int limit = 1 + random.nextInt(q % 3 == 0 ? 100 : 12);
                assertThat(insights.topCustomers(query, limit)).as("top %d customers of %s", limit, what)
                        .isEqualTo(raw.topCustomers(query, limit));
                ProductRanking ranking = ProductRanking.values()[(q + mode) % 2];
                assertThat(insights.topProducts(query, limit, ranking)).as("top %d products by %s of %s", limit,
                        ranking, what).isEqualTo(raw.topProducts(query, limit, ranking));
            }
        }
    }

    private static List<ZoneOffsetTransition> transitions(ZoneId zone, Instant from, Instant to) {
        List<ZoneOffsetTransition> transitions = new ArrayList<>();
        ZoneOffsetTransition next = zone.getRules().nextTransition(from);
        while (next != null && next.getInstant().isBefore(to)) {
            transitions.add(next);
            next = zone.getRules().nextTransition(next.getInstant());
        }
        return transitions;
    }

    private static void assertRebuildChangesNothing(long shop) {
        Map<String, List<String>> incremental = RollupSnapshots.of(pool, shop);
        Insights.builder().dataSource(pool).build().rebuild(shop);
        Map<String, List<String>> rebuilt = RollupSnapshots.of(pool, shop);
        for (String table : RollupSnapshots.TABLES) {
            assertThat(rebuilt.get(table)).as("%s after a rebuild", table)
                    .containsExactlyElementsOf(incremental.get(table));
        }
    }
}
