package dev.shopifyingest.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@value PostgresDatabase#DATABASE_URL_VARIABLE} points tests at an external server. A second
 * embedded server plays that external server here, so the test needs no server of its own.
 */
class ExternalServerTest {
    private static EmbeddedPostgres external;

    @BeforeAll
    static void startTheExternalServer() {
        external = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopTheExternalServer() {
        external.close();
    }

    @Test
    void theEnvironmentVariableSendsDatabasesToTheServerItNames() {
        String url = "jdbc:postgresql://127.0.0.1:" + external.port() + "/postgres?user="
                + external.superuser() + "&password=" + external.superuserPassword();

        PostgresServer server = SharedTestServer.forEnvironment(
                Map.of(PostgresDatabase.DATABASE_URL_VARIABLE, url));
        PostgresDatabase db = PostgresDatabase.builder().server(server).build();
        String name = db.name();
        try {
            assertThat(server).isInstanceOf(ExternalPostgres.class);
            assertThat(external.databaseExists(name)).isTrue();
            assertThat(db.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + external.port()
                    + "/" + name + "?");
            assertThat(server.toString()).doesNotContain(external.superuserPassword());
        } finally {
            server.dropDatabase(name);
        }
        assertThat(external.databaseExists(name)).isFalse();
    }

    @Test
    void templatesAreMigratedOnTheExternalServerToo() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + external.port() + "/postgres?user="
                + external.superuser() + "&password=" + external.superuserPassword();
        PostgresServer server = PostgresServer.external(url);
        PostgresDatabase db = PostgresDatabase.builder().server(server)
                .migratedWith("external-template", dataSource -> {
                    try (var connection = dataSource.getConnection();
                            var statement = connection.createStatement()) {
                        statement.execute("create table migrated_here (id int)");
                    }
                })
                .build();
        try {
            assertThat(EmbeddedPostgresTest.query(external, db.name(),
                    "select count(*) from migrated_here")).isEqualTo("0");
        } finally {
            server.dropDatabase(db.name());
        }
    }

    @Test
    void aMalformedUrlIsReportedWithTheVariableName() {
        assertThatThrownBy(() -> SharedTestServer.forEnvironment(
                Map.of(PostgresDatabase.DATABASE_URL_VARIABLE, "postgres://localhost?password=hunter2")))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining(PostgresDatabase.DATABASE_URL_VARIABLE)
                .hasMessageContaining("Not a PostgreSQL JDBC URL")
                .hasMessageNotContaining("hunter2");
    }
}
