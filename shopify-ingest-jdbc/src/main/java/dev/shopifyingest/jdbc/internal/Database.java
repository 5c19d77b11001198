package dev.shopifyingest.jdbc.internal;

import dev.shopifyingest.jdbc.ShopNotFoundException;
import dev.shopifyingest.jdbc.StoreException;
import dev.shopifyingest.jdbc.StoreQueryException;
import dev.shopifyingest.jdbc.StoreSetupException;
import dev.shopifyingest.jdbc.StoreUnavailableException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * Runs units of work in transactions that act for one tenant, or for the store's own
 * cross-tenant registry work, always as the application role so that row-level security applies
 * even when the pool connects as the owner or a superuser.
 *
 * <p>Each transaction starts with one round trip of {@code SET LOCAL} statements: the role, the
 * search path (so queries name tables without the schema) and the tenant. {@code SET LOCAL}
 * rather than {@code set_config()} because Citus propagates {@code SET LOCAL} to its workers.
 */
public final class Database {

    /** The setting the row-level-security policies compare {@code shop_id} with. */
    public static final String SHOP_SETTING = "shopify_ingest.shop_id";
    /** The setting that opens {@code shops} and {@code webhook_inbox} to the store's registry work. */
    public static final String SCOPE_SETTING = "shopify_ingest.scope";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final String schema;
    private final String applicationRole;
    private final Clock clock;
    private final String registryPrelude;
    private volatile boolean roleChecked;

    /**
     * Creates the runner.
     *
     * @param dataSource where connections come from (any role that may {@code SET ROLE} to the application role)
     * @param schema the schema, already validated
     * @param applicationRole the application role, already validated
     * @param clock the store's clock
     */
    public Database(DataSource dataSource, String schema, String applicationRole, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = requireIdentifier(schema, "schema");
        this.applicationRole = requireIdentifier(applicationRole, "applicationRole");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
        this.registryPrelude = "set local role " + applicationRole + "; set local search_path = " + schema
                + "; set local " + SCOPE_SETTING + " = 'registry'";
    }

