package dev.shopifyingest.testkit.postgres;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL server that {@link PostgresDatabase} uses by default in a JVM: the server
 * named by {@value PostgresDatabase#DATABASE_URL_VARIABLE} if that environment variable is set,
 * else an ephemeral {@link EmbeddedPostgres} started on first use and stopped at JVM exit.
 */
final class SharedTestServer {
    private static final Logger log = LoggerFactory.getLogger(SharedTestServer.class);

    private SharedTestServer() {}

    /** Returns this JVM's shared server, starting it on the first call. */
    static PostgresServer get() {
        return Holder.SERVER;
    }

    /** Chooses the server for an environment: the external one it names, else a new embedded one. */
    static PostgresServer forEnvironment(Map<String, String> environment) {
        String url = environment.get(PostgresDatabase.DATABASE_URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            try {
                PostgresServer server = PostgresServer.external(url);
                log.info("Tests use the external {} ({} is set)", server,
                        PostgresDatabase.DATABASE_URL_VARIABLE);
                return server;
            } catch (IllegalArgumentException e) {
                throw new EmbeddedPostgresException(PostgresDatabase.DATABASE_URL_VARIABLE + " is set but "
                        + e.getMessage(), e);
            }
        }
        // The server's own shutdown hook stops it and deletes its temporary data directory.
        return EmbeddedPostgres.start();
    }

    /** Initialised on first use, by the JVM's class initialisation lock: exactly once. */
    private static final class Holder {
        static final PostgresServer SERVER = forEnvironment(System.getenv());
    }
}
