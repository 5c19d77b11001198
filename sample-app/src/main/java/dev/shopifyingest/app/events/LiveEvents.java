package dev.shopifyingest.app.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.app.shops.AppEvents;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.jdbc.ChangeEvent;
import dev.shopifyingest.jdbc.ChangeFeed;
import dev.shopifyingest.jdbc.ChangeListener;
import dev.shopifyingest.jdbc.ChangeSubscription;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live events of every shop on this app instance, fanned out to the open event streams.
 *
 * <p>Two listeners per instance feed it, started with the first stream: one subscription to the
 * store's change feed (every shop; its changes become {@code data-changed} events, at most one per
 * coalescing window per shop, listing the entity types; a change after a quiet window is sent at
 * once, later ones wait for the window's end), and one connection {@code LISTEN}ing on
 * {@value AppEvents#CHANNEL} ({@code sync} and {@code shop} events), reconnecting with backoff.
 * Both are PostgreSQL notifications, so what happens on any instance reaches streams on all.
 *
 * <p>Each shop keeps its last events in a bounded buffer; event ids are
 * {@code {instance}-{sequence}}. A stream resuming with a {@code Last-Event-ID} of this instance
 * that is still in the buffer receives what it missed; otherwise (another instance's id, or one
 * the buffer no longer holds) it receives one {@code data-changed} naming every entity type, so
 * the client reloads.
 */
public final class LiveEvents implements AutoCloseable {

    /** An event as sent: {@code id}, {@code event} name and JSON {@code data}. */
    public record Event(String id, String name, String data) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
    private static final int MAX_SHOPS = 10_000;
    private static final int STREAM_CAPACITY = 1_000;
    private static final Event END = new Event("", "", "");

    private final ChangeFeed feed;
    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration coalesce;
    private final int bufferSize;
    private final String instance = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private final Map<Long, ShopEvents> shops = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ShopEvents> eldest) {
            return size() > MAX_SHOPS && eldest.getValue().idle();
        }
    };
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("live-events-timer").factory());
    private final CountDownLatch appChannelListening = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private ChangeSubscription changes;
    private Thread appChannel;
    private volatile boolean running = true;

    /**
     * The hub; nothing listens until the first stream opens.
     *
     * @param feed       the store's change feed
     * @param dataSource the app's database, for the {@code LISTEN} connection
     * @param mapper     reads and writes event payloads
     * @param clock      stamps {@code data-changed} events
     * @param coalesce   the window in which changes of one shop become one {@code data-changed}
     * @param bufferSize events kept per shop for {@code Last-Event-ID} resumption
     */
    public LiveEvents(ChangeFeed feed, DataSource dataSource, ObjectMapper mapper, Clock clock, Duration coalesce,
            int bufferSize) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.coalesce = Objects.requireNonNull(coalesce, "coalesce");
        this.bufferSize = bufferSize;
    }

    /**
     * Opens a stream of one shop's events, starting the listeners if this is the first stream and
     * waiting (a few seconds at most) until they listen, so nothing published after this returns
     * is missed.
     *
     * @param shopId      the shop, already checked to be the user's
     * @param lastEventId the client's {@code Last-Event-ID}, or null
     * @return the stream; close it when the client is gone
     */
    public Stream open(long shopId, String lastEventId) {
        startListening();
        Stream stream = new Stream(shopId);
        streams.add(stream);
        shop(shopId).attach(stream, lastEventId);
        return stream;
    }

    private synchronized void startListening() {
        if (changes != null || !running) {
            return;
        }
        changes = feed.subscribe(new ChangeListener() {
            @Override
            public void onChange(ChangeEvent event) {
                shop(event.shopId()).changed(event.type() == null ? "SHOP" : event.type().name());
            }

            @Override
            public void onMissedChanges() {
                for (ShopEvents shop : snapshot()) {
                    shop.reloadAll();
                }
            }
        });
        appChannel = Thread.ofPlatform().daemon().name("live-events-listen").start(this::listenToAppChannel);
        try {
            boolean ready = changes.awaitListening(Duration.ofSeconds(5))
                    & appChannelListening.await(5, TimeUnit.SECONDS);
            if (!ready) {
                LOG.warn("Live events are not listening yet; streams open anyway and catch up on reconnect");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listenToAppChannel() {
        Duration backoff = Duration.ofMillis(100);
        boolean connectedBefore = false;
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement listen = connection.createStatement()) {
                listen.execute("LISTEN " + AppEvents.CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                appChannelListening.countDown();
                if (connectedBefore) {
                    // Events published while the connection was down are lost: make clients reload.
                    for (ShopEvents shop : snapshot()) {
                        shop.reloadAll();
                    }
                }
                connectedBefore = true;
                backoff = Duration.ofMillis(100);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Listening on {} failed; reconnecting in {}", AppEvents.CHANNEL, backoff, e);
                try {
                    if (closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                        ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
            }
        }
    }

    private void dispatch(String payload) {
        try {
            JsonNode json = mapper.readTree(payload);
            String event = json.path("event").asText();
            long shopId = Long.parseLong(json.path("shopId").asText());
            if (!event.equals("sync") && !event.equals("shop")) {
                LOG.debug("Ignored app event '{}' of shop {}", event, shopId);
                return;
            }
            shop(shopId).publish(event, mapper.writeValueAsString(json.path("data")));
        } catch (JsonProcessingException | NumberFormatException e) {
            LOG.warn("Ignored a malformed payload on {}", AppEvents.CHANNEL);
        }
    }

    private ShopEvents shop(long shopId) {
        synchronized (shops) {
            return shops.computeIfAbsent(shopId, ShopEvents::new);
        }
    }

    private List<ShopEvents> snapshot() {
        synchronized (shops) {
            return new ArrayList<>(shops.values());
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write an event", e);
        }
    }

    /** Ends every stream and stops listening. */
    @Override
    public void close() {
        running = false;
        closing.countDown();
        for (Stream stream : streams) {
            stream.end();
        }
        synchronized (this) {
            if (changes != null) {
                changes.close();
            }
        }
        timer.shutdownNow();
        if (appChannel != null) {
            try {
                appChannel.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One shop's sequence, buffer, open streams and changes waiting to be coalesced. */
    private final class ShopEvents {
        private final long shopId;
        private final ArrayDeque<Event> buffer = new ArrayDeque<>();
        private final Set<Stream> attached = new java.util.HashSet<>();
        private final Set<String> pending = new TreeSet<>();
        private long sequence;
        private boolean flushScheduled;
        private long lastFlushNanos;

        ShopEvents(long shopId) {
            this.shopId = shopId;
            this.lastFlushNanos = System.nanoTime() - coalesce.toNanos();
        }

        synchronized boolean idle() {
            return attached.isEmpty();
        }

        synchronized void attach(Stream stream, String lastEventId) {
            if (lastEventId != null && !lastEventId.isBlank()) {
                long last = sequenceOf(lastEventId);
                long oldest = buffer.isEmpty() ? sequence + 1 : sequenceOf(buffer.peekFirst().id());
                if (last >= oldest - 1 && last <= sequence) {
                    for (Event event : buffer) {
                        if (sequenceOf(event.id()) > last) {
                            stream.offer(event);
                        }
                    }
                } else {
                    stream.offer(reload(instance + "-" + sequence));
                }
            }
            attached.add(stream);
        }

        synchronized void detach(Stream stream) {
            attached.remove(stream);
        }

        /** This instance's sequence number in an id, or -1 for another instance's (or a malformed) id. */
        private long sequenceOf(String id) {
            int dash = id.lastIndexOf('-');
            if (dash < 0 || !id.substring(0, dash).equals(instance)) {
                return -1;
            }
            try {
                return Long.parseLong(id.substring(dash + 1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        synchronized void publish(String name, String data) {
            Event event = new Event(instance + "-" + (++sequence), name, data);
            buffer.addLast(event);
            while (buffer.size() > bufferSize) {
                buffer.removeFirst();
            }
            for (Stream stream : attached) {
                stream.offer(event);
            }
        }

        synchronized void changed(String entity) {
            pending.add(entity);
            if (flushScheduled || !running) {
                return;
            }
            // Leading edge: the first change after a quiet window reaches browsers at once (a webhook
            // shows within milliseconds); changes within the window after it are sent together at its end.
            long wait = lastFlushNanos + coalesce.toNanos() - System.nanoTime();
            if (wait <= 0) {
                flush();
            } else {
                flushScheduled = true;
                timer.schedule(this::flush, wait, TimeUnit.NANOSECONDS);
            }
        }

        synchronized void reloadAll() {
            for (EntityType type : EntityType.values()) {
                pending.add(type.name());
            }
            pending.add("SHOP");
            flush();
        }

        private synchronized void flush() {
            flushScheduled = false;
            if (pending.isEmpty()) {
                return;
            }
            lastFlushNanos = System.nanoTime();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("entities", List.copyOf(pending));
            data.put("at", clock.instant().toString());
            pending.clear();
            publish("data-changed", json(data));
        }

        private Event reload(String id) {
            List<String> all = new ArrayList<>();
            for (EntityType type : EntityType.values()) {
                all.add(type.name());
            }
            all.add("SHOP");
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("entities", all);
            data.put("at", clock.instant().toString());
            return new Event(id, "data-changed", json(data));
        }
    }

    /**
     * One client's stream: events queue here and the client's request thread writes them. Bounded:
     * a client too slow to keep up is ended, and reconnects with its {@code Last-Event-ID}.
     */
    public final class Stream implements AutoCloseable {
        private final long shopId;
        private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(STREAM_CAPACITY);
        private volatile boolean ended;

        private Stream(long shopId) {
            this.shopId = shopId;
        }

        void offer(Event event) {
            if (!queue.offer(event)) {
                LOG.info("An event stream of shop {} fell {} events behind; ending it", shopId, STREAM_CAPACITY);
                end();
            }
        }

        void end() {
            ended = true;
            queue.clear();
            queue.offer(END);
        }

        /**
         * The next event, waiting at most {@code timeout}.
         *
         * @param timeout how long to wait
         * @return the event, or null when none came in time (send a heartbeat)
         * @throws InterruptedException if interrupted
         */
        public Event next(Duration timeout) throws InterruptedException {
            Event event = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return event == END ? null : event;
        }

        /**
         * Whether the stream was ended by the server (shut down, or the client fell behind).
         *
         * @return true once ended
         */
        public boolean ended() {
            return ended;
        }

        /** Detaches the stream; it receives nothing more. */
        @Override
        public void close() {
            ended = true;
            streams.remove(this);
            shop(shopId).detach(this);
        }
    }
}
