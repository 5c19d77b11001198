package dev.shopifyingest.app.reliability;

import dev.shopifyingest.app.AppProcess;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * What the database says about one stored shop, read as the test's superuser (which sees every
 * tenant): how much the sync has stored, whether it has finished, where the webhook inbox stands.
 *
 * @param dataSource the database
 * @param shopId     the shop
 */
record StoredShop(DataSource dataSource, long shopId) {

    /** Customers, products and orders stored (tombstones included). */
    long entities() {
        return queryLong("""
                select (select count(*) from shopify_ingest.customers where shop_id = ?)
                     + (select count(*) from shopify_ingest.products where shop_id = ?)
                     + (select count(*) from shopify_ingest.orders where shop_id = ?)""", 3);
    }

    /** The shop's sync is over: its status is idle and every type's checkpoint is idle. */
    boolean syncFinished() {
        return queryLong("""
                select count(*) from shopify_ingest.shops s
                where s.shop_id = ? and s.sync_status = 'IDLE'
                  and (select count(*) from shopify_ingest.sync_checkpoints c
                       where c.shop_id = s.shop_id and c.phase = 'IDLE') = 3""", 1) == 1;
    }

    /** The shop's sync status as the registry holds it ({@code SYNCING}, {@code IDLE}, {@code FAILED}…). */
    String syncStatus() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select sync_status from shopify_ingest.shops where shop_id = ?")) {
            statement.setLong(1, shopId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows in the shop's webhook inbox: one per distinct delivery ({@code X-Shopify-Webhook-Id}). */
    long inboxRows() {
        return queryLong("select count(*) from shopify_ingest.webhook_inbox where shop_id = ?", 1);
    }

    /** Inbox rows not yet applied. */
    long inboxPending() {
        return queryLong("select count(*) from shopify_ingest.webhook_inbox where shop_id = ? and status <> 'DONE'", 1);
    }

    private long queryLong(String sql, int parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 1; i <= parameters; i++) {
                statement.setLong(i, shopId);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Polls a condition until it holds.
     *
     * @throws AssertionError naming {@code what} when the timeout passes first
     */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            AppProcess.pause();
        }
    }
}
