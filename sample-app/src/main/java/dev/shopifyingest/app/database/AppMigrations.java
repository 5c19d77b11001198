package dev.shopifyingest.app.database;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Migrates the app's own schema, {@code app} (users, memberships, sessions, login attempts),
 * with Flyway. The history table lives in that schema too, so the app's migrations never mix with
 * those of the libraries' schemas in the same database.
 */
public final class AppMigrations {

    /** The schema the app owns. */
    public static final String SCHEMA = "app";

    private AppMigrations() {
    }

    /**
     * Applies every pending migration; does nothing when the schema is current.
     *
     * @param dataSource a data source whose user may create the schema
     */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .table("flyway_schema_history")
                .locations("classpath:dev/shopifyingest/app/migration")
                .load()
                .migrate();
    }
}
