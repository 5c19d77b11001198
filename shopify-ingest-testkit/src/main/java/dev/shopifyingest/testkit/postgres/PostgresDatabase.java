package dev.shopifyingest.testkit.postgres;

import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JUnit 5 extension that gives each test class its own, freshly created PostgreSQL database on
 * a server shared by the whole JVM, optionally already migrated:
 *
 * <pre>{@code
 * class CustomerStoreTest {
 *   @RegisterExtension
 *   static final PostgresDatabase db =
 *       PostgresDatabase.migratedWith("jdbc-schema", dataSource -> Flyway.configure()
 *           .dataSource(dataSource).load().migrate());
 *
 *   @Test
 *   void upsertsCustomers() {
 *     Jdbi jdbi = Jdbi.create(db.dataSource());
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> Register it on a {@code static} field. Before the class's first test it
 * creates a database named after the class plus a random suffix (so concurrently running JVMs
 * never collide); after the class's last test it drops it, ending any sessions still open.
 * {@code @Nested} classes share their outer class's database.
 *
 * <p><b>Migrations.</b> With {@link #migratedWith(String, DatabaseMigrator)}, the migrator runs
 * once per JVM and key, on a template database; each class's database is then created with
 * {@code CREATE DATABASE ... TEMPLATE ...}, a file copy that takes milliseconds however large the
 * schema. All classes using the same key must pass an equivalent migrator: the first one to run
 * wins. Templates are dropped when the JVM exits.
 *
 * <p><b>Which server.</b> By default an {@link EmbeddedPostgres} that the first test class
 * starts and the JVM's exit stops (ephemeral: temporary data directory, fsync off). If the
 * environment variable {@value #DATABASE_URL_VARIABLE} is set, it names an external server
 * instead, as the JDBC URL of a superuser's (or a {@code CREATEDB} role's) connection to an
 * administrative database, for example
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}; the databases are created
 * there. {@link Builder#server(PostgresServer)} chooses a server in code.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {
    /** The environment variable that points tests at an external PostgreSQL server. */
    public static final String DATABASE_URL_VARIABLE = "SHOPIFY_INGEST_TEST_DATABASE_URL";

    private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);

    private final Supplier<PostgresServer> serverSupplier;
    private final String migrationKey;
    private final DatabaseMigrator migrator;
    private PostgresServer server;
    private String name;
    private String ownerContextId;
    private boolean dropped;

    private PostgresDatabase(Builder builder) {
        this.serverSupplier = builder.server;
        this.migrationKey = builder.migrationKey;
        this.migrator = builder.migrator;
    }

    /**
     * Returns an extension that gives the test class an empty database on the shared server.
     *
     * @return the extension, to register on a static field
     */
    public static PostgresDatabase create() {
        return builder().build();
    }

    /**
     * Returns an extension that gives the test class a database migrated by {@code migrator},
     * which runs once per JVM for {@code key}.
     *
     * @param key names the migration, such as {@code "jdbc-schema"}; classes passing the same key
     *     share one template
     * @param migrator brings an empty database to the expected schema
     * @return the extension, to register on a static field
     */
    public static PostgresDatabase migratedWith(String key, DatabaseMigrator migrator) {
        return builder().migratedWith(key, migrator).build();
    }

    /**
     * Returns a builder, for choosing a server other than the shared one.
     *
     * @return a builder: shared server, no migration
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this extension's configuration, to derive a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.server = serverSupplier;
        builder.migrationKey = migrationKey;
        builder.migrator = migrator;
        return builder;
    }

    /**
     * Creates the database before the test class runs (JUnit calls this).
     *
     * @param context the class's extension context
     */
    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (ownerContextId != null) {
            return; // a @Nested class of the class that created it
        }
        ownerContextId = context.getUniqueId();
        ensureCreated(context.getRequiredTestClass().getSimpleName());
    }

    /**
     * Drops the database after the test class that created it (JUnit calls this); a
     * {@code @Nested} class finishing leaves it alone.
     *
     * @param context the class's extension context
     */
    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (name == null || dropped || !context.getUniqueId().equals(ownerContextId)) {
            return;
        }
        dropped = true;
        server.dropDatabase(name);
        log.debug("Dropped database {} after {}", name, context.getDisplayName());
    }

    /**
     * Returns the database's name, creating the database if the extension has not yet.
     *
     * @return a name such as {@code test_customerstoretest_3f9a1c07}
     */
    public synchronized String name() {
        return ensureCreated("database");
    }

    /**
     * Returns the JDBC URL of this class's database; connect as {@link #user()} with
     * {@link #password()}.
     *
     * @return a {@code jdbc:postgresql:} URL
     */
    public String jdbcUrl() {
        String database = name();
        return server.jdbcUrl(database);
    }

    /**
     * Returns an unpooled data source for this class's database, connecting as the server's
     * superuser.
     *
     * @return a data source
     */
    public DataSource dataSource() {
        String database = name();
        return server.dataSource(database);
    }

    /**
     * Returns the role that {@link #dataSource()} connects as, a superuser of the server.
     *
     * @return the role name
     */
    public String user() {
        name();
        return server.superuser();
    }

    /**
     * Returns the password of {@link #user()}; empty when the server needs none.
     *
     * @return the password
     */
    public String password() {
        name();
        return server.superuserPassword();
    }

    /**
     * Returns the server this database lives on, for statements outside it (creating roles,
     * other databases).
     *
     * @return the server
     */
    public synchronized PostgresServer server() {
        if (server == null) {
            server = serverSupplier.get();
        }
        return server;
    }

    private String ensureCreated(String label) {
        if (dropped) {
            throw new IllegalStateException("The database " + name + " was dropped after its test"
                    + " class finished; PostgresDatabase gives one database to one test class.");
        }
        if (name != null) {
            return name;
        }
        PostgresServer target = server();
        String database = DatabaseNames.unique("test", label);
        if (migrator == null) {
            target.createDatabase(database);
        } else {
            target.createDatabase(database, TemplateDatabases.templateFor(target, migrationKey,
                    migrator));
        }
        name = database;
        log.debug("Created database {} on {}", database, target);
        return database;
    }

    /** Configures a {@link PostgresDatabase}. */
    public static final class Builder {
        private Supplier<PostgresServer> server = SharedTestServer::get;
        private String migrationKey;
        private DatabaseMigrator migrator;

        private Builder() {}

        /**
         * Creates the databases on {@code server} instead of the JVM's shared server.
         *
         * @param server a running server
         * @return this builder
         */
        public Builder server(PostgresServer server) {
            Objects.requireNonNull(server, "server");
            this.server = () -> server;
            return this;
        }

        /**
         * Migrates the database: see {@link PostgresDatabase#migratedWith(String, DatabaseMigrator)}.
         *
         * @param key names the migration; not blank
         * @param migrator brings an empty database to the expected schema
         * @return this builder
         */
        public Builder migratedWith(String key, DatabaseMigrator migrator) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("A migration needs a key, such as \"jdbc-schema\"");
            }
            this.migrationKey = key;
            this.migrator = Objects.requireNonNull(migrator, "migrator");
            return this;
        }

        /**
         * Builds the extension; nothing is started or created until a test class runs.
         *
         * @return the extension, to register on a static field
         */
        public PostgresDatabase build() {
            return new PostgresDatabase(this);
        }
    }
}
