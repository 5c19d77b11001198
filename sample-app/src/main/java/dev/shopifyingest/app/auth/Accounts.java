package dev.shopifyingest.app.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code app.users} and {@code app.memberships} tables. */
final class Accounts {

    /**
     * A stored account. {@link #toString()} leaves the hash out.
     *
     * @param id           the user id
     * @param email        the normalised email
     * @param passwordHash the Argon2id PHC string
     * @param createdAt    when the account was created
     */
    record Account(long id, EmailAddress email, String passwordHash, Instant createdAt) {
        @Override
        public String toString() {
            return "Account[id=" + id + ", createdAt=" + createdAt + "]";
        }
    }

    /**
     * A user's access to a shop.
     *
     * @param shopId    the shop's id in the store's registry
     * @param role      {@code owner} or {@code member}
     * @param createdAt when it was granted
     */
    record Membership(long shopId, String role, Instant createdAt) {
    }

    private static final String INSERT = """
            insert into app.users (email, password_hash, created_at)
            values (?, ?, ?)
            on conflict (email) do nothing
            returning id
            """;
    private static final String BY_EMAIL = """
            select id, email, password_hash, created_at
            from app.users
            where email = ?
            """;
    private static final String BY_ID = """
            select id, email, password_hash, created_at
            from app.users
            where id = ?
            """;
    private static final String UPDATE_HASH = """
            update app.users set password_hash = ? where id = ?
            """;
    private static final String MEMBERSHIPS = """
            select shop_id, role, created_at
            from app.memberships
            where user_id = ?
            order by shop_id
            """;

    private final DataSource dataSource;
    private final Clock clock;

    Accounts(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates an account unless the email is taken.
     *
     * @return the new account, or empty when an account with that email exists
     */
    Optional<Account> create(EmailAddress email, String passwordHash) throws SQLException {
        // PostgreSQL keeps microseconds: answer with what a later read will return.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, email.value());
            insert.setString(2, passwordHash);
            insert.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rows = insert.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Account(rows.getLong(1), email, passwordHash, now));
            }
        }
    }

    Optional<Account> findByEmail(EmailAddress email) throws SQLException {
        return findOne(BY_EMAIL, statement -> statement.setString(1, email.value()));
    }

    Optional<Account> findById(long id) throws SQLException {
        return findOne(BY_ID, statement -> statement.setLong(1, id));
    }

    void updatePasswordHash(long id, String passwordHash) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(UPDATE_HASH)) {
            update.setString(1, passwordHash);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    List<Membership> memberships(long userId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(MEMBERSHIPS)) {
            query.setLong(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                List<Membership> memberships = new ArrayList<>();
                while (rows.next()) {
                    memberships.add(new Membership(rows.getLong(1), rows.getString(2),
                            rows.getTimestamp(3).toInstant()));
                }
                return memberships;
            }
        }
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private Optional<Account> findOne(String sql, Binder binder) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            binder.bind(query);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Account(rows.getLong(1), new EmailAddress(rows.getString(2)),
                        rows.getString(3), rows.getTimestamp(4).toInstant()));
            }
        }
    }
}
