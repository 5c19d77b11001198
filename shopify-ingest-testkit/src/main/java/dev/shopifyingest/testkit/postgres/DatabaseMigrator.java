package dev.shopifyingest.testkit.postgres;

import javax.sql.DataSource;

/**
 * Brings a fresh, empty database to the schema tests expect, typically by running the project's
 * Flyway migrations: {@code dataSource -> Flyway.configure().dataSource(dataSource).load().migrate()}.
 *
 * <p>{@link PostgresDatabase} runs it once per JVM and key, on a template database that every
 * test class then gets a copy of, so it may be slow without slowing every class down.
 */
@FunctionalInterface
public interface DatabaseMigrator {

    /**
     * Migrates the database behind {@code dataSource}. Connections it opens should be closed before
     * it returns (a pool it creates should be closed too); any still open are ended afterwards,
     * because PostgreSQL copies a template only while nobody is connected to it.
     *
     * @param dataSource an unpooled data source connecting to the template database as superuser
     * @throws Exception any failure; it fails every test class that uses this migration
     */
    void migrate(DataSource dataSource) throws Exception;
}
