package dev.shopifyingest.jdbc.internal;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.sync.SyncCheckpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Sync checkpoints: {@code sync_checkpoints}, one row per shop and entity type. */
public final class CheckpointRows {

    private static final String SAVE = """
            insert into sync_checkpoints (shop_id, entity_type, phase, cursor, bulk_operation_id, bulk_records_done,
                    window_start, watermark, run_started_at, saved_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (shop_id, entity_type) do update set
                phase = excluded.phase, cursor = excluded.cursor, bulk_operation_id = excluded.bulk_operation_id,
                bulk_records_done = excluded.bulk_records_done, window_start = excluded.window_start,
                watermark = excluded.watermark, run_started_at = excluded.run_started_at, saved_at = excluded.saved_at
            """;

    private static final String LOAD = """
            select phase, cursor, bulk_operation_id, bulk_records_done, window_start, watermark, run_started_at
            from sync_checkpoints where shop_id = ? and entity_type = ?""";

    private CheckpointRows() {
    }

    /** Saves {@code checkpoint} for tenant {@code shopId}, replacing the previous one. */
    public static void save(Connection connection, long shopId, SyncCheckpoint checkpoint, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SAVE)) {
            new Params(connection, statement).bigint(shopId)
                    .text(checkpoint.type().name())
                    .text(checkpoint.phase().name())
                    .text(checkpoint.cursor())
                    .text(checkpoint.bulkOperationId())
                    .bigint(checkpoint.bulkRecordsDone())
                    .instant(checkpoint.windowStart())
                    .instant(checkpoint.watermark())
                    .instant(checkpoint.runStartedAt())
                    .instant(now);
            statement.executeUpdate();
        }
    }

    /** The checkpoint of tenant {@code shopId} (whose domain is {@code shop}) for {@code type}. */
    public static Optional<SyncCheckpoint> load(Connection connection, long shopId, ShopDomain shop, EntityType type)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LOAD)) {
            statement.setLong(1, shopId);
            statement.setString(2, type.name());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SyncCheckpoint(shop, type, SyncCheckpoint.Phase.valueOf(rs.getString("phase")),
                        rs.getString("cursor"), rs.getString("bulk_operation_id"), rs.getLong("bulk_records_done"),
                        Params.instant(rs, "window_start"), Params.instant(rs, "watermark"),
                        Params.instant(rs, "run_started_at")));
            }
        }
    }
}
