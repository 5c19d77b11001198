package dev.shopifyingest.insights;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;

/** The per-class test database with the store's and the insights' migrations applied. */
final class InsightsDatabases {

    private InsightsDatabases() {
    }

    /** A database per test class, migrated once per JVM from a template (as superuser). */
    static PostgresDatabase migrated() {
        return PostgresDatabase.migratedWith("insights-schema", dataSource -> {
            PostgresStore.builder().dataSource(dataSource).build().migrate();
            Insights.builder().dataSource(dataSource).build().migrate();
        });
    }

    /**
     * A small pool over the class's database, as an application would use: opening a PostgreSQL
     * connection per call would dominate the tests' time. Close it after the class.
     */
    static HikariDataSource pool(PostgresDatabase database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(4);
        config.setPoolName("insights-test-" + database.name());
        return new HikariDataSource(config);
    }
}
