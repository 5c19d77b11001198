package dev.shopifyingest.app.shops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Which users may see which shops: the {@code app.memberships} table, keyed by the shop id of
 * {@code shopify-ingest-jdbc}'s registry. Every shops and insights route asks {@link #isMember}
 * before it touches a shop, so another tenant's shop looks exactly like a missing one.
 */
public final class Memberships {

    private final DataSource dataSource;
    private final Clock clock;

    /**
     * Memberships over the app's database.
     *
     * @param dataSource the migrated database
     * @param clock      stamps new memberships
     */
    public Memberships(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Whether the user may see the shop.
     *
     * @param userId the user
     * @param shopId the shop
     * @return true if the user is a member
     */
    public boolean isMember(long userId, long shopId) {
        return query("select 1 from app.memberships where user_id = ? and shop_id = ?", userId, shopId)
                .size() == 1;
    }

    /**
     * Makes the user a member of the shop (as owner); does nothing if they already are.
     *
     * @param userId the user
     * @param shopId the shop
     */
    public void add(long userId, long shopId) {
        update("""
                insert into app.memberships (user_id, shop_id, role, created_at) values (?, ?, 'owner', ?)
                on conflict (user_id, shop_id) do nothing
                """, userId, shopId, true);
    }

    /**
     * Ends the user's membership of the shop.
     *
     * @param userId the user
     * @param shopId the shop
     * @return whether there was a membership to end
     */
    public boolean remove(long userId, long shopId) {
        return update("delete from app.memberships where user_id = ? and shop_id = ?", userId, shopId, false) == 1;
    }

    /**
     * The shops the user may see, by id.
     *
     * @param userId the user
     * @return their shop ids, ascending
     */
    public List<Long> shopIdsOf(long userId) {
        return query("select shop_id from app.memberships where user_id = ? order by shop_id", userId, null);
    }

    private List<Long> query(String sql, long userId, Long shopId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, userId);
            if (shopId != null) {
                statement.setLong(2, shopId);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<Long> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
                return ids;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read memberships of user " + userId, e);
        }
    }

    private int update(String sql, long userId, long shopId, boolean stamped) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, userId);
            statement.setLong(2, shopId);
            if (stamped) {
                statement.setTimestamp(3, Timestamp.from(clock.instant()));
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not change the membership of user " + userId + " in shop " + shopId,
                    e);
        }
    }
}
