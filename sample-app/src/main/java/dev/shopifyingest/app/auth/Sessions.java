package dev.shopifyingest.app.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code app.sessions} table: one row per log-in, named by the session token. A session
 * ends at its absolute end however often its token is renewed, or when it is revoked (log-out).
 */
final class Sessions {

    /** How long a session can last in all, however active. */
    static final Duration MAX_LIFETIME = Duration.ofHours(12);

    private static final String INSERT = """
            insert into app.sessions (id, user_id, created_at, expires_at)
            values (?, ?, ?, ?)
            """;
    private static final String ACTIVE = """
            select u.id, u.email, s.expires_at
            from app.sessions s
            join app.users u on u.id = s.user_id
            where s.id = ? and s.user_id = ? and s.revoked_at is null and s.expires_at > ?
            """;
    private static final String REVOKE = """
            update app.sessions set revoked_at = ? where id = ? and revoked_at is null
            """;

    /**
     * A new session.
     *
     * @param id        its id, named by its tokens
     * @param userId    whose it is
     * @param expiresAt its absolute end
     */
    record Started(UUID id, long userId, Instant expiresAt) {
    }

    private final DataSource dataSource;
    private final Clock clock;

    Sessions(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Started start(long userId) throws SQLException {
        // PostgreSQL keeps microseconds: answer with what a later read will return.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Started session = new Started(UUID.randomUUID(), userId, now.plus(MAX_LIFETIME));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, session.id());
            insert.setLong(2, userId);
            insert.setTimestamp(3, Timestamp.from(now));
            insert.setTimestamp(4, Timestamp.from(session.expiresAt()));
            insert.executeUpdate();
        }
        return session;
    }

    /** The session's user, when the session exists, belongs to that user, and is neither revoked nor over. */
    Optional<CurrentUser> active(UUID sessionId, long userId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(ACTIVE)) {
            query.setObject(1, sessionId);
            query.setLong(2, userId);
            query.setTimestamp(3, Timestamp.from(clock.instant()));
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CurrentUser(rows.getLong(1), rows.getString(2), sessionId,
                        rows.getTimestamp(3).toInstant()));
            }
        }
    }

    void revoke(UUID sessionId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(REVOKE)) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setObject(2, sessionId);
            update.executeUpdate();
        }
    }
}
