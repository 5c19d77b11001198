package dev.shopifyingest.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {
    private static final int NOBODY = 65534;

    private static EmbeddedPostgres shared;

    @BeforeAll
    static void startShared() {
        shared = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopShared() {
        shared.close();
    }

    @Test
    void runsPostgres17AndAcceptsTheSuperuser() throws SQLException {
        assertThat(query(shared, "postgres", "select version()"))
                .startsWith("PostgreSQL 17.");
        assertThat(query(shared, "postgres", "select current_setting('server_version_num')"))
                .startsWith("17");
        assertThat(shared.majorVersion()).isEqualTo(17);
        assertThat(query(shared, "postgres", "select rolsuper::text from pg_roles"
                + " where rolname = current_user")).isEqualTo("true");
    }

    @Test
    void listensOnLoopbackOnlyWithoutAUnixSocket() throws SQLException {
        assertThat(query(shared, "postgres", "select current_setting('listen_addresses')"))
                .isEqualTo("127.0.0.1");
        assertThat(query(shared, "postgres", "select current_setting('unix_socket_directories')"))
                .isEmpty();
        assertThat(query(shared, "postgres", "select current_setting('max_connections')"))
                .isEqualTo("200");
    }

    @Test
    void aServerWithoutDataDirectoryIsEphemeralAndFast() throws SQLException {
        assertThat(query(shared, "postgres", "select current_setting('fsync')")).isEqualTo("off");
        assertThat(query(shared, "postgres", "select current_setting('synchronous_commit')"))
                .isEqualTo("off");
        assertThat(query(shared, "postgres", "select current_setting('full_page_writes')"))
                .isEqualTo("off");
    }

    @Test
    void jdbcUrlAndCredentialsConnectWithoutTheDataSource() throws SQLException {
        try (Connection connection = DriverManager.getConnection(shared.jdbcUrl("postgres"),
                shared.superuser(), shared.superuserPassword())) {
            assertThat(connection.isValid(1)).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(shared.jdbcUrl("postgres"),
                shared.superuser(), "wrong")).isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void createsDatabasesAndRunsStatementsAsSuperuser() throws SQLException {
        shared.createDatabase("created_by_test");
        shared.execute("create role reader_for_test login password 'reader'");
        assertThat(shared.databaseExists("created_by_test")).isTrue();
        assertThat(query(shared, "created_by_test", "select current_database()"))
                .isEqualTo("created_by_test");
        assertThat(query(shared, "postgres",
                "select count(*) from pg_roles where rolname = 'reader_for_test'")).isEqualTo("1");

        shared.dropDatabase("created_by_test");
        assertThat(shared.databaseExists("created_by_test")).isFalse();
    }

    @Test
    void rejectsDatabaseNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> shared.createDatabase("x\"; drop database postgres; --"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a plain database name");
    }

    @Test
    void closeStopsTheServerSoItsPortRefusesConnections() {
        EmbeddedPostgres postgres = EmbeddedPostgres.start();
        int port = postgres.port();
        Path dataDirectory = postgres.dataDirectory();
        assertThat(accepts(port)).isTrue();

        postgres.close();

        assertThat(postgres.isRunning()).isFalse();
        assertThat(accepts(port)).isFalse();
        assertThat(dataDirectory).as("temporary data directory").doesNotExist();
        postgres.close(); // a second close does nothing
    }

    @Test
    void aSecondStartOnTheSameDataDirectorySeesTheFirstOnesData(@TempDir Path temp)
            throws IOException, SQLException {
        Path dataDirectory = reachableDirectory(temp).resolve("data");
        try (EmbeddedPostgres first = EmbeddedPostgres.builder().dataDirectory(dataDirectory)
                .durable(false).start()) {
            execute(first, "create table remembered (note text)");
            execute(first, "insert into remembered values ('written by the first run')");
        }
        assertThat(dataDirectory.resolve("PG_VERSION")).exists();

        try (EmbeddedPostgres second = EmbeddedPostgres.builder().dataDirectory(dataDirectory)
                .durable(false).start()) {
            assertThat(query(second, "postgres", "select note from remembered"))
                    .isEqualTo("written by the first run");
        }
        assertThat(dataDirectory).as("a configured data directory is kept").exists();
    }

    @Test
    void aConfiguredDataDirectoryIsDurableByDefault(@TempDir Path temp)
            throws IOException, SQLException {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .dataDirectory(reachableDirectory(temp).resolve("data")).start()) {
            assertThat(query(postgres, "postgres", "select current_setting('fsync')")).isEqualTo("on");
        }
    }

    @Test
    void theServerDoesNotRunAsRootWhenTheJvmDoes() throws IOException, SQLException {
        assumeTrue(ServerAccount.effectiveUid() == 0, "the JVM does not run as root");

        assertThat(uids(shared.pid())).as("real, effective, saved and file-system uids")
                .containsOnly(NOBODY);
        Path dataDirectory = Path.of(query(shared, "postgres",
                "select current_setting('data_directory')"));
        assertThat(ServerAccount.ownerUid(dataDirectory)).isEqualTo(NOBODY);
    }

    @Test
    void aDataDirectoryUnderAPrivateRootDirectoryWorksForRoot(@TempDir Path temp)
            throws IOException, SQLException {
        assumeTrue(ServerAccount.effectiveUid() == 0, "the JVM does not run as root");
        assumeTrue(ServerAccount.canBindMount(), "this root may not create mount namespaces");
        Path privateHome = temp.resolve("home");
        Files.createDirectory(privateHome);
        Files.setPosixFilePermissions(privateHome, PosixFilePermissions.fromString("rwx------"));
        Path dataDirectory = privateHome.resolve(".shopify-ingest").resolve("postgres-data");

        try (EmbeddedPostgres first = EmbeddedPostgres.builder().dataDirectory(dataDirectory)
                .durable(false).start()) {
            execute(first, "create table kept (id int)");
            execute(first, "insert into kept values (42)");
            assertThat(uids(first.pid())).containsOnly(NOBODY);
        }
        try (EmbeddedPostgres second = EmbeddedPostgres.builder().dataDirectory(dataDirectory)
                .durable(false).start()) {
            assertThat(query(second, "postgres", "select id::text from kept")).isEqualTo("42");
        }
        assertThat(Files.getPosixFilePermissions(privateHome))
                .as("no permission was loosened").isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void reportsADataDirectoryThatIsARegularFile(@TempDir Path temp) throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-directory"), "hello");

        assertThatThrownBy(() -> EmbeddedPostgres.builder().dataDirectory(file).start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is not a directory");
    }

    @Test
    void reportsANonEmptyDataDirectoryWithoutACluster(@TempDir Path temp) throws IOException {
        Files.writeString(temp.resolve("notes.txt"), "someone else's files");

        assertThatThrownBy(() -> EmbeddedPostgres.builder().dataDirectory(temp).start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("not empty but holds no PostgreSQL cluster");
    }

    @Test
    void reportsAConfiguredPortThatIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedPostgres.builder().port(taken.getLocalPort()).start())
                    .isInstanceOf(EmbeddedPostgresException.class)
                    .hasMessageContaining("exited")
                    .hasMessageContaining("could not bind");
        }
    }

    /** A directory inside JUnit's temporary directory that user nobody can reach, as /tmp is. */
    static Path reachableDirectory(Path temp) throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        return temp;
    }

    private static List<Integer> uids(long pid) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
            String uidLine = lines.filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow();
            return Stream.of(uidLine.substring(4).trim().split("\\s+")).map(Integer::valueOf).toList();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String query(PostgresServer server, String database, String sql) throws SQLException {
        try (Connection connection = server.dataSource(database).getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row from: " + sql).isTrue();
            return rows.getString(1);
        }
    }

    static void execute(PostgresServer server, String sql) throws SQLException {
        try (Connection connection = server.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