    /**
     * Checks that {@code value} is a plain lower-case SQL identifier, so it can be written into
     * statements unquoted.
     *
     * @param value the identifier
     * @param what what it names, for the message
     * @return the value
     * @throws IllegalArgumentException if it is not a plain identifier
     */
    public static String requireIdentifier(String value, String what) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("The " + what + " must be a lower-case SQL identifier"
                    + " (letters, digits, underscores, at most 63 characters, not starting with a digit)"
                    + ", but was '" + value + "'");
        }
        return value;
    }

    /** The schema. */
    public String schema() {
        return schema;
    }

    /** The application role. */
    public String applicationRole() {
        return applicationRole;
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    /** The data source. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** A unit of work on a transaction's handle. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work.
         *
         * @param handle the transaction's handle
         * @return the result
         * @throws SQLException if a statement fails; the transaction is rolled back
         */
        T run(Handle handle) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction acting for tenant {@code shopId}: row-level security
     * shows and accepts only that tenant's rows.
     *
     * @param shopId the tenant
     * @param what what the work does, for error messages (no personal data)
     * @param work the unit of work
     * @param <T> its result
     * @return the result, after commit
     */
    public <T> T inTenant(long shopId, String what, Work<T> work) {
        return run(what, tenantPrelude(shopId), work);
    }

    /**
     * Runs {@code work} in a transaction for the store's registry work: all of {@code shops} and
     * {@code webhook_inbox} are visible, no tenant's entities are. {@link #actAs(Handle, long)}
     * switches the same transaction to one tenant.
     *
     * @param what what the work does, for error messages
     * @param work the unit of work
     * @param <T> its result
     * @return the result, after commit
     */
    public <T> T inRegistry(String what, Work<T> work) {
        return run(what, registryPrelude, work);
    }

    /**
     * Runs a caller's callback in a tenant transaction; its own exceptions pass through unchanged,
     * database failures become store exceptions.
     *
     * @param shopId the tenant
     * @param callback the caller's work
     * @param <T> its result
     * @param <X> what it may throw
     * @return the result, after commit
     * @throws X what the callback threw
     */
    public <T, X extends Exception> T inTenantCallback(long shopId, HandleCallback<T, X> callback) throws X {
        checkRoleOnce();
        String prelude = tenantPrelude(shopId);
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
                handle.execute(prelude);
                return callback.withHandle(handle);
            });
        } catch (org.jdbi.v3.core.JdbiException e) {
            throw translate("running a transaction for shop " + shopId, e);
        }
    }

    /**
     * Makes the current transaction act for one tenant only (leaving registry scope).
     *
     * @param handle a handle inside {@link #inRegistry} or {@link #inTenant}
     * @param shopId the tenant
     */
    public void actAs(Handle handle, long shopId) {
        handle.execute(tenantPrelude(shopId));
    }

    /** The first key of the store's two-key advisory locks on a shop's writes: ASCII "shpw". */
    static final int SHOP_WRITES_LOCK = 0x73687077;

    /**
     * Serialises, until the transaction ends, the multi-row writes of one shop: a sync batch and
     * a group of webhook deliveries each lock many entity rows, in their own orders, and would
     * otherwise deadlock. Callers that lock several shops lock them in ascending order.
     *
     * @param handle a handle inside a transaction
     * @param shopId the shop
     */
    public void lockShopWrites(Handle handle, long shopId) {
        handle.createQuery("select pg_advisory_xact_lock(:namespace, :key)")
                .bind("namespace", SHOP_WRITES_LOCK)
                .bind("key", (int) (shopId ^ (shopId >>> 32)))
                .mapTo(String.class)
                .one();
    }

    /**
     * Runs {@code work} on a handle with no role switch and no transaction, for setup checks.
     *
     * @param what what the work does
     * @param work the work
     * @param <T> its result
     * @return the result
     */
    public <T> T withPlainHandle(String what, Work<T> work) {
        try {
            return jdbi.withHandle(work::run);
        } catch (StoreException e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            if (e instanceof RuntimeException r && !isDatabaseFailure(r)) {
                throw r;
            }
            throw translate(what, e);
        }
    }

    private String tenantPrelude(long shopId) {
        // shopId is a long: writing it into the statement cannot inject anything.
        return "set local role " + applicationRole + "; set local search_path = " + schema
                + "; set local " + SCOPE_SETTING + " = ''; set local " + SHOP_SETTING + " = '" + shopId + "'";
    }

    private <T> T run(String what, String prelude, Work<T> work) {
        checkRoleOnce();
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
                handle.execute(prelude);
                return work.run(handle);
            });
        } catch (StoreException e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            if (e instanceof RuntimeException r && !isDatabaseFailure(r)) {
                throw r;
            }
            throw translate(what, e);
        }
    }

    private void checkRoleOnce() {
        if (roleChecked) {
            return;
        }
        withPlainHandle("checking the application role", handle -> {
            var row = handle.createQuery("""
                            select r.rolsuper, r.rolbypassrls, pg_has_role(session_user, r.oid, 'MEMBER') as member
                            from pg_roles r where r.rolname = :role""")
                    .bind("role", applicationRole)
                    .mapToMap()
                    .findOne();
            if (row.isEmpty()) {
                throw new StoreSetupException("The application role " + applicationRole + " does not exist."
                        + " Run store.migrate(), or create it as described in docs/data-model.md.");
            }
            if (Boolean.TRUE.equals(row.get().get("rolsuper")) || Boolean.TRUE.equals(row.get().get("rolbypassrls"))) {
                throw new StoreSetupException("The application role " + applicationRole
                        + " bypasses row-level security (SUPERUSER or BYPASSRLS); tenants would not be isolated."
                        + " Run: ALTER ROLE " + applicationRole + " NOSUPERUSER NOBYPASSRLS;");
            }
            if (!Boolean.TRUE.equals(row.get().get("member"))) {
                throw new StoreSetupException("The pool's login role may not SET ROLE " + applicationRole + "."
                        + " Run: GRANT " + applicationRole + " TO <the pool's login role>;");
            }
            return null;
        });
        roleChecked = true;
    }

    private static boolean isDatabaseFailure(RuntimeException e) {
        return e instanceof org.jdbi.v3.core.JdbiException || sqlException(e) != null;
    }

    /**
     * Turns a driver or Jdbi failure into the store's exception for it.
     *
     * @param what what the store was doing
     * @param e the failure
     * @return the store exception to throw
     */
    public static StoreException translate(String what, Exception e) {
        SQLException sql = sqlException(e);
        String state = sql == null ? null : sql.getSQLState();
        if (e instanceof ConnectionException || (state != null && (state.startsWith("08")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")))) {
            return new StoreUnavailableException("PostgreSQL is unavailable while " + what
                    + "; nothing was stored. Retry when the database is reachable.", e);
        }
        if ("23503".equals(state) && sql instanceof org.postgresql.util.PSQLException psql
                && psql.getServerErrorMessage() != null && psql.getServerErrorMessage().getConstraint() != null
                && psql.getServerErrorMessage().getConstraint().endsWith("_shop_id_fkey")) {
            return new ShopNotFoundException("No shop with that id is registered (erased, or never registered) while "
                    + what + "; nothing was stored. Register the shop first.");
        }
        if (state != null && (state.equals("3F000") || state.equals("42P01") || state.equals("42883"))) {
            return new StoreSetupException("The store's schema is missing or out of date while " + what
                    + " (SQLState " + state + "). Run store.migrate() first.", e);
        }
        if (state != null && (state.equals("42704") || state.equals("22023"))) {
            return new StoreSetupException("The application role is missing or may not be used while " + what
                    + " (SQLState " + state + "). Run store.migrate() or see docs/data-model.md.", e);
        }
        return new StoreQueryException("A statement failed while " + what + " (SQLState " + state
                + "); the transaction was rolled back.", state, e);
    }

    private static SQLException sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
