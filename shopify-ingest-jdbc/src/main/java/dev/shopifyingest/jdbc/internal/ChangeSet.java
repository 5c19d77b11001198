package dev.shopifyingest.jdbc.internal;

import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.jdbc.ChangeEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one transaction changed, sent as {@code NOTIFY} payloads just before it commits (PostgreSQL
 * delivers them only if and when it does). One notification per shop, type and kind; it lists the
 * ids when they fit comfortably under PostgreSQL's 8000-byte payload limit and otherwise only
 * their count, and listeners reload.
 */
public final class ChangeSet {

    /** At most this many ids in one payload: 19 digits and a comma each stay near 4 KB. */
    public static final int MAX_IDS = 200;

    private record Key(long shopId, EntityType type, ChangeEvent.Kind kind) {
    }

    private final Map<Key, List<Long>> ids = new LinkedHashMap<>();
    private final Map<Key, Integer> counts = new LinkedHashMap<>();

    /** An empty change set, one per transaction. */
    public ChangeSet() {
    }

    /** Records changed ids ({@code type} null for shop-level kinds). */
    public void add(long shopId, EntityType type, ChangeEvent.Kind kind, long[] changed) {
        if (changed.length == 0) {
            return;
        }
        Key key = new Key(shopId, type, kind);
        List<Long> list = ids.computeIfAbsent(key, k -> new ArrayList<>());
        for (long id : changed) {
            if (list.size() < MAX_IDS + 1) {
                list.add(id);
            }
        }
        counts.merge(key, changed.length, Integer::sum);
    }

    /** Records a shop-level change. */
    public void shop(long shopId, ChangeEvent.Kind kind) {
        Key key = new Key(shopId, null, kind);
        ids.putIfAbsent(key, new ArrayList<>());
        counts.merge(key, 1, Integer::sum);
    }

    /** Whether nothing changed. */
    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** Sends the notifications on {@code channel} in the current transaction. */
    public void notify(Connection connection, String channel) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        List<String> payloads = new ArrayList<>(counts.size());
        counts.forEach((key, count) -> payloads.add(payload(key, ids.get(key), count)));
        try (PreparedStatement statement = connection.prepareStatement(
                "select count(pg_notify(?, p)) from unnest(?::text[]) as p")) {
            statement.setString(1, channel);
            statement.setArray(2, connection.createArrayOf("text", payloads.toArray()));
            statement.executeQuery().close();
        }
    }

    /**
     * The payload, e.g. {@code {"v":1,"shop":7,"kind":"UPSERTED","type":"ORDER","count":2,"ids":[10,11]}};
     * {@code ids} is absent when there were more than {@link #MAX_IDS}.
     */
    static String payload(Key key, List<Long> changed, int count) {
        StringBuilder out = new StringBuilder("{\"v\":1,\"shop\":").append(key.shopId())
                .append(",\"kind\":\"").append(key.kind()).append('"');
        if (key.type() != null) {
            out.append(",\"type\":\"").append(key.type()).append('"');
        }
        out.append(",\"count\":").append(count);
        if (key.type() != null && count <= MAX_IDS) {
            out.append(",\"ids\":[");
            for (int i = 0; i < changed.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(changed.get(i));
            }
            out.append(']');
        }
        return out.append('}').toString();
    }
}
