package dev.shopifyingest.app.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.app.config.DatabaseTarget;
import dev.shopifyingest.testkit.postgres.EmbeddedPostgres;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The app's connection pool, and the embedded PostgreSQL behind it when no {@code DATABASE_URL}
 * is configured. Closing it closes the pool, then stops the embedded server.
 */
public final class AppDatabase implements AutoCloseable {

    /**
     * Connections per instance unless {@code DATABASE_POOL_SIZE} says otherwise: two are held by
     * the change and app-event listeners and one by each running sync's lock, so requests, the
     * webhook writer and the worker share the rest.
     */
    public static final int DEFAULT_POOL_SIZE = 20;
    /** The fewest connections the app works with: the two listeners, a sync lock and its batches, one request. */
    public static final int MIN_POOL_SIZE = 5;


    /** The database the app creates on an embedded server. */
    static final String EMBEDDED_DATABASE = "shopify_ingest";

    private final HikariDataSource pool;
    private final EmbeddedPostgres embedded;
    private final String description;

    private AppDatabase(HikariDataSource pool, EmbeddedPostgres embedded, String description) {
        this.pool = pool;
        this.embedded = embedded;
        this.description = description;
    }

    /**
     * Connects to the configured database with a pool of {@link #DEFAULT_POOL_SIZE} connections.
     *
     * @param target where the data lives
     * @return the open database
     * @throws RuntimeException if the server cannot be started or reached
     */
    public static AppDatabase open(DatabaseTarget target) {
        return open(target, DEFAULT_POOL_SIZE);
    }

    /**
     * Connects to the configured database, starting an embedded PostgreSQL first when the target
     * is embedded. Returns only when a connection has been made.
     *
     * @param target   where the data lives
     * @param poolSize the most connections the instance holds ({@code DATABASE_POOL_SIZE})
     * @return the open database
     * @throws RuntimeException if the server cannot be started or reached
     */
    public static AppDatabase open(DatabaseTarget target, int poolSize) {
        return switch (target) {
            case DatabaseTarget.External external -> {
                HikariConfig config = poolConfig(poolSize);
                config.setJdbcUrl(external.jdbcUrl());
                if (external.user() != null) {
                    config.setUsername(external.user());
                }
                if (external.password() != null) {
                    config.setPassword(external.password().text());
                }
                yield new AppDatabase(new HikariDataSource(config), null, "PostgreSQL at " + external);
            }
            case DatabaseTarget.EmbeddedDurable durable -> embedded(EmbeddedPostgres.builder()
                    .dataDirectory(durable.dataDirectory())
                    .durable(true)
                    .start(), "embedded PostgreSQL, data in " + durable.dataDirectory(), poolSize);
            case DatabaseTarget.EmbeddedEphemeral ephemeral -> embedded(EmbeddedPostgres.start(),
                    "embedded PostgreSQL, temporary (deleted on exit)", poolSize);
        };
    }

    private static AppDatabase embedded(EmbeddedPostgres server, String description, int poolSize) {
        try {
            if (!server.databaseExists(EMBEDDED_DATABASE)) {
                server.createDatabase(EMBEDDED_DATABASE);
            }
            HikariConfig config = poolConfig(poolSize);
            config.setJdbcUrl(server.jdbcUrl(EMBEDDED_DATABASE));
            config.setUsername(server.superuser());
            config.setPassword(server.superuserPassword());
            return new AppDatabase(new HikariDataSource(config), server, description);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static HikariConfig poolConfig(int poolSize) {
        if (poolSize < MIN_POOL_SIZE) {
            throw new IllegalArgumentException("The pool needs at least " + MIN_POOL_SIZE + " connections");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("sample-app");
        config.setMaximumPoolSize(poolSize);
        // A readiness probe must answer quickly when the database is gone, not after 30 s.
        config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        // PostgreSQL's DETAIL ("Failing row contains (...)") can quote a password hash; keep it
        // out of exception messages and so out of logs.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        return config;
    }

    /** The pooled data source. */
    public DataSource dataSource() {
        return pool;
    }

    /** What the app is connected to, for the start-up banner; holds no credentials. */
    public String description() {
        return description;
    }

    /** Closes the pool, then stops the embedded server if there is one. */
    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
