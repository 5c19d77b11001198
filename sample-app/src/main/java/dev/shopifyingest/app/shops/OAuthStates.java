package dev.shopifyingest.app.shops;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.OAuthState;
import dev.shopifyingest.core.auth.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * OAuth states in {@code app.oauth_states}, so a connect started on one app instance may finish
 * on another. Consuming deletes the row, so a state is used at most once even when two instances
 * race; expired rows are swept whenever a state is saved.
 */
public final class OAuthStates implements StateStore {

    private final DataSource dataSource;
    private final Clock clock;

    /**
     * States in the app's database.
     *
     * @param dataSource the migrated database
     * @param clock      decides which states have expired, for the sweep
     */
    public OAuthStates(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void save(OAuthState state) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement sweep = connection.prepareStatement(
                        "delete from app.oauth_states where expires_at < ?");
                PreparedStatement insert = connection.prepareStatement("""
                        insert into app.oauth_states (nonce, session_digest, shop_domain, expires_at)
                        values (?, ?, ?, ?)
                        """)) {
            sweep.setTimestamp(1, Timestamp.from(clock.instant()));
            sweep.executeUpdate();
            insert.setString(1, state.nonce());
            insert.setString(2, state.sessionDigest());
            insert.setString(3, state.shop().value());
            insert.setTimestamp(4, Timestamp.from(state.expiresAt()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not save an OAuth state", e);
        }
    }

    @Override
    public Optional<OAuthState> consume(String nonce) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        delete from app.oauth_states where nonce = ?
                        returning session_digest, shop_domain, expires_at
                        """)) {
            delete.setString(1, nonce);
            try (ResultSet row = delete.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new OAuthState(nonce, row.getString(1), ShopDomain.parse(row.getString(2)),
                        row.getTimestamp(3).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not consume an OAuth state", e);
        }
    }
}
