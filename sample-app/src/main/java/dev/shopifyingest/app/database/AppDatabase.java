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
     * Connects to the configured database, starting an embedded PostgreSQL first when the target
     * is embedded. Returns only when a connection has been made.
     *
     * @param target where the data lives
     * @return the open database
     * @throws RuntimeException if the server cannot be started or reached
     */
    public static AppDatabase open(DatabaseTarget target) {
        return switch (target) {
            case DatabaseTarget.External external -> {
                HikariConfig config = poolConfig();
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
                    .start(), "embedded PostgreSQL, data in " + durable.dataDirectory());
            case DatabaseTarget.EmbeddedEphemeral ephemeral -> embedded(EmbeddedPostgres.start(),
                    "embedded PostgreSQL, temporary (deleted on exit)");
        };
    }

    private static AppDatabase embedded(EmbeddedPostgres server, String description) {
        try {
            if (!server.databaseExists(EMBEDDED_DATABASE)) {
                server.createDatabase(EMBEDDED_DATABASE);
            }
            HikariConfig config = poolConfig();
            config.setJdbcUrl(server.jdbcUrl(EMBEDDED_DATABASE));
            config.setUsername(server.superuser());
            config.setPassword(server.superuserPassword());
            return new AppDatabase(new HikariDataSource(config), server, description);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static HikariConfig poolConfig() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sample-app");
        config.setMaximumPoolSize(10);
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
