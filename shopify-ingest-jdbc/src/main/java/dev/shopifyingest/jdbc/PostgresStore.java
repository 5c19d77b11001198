package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.sync.CheckpointStore;
import dev.shopifyingest.core.sync.IngestSink;
import dev.shopifyingest.jdbc.internal.Database;
import dev.shopifyingest.jdbc.internal.Entities;
import dev.shopifyingest.jdbc.internal.Migrations;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The tenant-isolated PostgreSQL store: the entry point of {@code shopify-ingest-jdbc}.
 *
 * <pre>{@code
 * PostgresStore store = PostgresStore.builder()
 *     .dataSource(pool)                      // any pool; its login role may be the owner
 *     .schema("shopify_ingest")              // the default
 *     .applicationRole("shopify_ingest_app") // the default
 *     .tokenCipher(TokenCipher.builder().currentKey("2026-01", key).build())
 *     .build();
 * store.migrate();
 * }</pre>
 *
 * <p>Every unit of work runs in its own transaction as the application role (a role without
 * SUPERUSER and BYPASSRLS) with the tenant set by {@code SET LOCAL}, so PostgreSQL's row-level
 * security, not a {@code WHERE} clause, keeps tenants apart, even when the pool logs in as the
 * owner or a superuser.
 *
 * <p>Instances are immutable and thread-safe; build one per application and share it.
 */
public final class PostgresStore {

    /** The schema used unless {@link Builder#schema(String)} says otherwise. */
    public static final String DEFAULT_SCHEMA = "shopify_ingest";
    /** The application role used unless {@link Builder#applicationRole(String)} says otherwise. */
    public static final String DEFAULT_APPLICATION_ROLE = "shopify_ingest_app";

    private final Database database;
    private final TokenCipher tokenCipher;
    private final String channel;
    private final Entities entities = new Entities();
    private final ShopRegistry shops;
    private final PostgresIngestSink sink;
    private final WebhookInbox inbox;
    private final ChangeFeed changes;

    private PostgresStore(Builder builder) {
        this.database = new Database(builder.dataSource, builder.schema, builder.applicationRole, builder.clock);
        this.tokenCipher = builder.tokenCipher;
        this.channel = builder.channel != null ? builder.channel
                : Database.requireIdentifier(truncate(builder.schema + "_changes"), "notification channel");
        this.shops = new ShopRegistry(database, tokenCipher, channel);
        this.sink = new PostgresIngestSink(database, entities, channel);
        this.inbox = new WebhookInbox(database, entities, channel);
        this.changes = new ChangeFeed(builder.dataSource, channel, builder.reconnectInitial, builder.reconnectMax);
    }

    /**
     * Starts configuring a store.
     *
     * @return a builder with the default schema, role and system clock
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the schema and the application role if needed and applies pending migrations.
     * Idempotent, and safe to call from several instances at once. The data source's login role
     * must own the schema (or may create it) and may create roles, or an administrator must have
     * created the application role beforehand (see {@code docs/data-model.md}).
     *
     * @return how many migrations were applied (0 when the schema was current)
     * @throws StoreSetupException if a migration fails; the message says which and why
     */
    public int migrate() {
        return Migrations.migrate(database.dataSource(), database.schema(), database.applicationRole());
    }

    /**
     * The tenant registry: connect shops, read their tokens, record sync status, uninstall, erase.
     *
     * @return the registry
     */
    public ShopRegistry shops() {
        return shops;
    }

    /**
     * One tenant's data: reads, writes, compliance and your own SQL, all scoped to that shop by
     * row-level security.
     *
     * @param shopId the tenant id ({@link Shop#shopId()})
     * @return the tenant's view; cheap to create
     */
    public TenantStore forShop(long shopId) {
        return new TenantStore(database, entities, shopId, channel);
    }

    /**
     * One tenant's data, looked up by domain.
     *
     * @param domain the shop's domain
     * @return the tenant's view
     * @throws ShopNotFoundException if the shop is not registered
     */
    public TenantStore forShop(ShopDomain domain) {
        return forShop(shops.require(domain).shopId());
    }

    /**
     * Where the sync engine stores batches: {@code SyncEngine.builder().sink(store.sink())}. Upserts
     * are batched and monotonic in {@code updatedAt}, deletions are tombstones, children are
     * replaced with their parent, and each batch's checkpoint is saved in the batch's transaction.
     *
     * @return the sink
     */
    public IngestSink sink() {
        return sink;
    }

    /**
     * Where the sync engine keeps its checkpoints: {@code SyncEngine.builder().checkpoints(store.checkpoints())}.
     *
     * @return the checkpoint store
     */
    public CheckpointStore checkpoints() {
        return sink;
    }

