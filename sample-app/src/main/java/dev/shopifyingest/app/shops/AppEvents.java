package dev.shopifyingest.app.shops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the app's live events to every app instance with PostgreSQL's {@code NOTIFY} on the
 * channel {@value #CHANNEL}. Each payload is one JSON object:
 * {@code {"shopId":"3","event":"sync","data":{…}}}, where {@code event} is {@code sync} (data: the
 * sync progress of the API contract) or {@code shop} (data: the {@code Shop} of the contract). The
 * SSE endpoint {@code LISTEN}s on the channel and forwards events to the shop's members.
 *
 * <p>Publishing never fails the caller: a lost event only delays what a dashboard shows.
 */
public final class AppEvents {

    /** The {@code NOTIFY} channel. */
    public static final String CHANNEL = "shopify_ingest_app_events";

    /** PostgreSQL refuses payloads of 8000 bytes or more. */
    static final int MAX_PAYLOAD_BYTES = 7999;

    private static final Logger LOG = LoggerFactory.getLogger(AppEvents.class);

    private final DataSource dataSource;
    private final ObjectMapper mapper;

    /**
     * A publisher over the app's database.
     *
     * @param dataSource the database every instance listens on
     * @param mapper     writes the payloads
     */
    public AppEvents(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Publishes a {@code sync} event: progress of a running sync.
     *
     * @param shopId the shop
     * @param data   the progress, as the contract's {@code sync} object
     */
    public void sync(long shopId, Object data) {
        publish(shopId, "sync", data);
    }

    /**
     * Publishes a {@code shop} event: the shop's state changed.
     *
     * @param shopId the shop
     * @param shop   the shop, as the contract's {@code Shop} object
     */
    public void shop(long shopId, Object shop) {
        publish(shopId, "shop", shop);
    }

    private void publish(long shopId, String event, Object data) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("shopId", Long.toString(shopId));
        payload.put("event", event);
        payload.put("data", data);
        String json;
        try {
            json = mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            LOG.warn("Could not write the {} event of shop {}", event, shopId, e);
            return;
        }
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            LOG.warn("Dropped the {} event of shop {}: its payload exceeds {} bytes", event, shopId,
                    MAX_PAYLOAD_BYTES);
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, json);
            notify.execute();
        } catch (SQLException e) {
            LOG.warn("Could not publish the {} event of shop {}", event, shopId, e);
        }
    }
}
