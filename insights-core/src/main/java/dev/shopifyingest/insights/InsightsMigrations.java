package dev.shopifyingest.insights;

import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the insights' Flyway migrations into the store's schema, with their own history table. */
final class InsightsMigrations {

    /** Where the migrations live on the class path, namespaced so no other {@code db/migration} mixes in. */
    static final String LOCATION = "classpath:dev/shopifyingest/insights/db/migration";
    /** The history table, next to the store's own ({@code shopify_ingest_schema_history}). */
    static final String HISTORY_TABLE = "insights_schema_history";

    private static final Logger log = LoggerFactory.getLogger(InsightsMigrations.class);

    private InsightsMigrations() {
    }

    static int migrate(DataSource dataSource, TenantReads reads) {
        String schema = reads.schema();
        boolean storeMigrated = reads.plain("checking that the store is migrated", handle -> handle
                .createQuery("select to_regclass(:table) is not null")
                .bind("table", schema + ".orders")
                .mapTo(Boolean.class)
                .one());
        if (!storeMigrated) {
            throw new InsightsSetupException("The store's tables are missing from schema " + schema
                    + ". Run PostgresStore.migrate() before Insights.migrate().");
        }
        try {
            MigrateResult result = Flyway.configure(InsightsMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(false)
                    .table(HISTORY_TABLE)
                    // The schema already holds the store's tables: start this history at version 0.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .locations(LOCATION)
                    .failOnMissingLocations(true)
                    .placeholders(Map.of("schema", schema, "applicationRole", reads.applicationRole()))
                    .load()
                    .migrate();
            log.info("Insights of schema {} migrated to version {} ({} migrations applied)", schema,
                    result.targetSchemaVersion, result.migrationsExecuted);
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new InsightsSetupException("Migrating the insights of schema " + schema + " failed: "
                    + firstLine(e.getMessage()) + " Fix the cause (see the exception's cause) and run migrate() again.",
                    e);
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
