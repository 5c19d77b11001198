package dev.shopifyingest.app.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where the app keeps its data: an external PostgreSQL, or one the app starts itself. */
public sealed interface DatabaseTarget {

    /**
     * An external PostgreSQL server, from {@code DATABASE_URL}.
     *
     * @param jdbcUrl  a {@code jdbc:postgresql:} URL
     * @param user     the user, or {@code null} when the URL (or the driver's defaults) names it
     * @param password the password, or {@code null} when none is configured
     */
    record External(String jdbcUrl, String user, Secret password) implements DatabaseTarget {

        /** Checks the URL's scheme. */
        public External {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("DATABASE_URL must be a jdbc:postgresql: URL");
            }
        }

        /** Never shows the URL's parameters (they may hold a password) nor the password. */
        @Override
        public String toString() {
            int query = jdbcUrl.indexOf('?');
            return "External[" + (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?…") + ", user=" + user + "]";
        }
    }

    /**
     * An embedded PostgreSQL whose data survives restarts.
     *
     * @param dataDirectory where the cluster lives
     */
    record EmbeddedDurable(Path dataDirectory) implements DatabaseTarget {

        /** Requires the directory. */
        public EmbeddedDurable {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
        }
    }

    /** An embedded PostgreSQL in a temporary directory, deleted when the app stops (demo mode). */
    record EmbeddedEphemeral() implements DatabaseTarget {
    }
}