    /**
     * The webhook inbox: store verified deliveries once, apply them with a {@link WebhookProcessor}.
     *
     * @return the inbox
     */
    public WebhookInbox inbox() {
        return inbox;
    }

    /**
     * Committed changes, announced to every app instance over {@code LISTEN/NOTIFY}.
     *
     * @return the feed
     */
    public ChangeFeed changes() {
        return changes;
    }

    /**
     * Serialises a token refresh of one shop across app instances; see
     * {@link ShopRegistry#refreshLock(long, UnaryOperator)}.
     *
     * @param shopId the shop
     * @param refresh decides whether to refresh and does it, while the lock is held
     * @return the token now stored
     */
    public AccessToken refreshLock(long shopId, UnaryOperator<AccessToken> refresh) {
        return shops.refreshLock(shopId, refresh);
    }

    /**
     * The schema this store lives in.
     *
     * @return the schema name
     */
    public String schema() {
        return database.schema();
    }

    /**
     * The role tenant transactions run as.
     *
     * @return the role name
     */
    public String applicationRole() {
        return database.applicationRole();
    }

    /**
     * Describes the store's configuration, never key material.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "PostgresStore[schema=" + database.schema() + ", applicationRole=" + database.applicationRole()
                + ", channel=" + channel + ", tokenCipher=" + tokenCipher + "]";
    }

    private static String truncate(String identifier) {
        return identifier.length() <= 63 ? identifier : identifier.substring(0, 63);
    }

    /** Configures a {@link PostgresStore}. */
    public static final class Builder {
        private DataSource dataSource;
        private String schema = DEFAULT_SCHEMA;
        private String applicationRole = DEFAULT_APPLICATION_ROLE;
        private TokenCipher tokenCipher;
        private Clock clock = Clock.systemUTC();
        private String channel;
        private Duration reconnectInitial = Duration.ofMillis(500);
        private Duration reconnectMax = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * The {@code NOTIFY} channel change events go to.
         *
         * @param channel a lower-case SQL identifier; default the schema followed by {@code _changes}
         * @return this builder
         */
        public Builder notificationChannel(String channel) {
            this.channel = Database.requireIdentifier(channel, "notification channel");
            return this;
        }

        /**
         * How long a {@link ChangeSubscription} waits before reconnecting: {@code initial}, doubling
         * while the database stays unreachable, never more than {@code max}.
         *
         * @param initial the first wait; default 500 ms
         * @param max the longest wait; default 30 s
         * @return this builder
         */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("The reconnect backoff needs 0 < initial <= max");
            }
            this.reconnectInitial = initial;
            this.reconnectMax = max;
            return this;
        }

        /**
         * Where connections come from (a pool, typically). Its login role must be allowed to
         * {@code SET ROLE} to the application role: the owner that migrated is, and so is any role
         * granted the application role.
         *
         * @param dataSource the data source
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * The schema the store's tables live in, so the library can share a database with an
         * application's own tables.
         *
         * @param schema a lower-case SQL identifier; default {@value PostgresStore#DEFAULT_SCHEMA}
         * @return this builder
         */
        public Builder schema(String schema) {
            this.schema = Database.requireIdentifier(schema, "schema");
            return this;
        }

        /**
         * The role every transaction runs as; row-level security applies to it because it is
         * neither superuser nor {@code BYPASSRLS}. Roles are shared by all databases of a server, so
         * two installations that must not see each other use two roles.
         *
         * @param applicationRole a lower-case SQL identifier; default {@value PostgresStore#DEFAULT_APPLICATION_ROLE}
         * @return this builder
         */
        public Builder applicationRole(String applicationRole) {
            this.applicationRole = Database.requireIdentifier(applicationRole, "applicationRole");
            return this;
        }

        /**
         * Encrypts access and refresh tokens at rest. Needed to store or read tokens; the rest of
         * the store works without it.
         *
         * @param tokenCipher the cipher with the current key and any older ones
         * @return this builder
         */
        public Builder tokenCipher(TokenCipher tokenCipher) {
            this.tokenCipher = Objects.requireNonNull(tokenCipher, "tokenCipher");
            return this;
        }

        /**
         * The clock that stamps deliveries, registrations and inbox rows; tests pass a fixed one.
         *
         * @param clock the clock; default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the store. Nothing is connected until the first call that needs the database.
         *
         * @return the store
         * @throws IllegalStateException if no data source was given
         */
        public PostgresStore build() {
            if (dataSource == null) {
                throw new IllegalStateException("PostgresStore needs a dataSource(...)");
            }
            return new PostgresStore(this);
        }
    }
}
