package dev.shopifyingest.insights;

import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * Runs units of work in transactions that act for one tenant, as the application role, so that
 * row-level security (not a {@code WHERE} clause) decides what is visible, even when the pool logs
 * in as the owner or a superuser.
 *
 * <p>Reads run in {@code REPEATABLE READ READ ONLY} transactions: every query of one call (a
 * dashboard, or the rounds of a top-customers search) sees the same snapshot. The first statement
 * of each transaction sets the isolation level, the role, the search path and the tenant
 * ({@code set_config('shopify_ingest.shop_id', …, true)}), all local to the transaction, in one
 * round trip.
 */
final class TenantReads {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Jdbi jdbi;
    private final String schema;
    private final String applicationRole;

    TenantReads(DataSource dataSource, String schema, String applicationRole) {
        this.jdbi = Jdbi.create(Objects.requireNonNull(dataSource, "dataSource")).installPlugin(new PostgresPlugin());
        this.schema = requireIdentifier(schema, "schema");
        this.applicationRole = requireIdentifier(applicationRole, "applicationRole");
    }

    static String requireIdentifier(String value, String what) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("The " + what + " must be a lower-case SQL identifier"
                    + " (letters, digits, underscores, at most 63 characters, not starting with a digit)"
                    + ", but was '" + value + "'");
        }
        return value;
    }

    String schema() {
        return schema;
    }

    String applicationRole() {
        return applicationRole;
    }

    /** Reads for {@code shopId} from one snapshot. */
    <T> T read(long shopId, String what, HandleCallback<T, RuntimeException> work) {
        return run("set transaction isolation level repeatable read, read only; " + prelude(shopId), what, work);
    }

    /** Reads and writes for {@code shopId} (rebuilds), at the store's isolation level. */
    <T> T write(long shopId, String what, HandleCallback<T, RuntimeException> work) {
        return run("set transaction isolation level read committed; " + prelude(shopId), what, work);
    }

    private String prelude(long shopId) {
        // shopId is a long: writing it into the statement cannot inject anything.
        return "set local role " + applicationRole + "; set local search_path = " + schema
                + "; select set_config('shopify_ingest.scope', '', true), set_config('shopify_ingest.shop_id', '"
                + shopId + "', true)";
    }

    // The isolation level is set by the transaction's first statement, in the same round trip as
    // the role and tenant, rather than on the connection (two more round trips, and pool state).
    private <T> T run(String prelude, String what, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.inTransaction(handle -> {
                handle.execute(prelude);
                return work.withHandle(handle);
            });
        } catch (InsightsException e) {
            throw e;
        } catch (JdbiException e) {
            throw translate(what, e);
        }
    }

    /** Runs {@code work} on a plain handle: no role switch, no transaction (setup checks). */
    <T> T plain(String what, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (InsightsException e) {
            throw e;
        } catch (JdbiException e) {
            throw translate(what, e);
        }
    }

    /** Turns a driver or Jdbi failure into the insights exception for it. */
    static InsightsException translate(String what, Exception e) {
        SQLException sql = sqlException(e);
        String state = sql == null ? null : sql.getSQLState();
        if (e instanceof ConnectionException || (state != null && (state.startsWith("08")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")))) {
            return new InsightsUnavailableException("PostgreSQL is unavailable while " + what
                    + ". Retry when the database is reachable.", e);
        }
        if (state != null && (state.equals("3F000") || state.equals("42P01") || state.equals("42883")
                || state.equals("42704") || state.equals("22023"))) {
            return new InsightsSetupException("The insights schema or the application role is missing or out of"
                    + " date while " + what + " (SQLState " + state + "). Run PostgresStore.migrate(), then"
                    + " Insights.migrate().", e);
        }
        return new InsightsQueryException("A statement failed while " + what + " (SQLState " + state + ").", state,
                e);
    }

    private static SQLException sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** Reads the shop's time zone and currency; the shop must be visible to the transaction. */
    static ShopContext shop(Handle handle, long shopId) {
        return handle.createQuery("""
                        select time_zone, currency_code from shops where shop_id = :shop""")
                .bind("shop", shopId)
                .map((rs, ctx) -> new ShopContext(shopId, rs.getString("time_zone"), rs.getString("currency_code")))
                .findOne()
                .orElseThrow(() -> new UnknownShopException(shopId));
    }
}
