package dev.shopifyingest.jdbc;

import static dev.shopifyingest.jdbc.TestStores.at;
import static dev.shopifyingest.jdbc.TestStores.customer;
import static dev.shopifyingest.jdbc.TestStores.domain;
import static dev.shopifyingest.jdbc.TestStores.order;
import static dev.shopifyingest.jdbc.TestStores.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChangeFeedTest {

    @RegisterExtension
    static final PostgresDatabase db = TestStores.migratedDatabase();

    static HikariDataSource pool;
    static PostgresStore store;

    @BeforeAll
    static void start() {
        pool = TestStores.loginPool(db);
        store = PostgresStore.builder()
                .dataSource(pool)
                .tokenCipher(TestStores.cipher("k1", 1))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    /** Collects events; {@link #next()} waits with a deadline. */
    static final class Collector implements ChangeListener {
        final BlockingQueue<ChangeEvent> events = new LinkedBlockingQueue<>();
        final CountDownLatch missed = new CountDownLatch(1);

        @Override
        public void onChange(ChangeEvent event) {
            events.add(event);
        }

        @Override
        public void onMissedChanges() {
            missed.countDown();
        }

        ChangeEvent next() throws InterruptedException {
            ChangeEvent event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an event within 10 s").isNotNull();
            return event;
        }
    }

    @Test
    void committedChangesArriveOnTheSubscribersOwnConnection() throws Exception {
        long shopId = store.shops().register(token("announced")).shopId();
        Collector collector = new Collector();
        try (ChangeSubscription subscription = store.changes().subscribe(shopId, collector)) {
            assertThat(subscription.awaitListening(Duration.ofSeconds(10))).isTrue();

            store.sink().accept(new IngestBatch(domain("announced"), List.of(order(7, null, at(1), "v", 1),
                    order(8, null, at(1), "v", 1)), List.of(new Deletion(EntityType.CUSTOMER, 3, at(1))), null));

            ChangeEvent upserted = collector.next();
            assertThat(upserted).isEqualTo(new ChangeEvent(shopId, ChangeEvent.Kind.UPSERTED, EntityType.ORDER,
                    List.of(7L, 8L), 2));
            assertThat(upserted.idsComplete()).isTrue();
            assertThat(collector.next()).isEqualTo(new ChangeEvent(shopId, ChangeEvent.Kind.DELETED,
                    EntityType.CUSTOMER, List.of(3L), 1));

            store.shops().updateSyncStatus(shopId, SyncStatus.IDLE, null);
            assertThat(collector.next()).isEqualTo(new ChangeEvent(shopId, ChangeEvent.Kind.SHOP_UPDATED, null,
                    List.of(), 1));
        }
    }

    @Test
    void aRolledBackTransactionAnnouncesNothing() throws Exception {
        long shopId = store.shops().register(token("silent")).shopId();
        Collector collector = new Collector();
        try (ChangeSubscription subscription = store.changes().subscribe(shopId, collector)) {
            assertThat(subscription.awaitListening(Duration.ofSeconds(10))).isTrue();

            assertThatThrownBy(() -> store.forShop(shopId).inTransaction(h -> {
                store.forShop(shopId); // unrelated
                h.createQuery("select pg_notify(:channel, '{\"v\":1,\"shop\":" + shopId
                                + ",\"kind\":\"UPSERTED\",\"type\":\"ORDER\",\"count\":1,\"ids\":[1]}')")
                        .bind("channel", store.changes().channel()).mapToMap().one();
                throw new IllegalStateException("roll back");
            })).isInstanceOf(IllegalStateException.class);
            store.forShop(shopId).apply(List.of(customer(1, at(1), "After")), List.of());

            assertThat(collector.next().type()).as("only the committed change").isEqualTo(EntityType.CUSTOMER);
            assertThat(collector.events).isEmpty();
        }
    }

    @Test
    void largeChangesAnnounceACountInsteadOfIds() throws Exception {
        long shopId = store.shops().register(token("bulk")).shopId();
        Collector collector = new Collector();
        try (ChangeSubscription subscription = store.changes().subscribe(shopId, collector)) {
            assertThat(subscription.awaitListening(Duration.ofSeconds(10))).isTrue();

            store.sink().accept(new IngestBatch(domain("bulk"),
                    LongStream.rangeClosed(1, 500).mapToObj(id -> customer(id, at(1), "C")).toList(), List.of(), null));

            ChangeEvent event = collector.next();
            assertThat(event.count()).isEqualTo(500);
            assertThat(event.ids()).isEmpty();
            assertThat(event.idsComplete()).isFalse();
        }
    }

    @Test
    void aLostConnectionIsReestablishedAndTheListenerToldItMayHaveMissedChanges() throws Exception {
        long shopId = store.shops().register(token("reconnected")).shopId();
        Collector collector = new Collector();
        try (ChangeSubscription subscription = store.changes().subscribe(shopId, collector)) {
            assertThat(subscription.awaitListening(Duration.ofSeconds(10))).isTrue();

            try (Connection admin = db.dataSource().getConnection(); Statement statement = admin.createStatement()) {
                statement.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where datname = current_database() and query ilike 'listen%'");
            }

            assertThat(collector.missed.await(10, TimeUnit.SECONDS)).as("told about the gap").isTrue();
            assertThat(subscription.awaitListening(Duration.ofSeconds(10))).isTrue();
            assertThat(subscription.connections()).isEqualTo(2);
            store.forShop(shopId).apply(List.of(customer(1, at(1), "After")), List.of());
            assertThat(collector.next().ids()).containsExactly(1L);
        }
    }

    @Test
    void readsOnlyTheStoresOwnPayloads() {
        assertThat(ChangeFeed.parse("hello")).isEmpty();
        assertThat(ChangeFeed.parse("{\"v\":1,\"shop\":1,\"kind\":\"NOPE\",\"count\":1}")).isEmpty();
        assertThat(ChangeFeed.parse("{\"v\":1,\"shop\":4,\"kind\":\"SHOP_ERASED\",\"count\":1}"))
                .contains(new ChangeEvent(4, ChangeEvent.Kind.SHOP_ERASED, null, List.of(), 1));
    }
}
