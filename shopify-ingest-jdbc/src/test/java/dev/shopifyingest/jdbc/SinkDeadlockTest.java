package dev.shopifyingest.jdbc;

import static dev.shopifyingest.jdbc.TestStores.at;
import static dev.shopifyingest.jdbc.TestStores.customer;
import static dev.shopifyingest.jdbc.TestStores.domain;
import static dev.shopifyingest.jdbc.TestStores.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sync batch and another transaction (the webhook processor, in the app) may lock the same rows
 * in opposite orders; PostgreSQL then aborts one of them. An aborted batch is stored by trying again.
 */
class SinkDeadlockTest {

    @RegisterExtension
    static final PostgresDatabase db = TestStores.migratedDatabase();

    @Test
    void aBatchAbortedByADeadlockIsStoredWhenTriedAgain() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(2);
        // The batch's session looks for deadlocks after 5 s of waiting, the other's after 120 s: the
        // cycle is complete well before, so the batch is the one PostgreSQL aborts.
        config.setConnectionInitSql("set deadlock_timeout = '5s'");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            PostgresStore store = TestStores.store(pool, new TestClock(at(1_000)));
            long shopId = store.shops().register(token("deadlocked")).shopId();
            ShopDomain shop = domain("deadlocked");
            store.sink().accept(new IngestBatch(shop, List.of(customer(1, at(10), "Ann"), customer(2, at(10), "Bob")),
                    List.of(), null));
            long deadlocksBefore = deadlocks();

            CompletableFuture<Void> batch;
            try (Connection other = db.dataSource().getConnection()) {
                other.setAutoCommit(false);
                execute(other, "set deadlock_timeout = '120s'");
                execute(other, "select 1 from shopify_ingest.customers where shop_id = " + shopId
                        + " and id = 2 for update");
                batch = CompletableFuture.runAsync(() -> store.sink().accept(new IngestBatch(shop,
                        List.of(customer(1, at(20), "Ann"), customer(2, at(20), "Bob")), List.of(), null)));
                awaitBlockedBy(other);
                // Waits for customer 1, which the batch holds while it waits for customer 2: a cycle.
                execute(other, "update shopify_ingest.customers set phone = 'other' where shop_id = " + shopId
                        + " and id = 1");
                other.commit();
            }
            batch.get(60, TimeUnit.SECONDS);

            assertThat(deadlocks()).as("PostgreSQL detected the deadlock").isEqualTo(deadlocksBefore + 1);
            TenantStore tenant = store.forShop(shopId);
            assertThat(tenant.customers().find(1).orElseThrow().updatedAt()).isEqualTo(at(20));
            assertThat(tenant.customers().find(2).orElseThrow().updatedAt()).isEqualTo(at(20));
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long deadlocks() throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "select deadlocks from pg_stat_database where datname = current_database()")) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Polls, with a deadline, until a session waits for a lock the given connection holds. */
    private static void awaitBlockedBy(Connection holder) throws Exception {
        int holderPid;
        try (Statement statement = holder.createStatement();
                ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
            row.next();
            holderPid = row.getInt(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection observer = db.dataSource().getConnection();
                PreparedStatement blocked = observer.prepareStatement(
                        "select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))")) {
            blocked.setInt(1, holderPid);
            while (System.nanoTime() < deadline) {
                try (ResultSet row = blocked.executeQuery()) {
                    row.next();
                    if (row.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(10); // polling with a deadline, not standing in for synchronisation
            }
        }
        throw new AssertionError("The batch never waited for the other transaction's lock");
    }
}
