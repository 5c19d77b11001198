package dev.shopifyingest.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs only when {@value PostgresDatabase#DATABASE_URL_VARIABLE} is set, for example
 * {@code SHOPIFY_INGEST_TEST_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres
 * ./mvnw -pl shopify-ingest-testkit verify}: the class's database must then live on that server.
 */
@EnabledIfEnvironmentVariable(named = PostgresDatabase.DATABASE_URL_VARIABLE, matches = ".+")
class ExternalServerFromEnvironmentTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    @Test
    void theClassDatabaseIsCreatedOnTheServerTheVariableNames() throws SQLException {
        String url = System.getenv(PostgresDatabase.DATABASE_URL_VARIABLE);
        assertThat(db.server()).isEqualTo(PostgresServer.external(url));
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement query =
                        connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            query.setString(1, db.name());
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("database %s on %s", db.name(), url).isTrue();
            }
        }
    }
}
