package dev.shopifyingest.testkit.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migrated template databases of this JVM: one per server and migration key, created and
 * migrated by the first test class that asks, and dropped at JVM exit.
 */
final class TemplateDatabases {
    private static final Logger log = LoggerFactory.getLogger(TemplateDatabases.class);
    private static final ConcurrentMap<Key, CompletableFuture<String>> TEMPLATES =
            new ConcurrentHashMap<>();
    private static final List<Key> CREATED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(
                Thread.ofPlatform().name("postgres-templates-cleanup").unstarted(
                        TemplateDatabases::dropAll));
    }

    private TemplateDatabases() {}

    /**
     * Returns the name of the template migrated by {@code migrator} under {@code key} on
     * {@code server}, creating it if this is the first request for that pair. Concurrent callers
     * wait for the one doing the work; a failed migration fails every caller with the same cause.
     */
    static String templateFor(PostgresServer server, String key, DatabaseMigrator migrator) {
        Key templateKey = new Key(server, key);
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> existing = TEMPLATES.putIfAbsent(templateKey, mine);
        if (existing != null) {
            try {
                return existing.join();
            } catch (CompletionException e) {
                throw new EmbeddedPostgresException("The migration '" + key + "' failed earlier in this"
                        + " JVM: " + e.getCause().getMessage(), e.getCause());
            }
        }
        try {
            String name = create(server, key, migrator);
            mine.complete(name);
            return name;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static String create(PostgresServer server, String key, DatabaseMigrator migrator) {
        String name = DatabaseNames.unique("template", key);
        long began = System.nanoTime();
        server.createDatabase(name);
        synchronized (CREATED) {
            CREATED.add(new Key(server, name));
        }
        try {
            migrator.migrate(server.dataSource(name));
            endSessions(server, name);
            // Nobody may connect to a template while it is copied; forbid it rather than hope.
            server.execute("alter database " + DatabaseNames.quote(name) + " allow_connections false");
        } catch (Exception e) {
            EmbeddedPostgresException failure = new EmbeddedPostgresException("The migration '" + key
                    + "' failed on the template database " + name + ": " + e.getMessage(), e);
            try {
                server.dropDatabase(name);
            } catch (RuntimeException dropFailed) {
                failure.addSuppressed(dropFailed);
            }
            throw failure;
        }
        log.info("Migrated template database {} for '{}' on {} in {} ms", name, key, server,
                (System.nanoTime() - began) / 1_000_000);
        return name;
    }

    private static void endSessions(PostgresServer server, String database) throws SQLException {
        try (Connection connection = server.dataSource().getConnection();
                PreparedStatement terminate = connection.prepareStatement(
                        "select pg_terminate_backend(pid) from pg_stat_activity where datname = ?")) {
            terminate.setString(1, database);
            terminate.execute();
        }
    }

    private static void dropAll() {
        List<Key> created;
        synchronized (CREATED) {
            created = List.copyOf(CREATED);
        }
        for (Key template : created) {
            if (template.server() instanceof EmbeddedPostgres embedded && !embedded.isRunning()) {
                continue;
            }
            try {
                template.server().dropDatabase(template.name());
            } catch (RuntimeException e) {
                // The embedded server may be stopping in its own hook at the same time; that is fine.
                log.debug("Could not drop template database {}: {}", template.name(), e.getMessage());
            }
        }
    }

    /** A template's server and migration key (or, in {@code CREATED}, its database name). */
    private record Key(PostgresServer server, String name) {}
}
