package dev.shopifyingest.testkit.postgres;

import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server that runs elsewhere, named by a superuser's JDBC URL. Two instances with the
 * same URL are equal, so per-server state (such as migrated templates) is shared between them.
 */
final class ExternalPostgres implements PostgresServer {
    private static final Pattern URL =
            Pattern.compile("jdbc:postgresql://([^/?#]*)(?:/([^?#]*))?(?:\\?(.*))?");

    private final String adminJdbcUrl;
    private final String hosts;
    private final String adminDatabase;
    private final String parameters;
    private final String user;
    private final String password;

    private ExternalPostgres(String adminJdbcUrl, String hosts, String adminDatabase,
            String parameters, String user, String password) {
        this.adminJdbcUrl = adminJdbcUrl;
        this.hosts = hosts;
        this.adminDatabase = adminDatabase;
        this.parameters = parameters;
        this.user = user;
        this.password = password;
    }

    static ExternalPostgres parse(String adminJdbcUrl) {
        Matcher matcher = adminJdbcUrl == null ? null : URL.matcher(adminJdbcUrl.strip());
        Properties properties =
                matcher != null && matcher.matches() ? Driver.parseURL(adminJdbcUrl.strip(), null) : null;
        if (properties == null) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: '" + redact(adminJdbcUrl)
                    + "'. Expected something like"
                    + " jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=secret");
        }
        String database = matcher.group(2) == null || matcher.group(2).isEmpty()
                ? "postgres" : matcher.group(2);
        return new ExternalPostgres(adminJdbcUrl.strip(), matcher.group(1), database,
                matcher.group(3) == null ? "" : "?" + matcher.group(3),
                properties.getProperty("user", System.getProperty("user.name")),
                properties.getProperty("password", ""));
    }

    @Override
    public String jdbcUrl(String databaseName) {
        if (!databaseName.equals(adminDatabase)) {
            DatabaseNames.quote(databaseName);
        }
        return "jdbc:postgresql://" + hosts + "/" + databaseName + parameters;
    }

    @Override
    public String adminDatabase() {
        return adminDatabase;
    }

    @Override
    public String superuser() {
        return user;
    }

    @Override
    public String superuserPassword() {
        return password;
    }

    @Override
    public DataSource dataSource(String databaseName) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl(databaseName));
        dataSource.setUser(user);
        if (!password.isEmpty()) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExternalPostgres that && adminJdbcUrl.equals(that.adminJdbcUrl);
    }

    @Override
    public int hashCode() {
        return adminJdbcUrl.hashCode();
    }

    @Override
    public String toString() {
        return "PostgreSQL at " + redact(adminJdbcUrl);
    }

    /** The URL with any password parameter's value hidden, for messages and logs. */
    static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
