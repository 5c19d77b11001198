package dev.shopifyingest.app.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Rate limits log-ins from the {@code app.login_attempts} table, so the limit holds across every
 * instance of the app. Throttled attempts are not recorded: waiting out the window always works.
 *
 * <p>The check and the record are separate statements, so concurrent attempts can overshoot a
 * limit by the number in flight; the limit bounds guessing rates, it is not an exact counter.
 */
final class LoginThrottle {

    /** Rows older than this (or than two windows, if longer) are deleted as new attempts are recorded. */
    private static final Duration RETENTION = Duration.ofDays(1);

    // The limit-th most recent failure still inside the window; when it leaves the window, the
    // count drops below the limit. For an email, failures before its last success do not count.
    private static final String NTH_EMAIL_FAILURE = """
            select attempted_at
            from app.login_attempts
            where email = ? and not succeeded and attempted_at > ?
              and attempted_at > coalesce(
                  (select max(attempted_at) from app.login_attempts where email = ? and succeeded),
                  '-infinity')
            order by attempted_at desc
            offset ? limit 1
            """;
    private static final String NTH_ADDRESS_FAILURE = """
            select attempted_at
            from app.login_attempts
            where client_address = ? and not succeeded and attempted_at > ?
            order by attempted_at desc
            offset ? limit 1
            """;
    private static final String RECORD = """
            insert into app.login_attempts (email, client_address, succeeded, attempted_at)
            values (?, ?, ?, ?)
            """;
    private static final String PURGE = """
            delete from app.login_attempts where attempted_at < ?
            """;

    private final DataSource dataSource;
    private final Clock clock;
    private final LoginLimits limits;

    LoginThrottle(DataSource dataSource, Clock clock, LoginLimits limits) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * How long the caller must wait before trying to log in again.
     *
     * @param email   the email as normalised for throttling
     * @param address the client's address
     * @return the wait, at least one second; empty when an attempt is allowed now
     */
    Optional<Duration> retryAfter(String email, String address) throws SQLException {
        Instant now = clock.instant();
        Instant windowStart = now.minus(limits.window());
        try (Connection connection = dataSource.getConnection()) {
            Optional<Instant> byEmail = nth(connection, NTH_EMAIL_FAILURE, statement -> {
                statement.setString(1, email);
                statement.setTimestamp(2, Timestamp.from(windowStart));
                statement.setString(3, email);
                statement.setInt(4, limits.failuresPerEmail() - 1);
            });
            Optional<Instant> byAddress = nth(connection, NTH_ADDRESS_FAILURE, statement -> {
                statement.setString(1, address);
                statement.setTimestamp(2, Timestamp.from(windowStart));
                statement.setInt(3, limits.failuresPerAddress() - 1);
            });
            Optional<Instant> freedAt = latest(byEmail, byAddress).map(failure -> failure.plus(limits.window()));
            return freedAt.filter(now::isBefore).map(until -> roundUpToSeconds(Duration.between(now, until)));
        }
    }

    void recordFailure(String email, String address) throws SQLException {
        record(email, address, false);
    }

    void recordSuccess(String email, String address) throws SQLException {
        record(email, address, true);
    }

    private void record(String email, String address, boolean succeeded) throws SQLException {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(RECORD)) {
                insert.setString(1, email);
                insert.setString(2, address);
                insert.setBoolean(3, succeeded);
                insert.setTimestamp(4, Timestamp.from(now));
                insert.executeUpdate();
            }
            try (PreparedStatement purge = connection.prepareStatement(PURGE)) {
                Duration keep = limits.window().multipliedBy(2);
                purge.setTimestamp(1, Timestamp.from(now.minus(keep.compareTo(RETENTION) > 0 ? keep : RETENTION)));
                purge.executeUpdate();
            }
        }
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private static Optional<Instant> nth(Connection connection, String sql, Binder binder) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            binder.bind(query);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }

    private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
    }

    private static Duration roundUpToSeconds(Duration duration) {
        Duration seconds = Duration.ofSeconds(duration.getSeconds());
        return seconds.equals(duration) ? Duration.ofSeconds(Math.max(1, seconds.getSeconds()))
                : seconds.plusSeconds(1);
    }
}
