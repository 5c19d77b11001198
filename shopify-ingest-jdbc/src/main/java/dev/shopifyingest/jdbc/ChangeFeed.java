package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.model.EntityType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Announces committed changes to every app instance, through PostgreSQL's {@code LISTEN/NOTIFY}:
 * the store sends a notification on {@link #channel()} in each transaction that changes data, and
 * PostgreSQL delivers it when, and only if, that transaction commits. Obtain it from
 * {@link PostgresStore#changes()}.
 *
 * <p>Each {@link #subscribe subscription} keeps one connection of the store's data source for
 * itself and reconnects with exponential backoff when it is lost, then tells the listener that it
 * may have missed changes.
 */
public final class ChangeFeed {

    private static final Pattern SHOP = Pattern.compile("\"shop\":(\\d+)");
    private static final Pattern KIND = Pattern.compile("\"kind\":\"([A-Z_]+)\"");
    private static final Pattern TYPE = Pattern.compile("\"type\":\"([A-Z_]+)\"");
    private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");
    private static final Pattern IDS = Pattern.compile("\"ids\":\\[([0-9,]*)]");

    private final DataSource dataSource;
    private final String channel;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    ChangeFeed(DataSource dataSource, String channel, Duration initialBackoff, Duration maxBackoff) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * The {@code NOTIFY} channel, for listeners outside Java.
     *
     * @return the channel name
     */
    public String channel() {
        return channel;
    }

    /**
     * Delivers every shop's changes to {@code listener} until the subscription is closed.
     *
     * @param listener the listener
     * @return the subscription; close it to stop listening and free its connection
     */
    public ChangeSubscription subscribe(ChangeListener listener) {
        Objects.requireNonNull(listener, "listener");
        return ChangeSubscription.start(dataSource, channel, listener, initialBackoff, maxBackoff);
    }

    /**
     * Delivers one shop's changes to {@code listener} until the subscription is closed.
     *
     * @param shopId the shop
     * @param listener the listener
     * @return the subscription
     */
    public ChangeSubscription subscribe(long shopId, ChangeListener listener) {
        Objects.requireNonNull(listener, "listener");
        return subscribe(new ChangeListener() {
            @Override
            public void onChange(ChangeEvent event) {
                if (event.shopId() == shopId) {
                    listener.onChange(event);
                }
            }

            @Override
            public void onMissedChanges() {
                listener.onMissedChanges();
            }
        });
    }

    /**
     * Reads a notification payload the store sent.
     *
     * @param payload the payload
     * @return the event, or empty if the payload is not one of the store's
     */
    static Optional<ChangeEvent> parse(String payload) {
        if (payload == null || !payload.startsWith("{\"v\":1,")) {
            return Optional.empty();
        }
        Matcher shop = SHOP.matcher(payload);
        Matcher kind = KIND.matcher(payload);
        Matcher count = COUNT.matcher(payload);
        if (!shop.find() || !kind.find() || !count.find()) {
            return Optional.empty();
        }
        try {
            Matcher type = TYPE.matcher(payload);
            Matcher ids = IDS.matcher(payload);
            List<Long> list = new ArrayList<>();
            if (ids.find() && !ids.group(1).isEmpty()) {
                for (String id : ids.group(1).split(",")) {
                    list.add(Long.parseLong(id));
                }
            }
            return Optional.of(new ChangeEvent(Long.parseLong(shop.group(1)), ChangeEvent.Kind.valueOf(kind.group(1)),
                    type.find() ? EntityType.valueOf(type.group(1)) : null, list, Integer.parseInt(count.group(1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Names the channel.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "ChangeFeed[channel=" + channel + "]";
    }
}
