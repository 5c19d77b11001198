/**
 * A real PostgreSQL for tests and demos, with nothing to install.
 *
 * <ul>
 *   <li>{@link dev.shopifyingest.testkit.postgres.EmbeddedPostgres} starts PostgreSQL from the
 *       binaries jar as a child process, ephemeral for tests or durable for the sample app, and
 *       runs it as an unprivileged user when the JVM is root.
 *   <li>{@link dev.shopifyingest.testkit.postgres.PostgresDatabase} is a JUnit 5 extension that
 *       gives each test class its own database, copied from a template migrated once per JVM, on
 *       a server shared by the JVM or on the external server named by
 *       {@code SHOPIFY_INGEST_TEST_DATABASE_URL}.
 *   <li>{@link dev.shopifyingest.testkit.postgres.PostgresServer} is what both offer: JDBC URLs,
 *       data sources and superuser statements for any database on the server.
 * </ul>
 */
package dev.shopifyingest.testkit.postgres;
