package dev.shopifyingest.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

class PostgresDatabaseTest {
    /** Unique per JVM run, so that no other test shares (and pre-migrates) this key. */
    static final String KEY = "counted-" + UUID.randomUUID();
    static final AtomicInteger MIGRATIONS = new AtomicInteger();
    static final Map<String, String> DATABASES = new ConcurrentHashMap<>();

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    static void migrate(DataSource dataSource) throws SQLException {
        MIGRATIONS.incrementAndGet();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table greeting (text text not null)");
            statement.execute("insert into greeting values ('hello from the template')");
        }
    }

    @Test
    void aPlainDatabaseIsEmptyAndNamedAfterItsClass() throws SQLException {
        assertThat(db.name()).startsWith("test_postgresdatabasetest_");
        assertThat(EmbeddedPostgresTest.query(db.server(), db.name(),
                "select count(*) from pg_tables where schemaname = 'public'")).isEqualTo("0");
        assertThat(db.server().databaseExists(db.name())).isTrue();
    }

    @Test
    void itsUrlAndCredentialsConnect() throws SQLException {
        try (Connection connection = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(),
                db.password())) {
            assertThat(connection.getCatalog()).isEqualTo(db.name());
        }
    }

    @Test
    void eachClassGetsItsOwnCopyOfATemplateMigratedOncePerKey() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FirstClass.class), selectClass(SecondClass.class))
                .execute();

        assertThat(failures(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
        assertThat(MIGRATIONS).as("migrations run for key " + KEY).hasValue(1);
        assertThat(DATABASES.get("first")).isNotNull().isNotEqualTo(DATABASES.get("second"));
        assertThat(DATABASES.get("nested")).as("a @Nested class shares its outer class's database")
                .isEqualTo(DATABASES.get("first"));
        assertThat(db.server().databaseExists(DATABASES.get("first")))
                .as("dropped after its class").isFalse();
        assertThat(db.server().databaseExists(DATABASES.get("second")))
                .as("dropped after its class").isFalse();

        EngineTestKit.engine("junit-jupiter").selectors(selectClass(FirstClass.class)).execute();
        assertThat(MIGRATIONS).as("still once per JVM").hasValue(1);
    }

    @Test
    void aFailingMigrationFailsTheClassWithItsKeyAndCause() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(BrokenMigrationClass.class))
                .execute();

        assertThat(failures(results)).singleElement().asString()
                .contains("broken-" + KEY)
                .contains("relation \"no_such_table\" does not exist");
    }

    private static List<String> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream()
                .map(Event::getPayload)
                .map(payload -> payload.orElseThrow().toString())
                .toList();
    }

    /** Run through {@link EngineTestKit} only (surefire skips nested classes). */
    static class FirstClass {
        @RegisterExtension
        static final PostgresDatabase db =
                PostgresDatabase.migratedWith(KEY, PostgresDatabaseTest::migrate);

        @Test
        void seesTheMigratedRows() throws SQLException {
            DATABASES.put("first", db.name());
            assertThat(EmbeddedPostgresTest.query(db.server(), db.name(), "select text from greeting"))
                    .isEqualTo("hello from the template");
        }

        @Nested
        class Inner {
            @Test
            void sharesTheOuterDatabase() {
                DATABASES.put("nested", db.name());
            }
        }
    }

    /** Run through {@link EngineTestKit} only. */
    static class SecondClass {
        @RegisterExtension
        static final PostgresDatabase db =
                PostgresDatabase.migratedWith(KEY, PostgresDatabaseTest::migrate);

        @Test
        void seesTheMigratedRowsInItsOwnDatabase() throws SQLException {
            DATABASES.put("second", db.name());
            assertThat(EmbeddedPostgresTest.query(db.server(), db.name(), "select text from greeting"))
                    .isEqualTo("hello from the template");
            try (Connection connection = db.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("insert into greeting values ('only in the second class')");
            }
        }
    }

    /** Run through {@link EngineTestKit} only. */
    static class BrokenMigrationClass {
        @RegisterExtension
        static final PostgresDatabase db = PostgresDatabase.migratedWith("broken-" + KEY,
                dataSource -> {
                    try (Connection connection = dataSource.getConnection();
                            Statement statement = connection.createStatement()) {
                        statement.execute("insert into no_such_table values (1)");
                    }
                });

        @Test
        void neverRuns() {}
    }
}
