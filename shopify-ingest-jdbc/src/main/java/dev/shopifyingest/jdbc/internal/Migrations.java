package dev.shopifyingest.jdbc.internal;

import dev.shopifyingest.jdbc.StoreSetupException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the store's Flyway migrations into its own schema, with their own history table. */
public final class Migrations {

    /** Where the migrations live on the class path; namespaced so an embedder's own {@code db/migration} never mixes in. */
    public static final String LOCATION = "classpath:dev/shopifyingest/jdbc/db/migration";
    /** The history table, inside the store's schema. */
    public static final String HISTORY_TABLE = "shopify_ingest_schema_history";

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /**
     * Creates the schema if needed and applies pending migrations; safe to run concurrently from
     * several instances (Flyway takes an advisory lock) and again when nothing is pending.
     *
     * @param dataSource connections as the owner (a role that may create the schema, or owns it)
     * @param schema the schema
     * @param applicationRole the application role
     * @return how many migrations were applied
     */
    public static int migrate(DataSource dataSource, String schema, String applicationRole) {
        try {
            MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(true)
                    .table(HISTORY_TABLE)
                    .locations(LOCATION)
                    .failOnMissingLocations(true)
                    .placeholders(Map.of("schema", schema, "applicationRole", applicationRole))
                    .load()
                    .migrate();
            log.info("Schema {} migrated to version {} ({} migrations applied)", schema, result.targetSchemaVersion,
                    result.migrationsExecuted);
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new StoreSetupException("Migrating schema " + schema + " failed: " + firstLine(e.getMessage())
                    + " Fix the cause (see the exception's cause) and run migrate() again.", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.endsWith(".") ? line : line + ".";
    }
}
