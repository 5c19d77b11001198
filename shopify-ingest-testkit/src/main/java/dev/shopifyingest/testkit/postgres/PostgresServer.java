package dev.shopifyingest.testkit.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A PostgreSQL server reached as a superuser (or a role with {@code CREATEDB}): either an
 * {@link EmbeddedPostgres} this JVM started, or an external server named by a JDBC URL.
 *
 * <p>Tests use it to create and drop whole databases, to run statements that need a superuser
 * (creating roles, extensions), and to obtain a {@link DataSource} or JDBC URL for any database
 * on the server. Database names are plain identifiers (letters, digits and underscores, starting
 * with a letter or underscore, at most 63 characters); anything else is rejected rather than
 * quoted, so a name can never smuggle SQL in.
 */
public sealed interface PostgresServer permits EmbeddedPostgres, ExternalPostgres {

    /**
     * Connects to a PostgreSQL server that is already running, through a superuser's JDBC URL.
     *
     * @param adminJdbcUrl a URL such as
     *     {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=secret}; the
     *     database in it is the one administrative statements run in, and its parameters (user,
     *     password, ssl, ...) are kept for every database on that server
     * @return the server; nothing is connected until a method needs it
     * @throws IllegalArgumentException if the URL is not a PostgreSQL JDBC URL
     */
    static PostgresServer external(String adminJdbcUrl) {
        return ExternalPostgres.parse(adminJdbcUrl);
    }

    /**
     * Returns a JDBC URL for a database on this server. For an embedded server it holds no
     * credentials (use {@link #superuser()} and {@link #superuserPassword()}); for an external
     * server it keeps the parameters of the URL the server was named by.
     *
     * @param databaseName the database to connect to
     * @return a {@code jdbc:postgresql:} URL
     */
    String jdbcUrl(String databaseName);

    /**
     * Returns the database that administrative statements run in, usually {@code postgres}.
     *
     * @return the administrative database's name
     */
    String adminDatabase();

    /**
     * Returns the name of the superuser that {@link #dataSource(String)} connects as.
     *
     * @return the role name
     */
    String superuser();

    /**
     * Returns the superuser's password; empty when the server needs none (trust authentication).
     *
     * @return the password, never {@code null}
     */
    String superuserPassword();

    /**
     * Returns a data source that opens a new connection, as the superuser, to a database on this
     * server for every {@link DataSource#getConnection()} call. Wrap it in a pool if a test opens
     * many connections.
     *
     * @param databaseName the database to connect to
     * @return an unpooled data source
     */
    DataSource dataSource(String databaseName);

    /**
     * Returns a data source for the {@linkplain #adminDatabase() administrative database}.
     *
     * @return an unpooled data source connecting as the superuser
     */
    default DataSource dataSource() {
        return dataSource(adminDatabase());
    }

    /**
     * Runs one SQL statement as the superuser in the administrative database, for example
     * {@code create role app login password '...'}.
     *
     * @param sql the statement; it must not return rows
     * @throws EmbeddedPostgresException if PostgreSQL rejects it
     */
    default void execute(String sql) {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("PostgreSQL rejected a statement run as superuser "
                    + superuser() + " in database " + adminDatabase() + " of " + this + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Creates an empty database (a copy of {@code template1}).
     *
     * @param name the new database's name
     * @throws IllegalArgumentException if the name is not a plain identifier
     * @throws EmbeddedPostgresException if PostgreSQL refuses, for example because it exists
     */
    default void createDatabase(String name) {
        execute("create database " + DatabaseNames.quote(name));
    }

    /**
     * Creates a database as a copy of another one. PostgreSQL copies files, so this is fast however
     * many tables the template has; nobody may be connected to the template meanwhile.
     *
     * @param name the new database's name
     * @param template the database to copy
     * @throws IllegalArgumentException if a name is not a plain identifier
     * @throws EmbeddedPostgresException if PostgreSQL refuses
     */
    default void createDatabase(String name, String template) {
        execute("create database " + DatabaseNames.quote(name)
                + " template " + DatabaseNames.quote(template));
    }

    /**
     * Drops a database if it exists, ending the sessions still connected to it first.
     *
     * @param name the database to drop
     * @throws IllegalArgumentException if the name is not a plain identifier
     * @throws EmbeddedPostgresException if PostgreSQL refuses
     */
    default void dropDatabase(String name) {
        execute("drop database if exists " + DatabaseNames.quote(name) + " with (force)");
    }

    /**
     * Tells whether a database exists on this server.
     *
     * @param name the database's name
     * @return whether {@code pg_database} lists it
     * @throws EmbeddedPostgresException if the server cannot be queried
     */
    default boolean databaseExists(String name) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement query =
                        connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("Could not list the databases of " + this + ": "
                    + e.getMessage(), e);
        }
    }
}
