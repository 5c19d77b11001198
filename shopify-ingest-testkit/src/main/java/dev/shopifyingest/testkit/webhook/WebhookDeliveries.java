package dev.shopifyingest.testkit.webhook;

import dev.shopifyingest.testkit.fault.Endpoint;
import dev.shopifyingest.testkit.fault.Fault;
import dev.shopifyingest.testkit.fault.FaultKind;
import dev.shopifyingest.testkit.fault.Faults;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeEntity;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.StoreChange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook delivery for one fake shop, and the log and controls tests use. Created by FakeShopify
 * (reach it with {@code fake.webhooks()}); closed with it.
 *
 * <p>It listens to the {@link FakeStore}: each change becomes an event on the matching topics
 * ({@code customers/create|update|delete}, {@code products/create|update|delete},
 * {@code orders/create|updated|delete}, plus {@code orders/cancelled}, {@code orders/paid} and
 * {@code orders/fulfilled} when an order changes into that state, and {@code orders/paid} when an
 * order is created paid). Every subscription to the topic at that moment gets a delivery with its
 * own {@code X-Shopify-Webhook-Id}; the deliveries of one event share {@code X-Shopify-Event-Id}
 * and the exact body bytes, signed with the app's client secret ({@code X-Shopify-Hmac-Sha256},
 * base64 HMAC-SHA256 of the raw body).
 *
 * <p>Delivery follows Shopify's rules: any 2xx is success, anything else (3xx included, and no
 * answer within the timeouts) a failure, retried with exponential backoff, each retry carrying the
 * same body, webhook id and triggered-at. Store listeners only enqueue; payloads are built and sent
 * on the delivery executor, by default a single thread, so deliveries leave in event order unless a
 * fault reorders them.
 */
public final class WebhookDeliveries implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveries.class);

    private final FakeStore store;
    private final WebhookSubscriptions subscriptions;
    private final Faults faults;
    private final WebhookSettings settings;
    private final byte[] secret;
    private final String apiVersion;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final HttpClient http;
    private final WebhookPayloads payloads;
    private final AutoCloseable storeListener;
    private final Map<Long, OrderMarks> orderMarks = new ConcurrentHashMap<>();
    private final AtomicLong nextDataRequestId = new AtomicLong(9_700_000_001L);

    private final Object lock = new Object();
    private final List<Delivery> log = new ArrayList<>();
    private final List<Delivery> held = new ArrayList<>();
    private long settled;
    private Fault heldBy;
    private volatile boolean closed;

    /**
     * Starts delivering the store's changes to the subscriptions.
     *
     * @param store the store whose changes trigger webhooks
     * @param subscriptions the shop's subscriptions, read at the moment of each change
     * @param faults the fault plan consulted once per delivery ({@link Endpoint#WEBHOOK_DELIVERY})
     * @param settings retries and timeouts
     * @param clientSecret the app's client secret, which signs every body
     * @param apiVersion the version sent in {@code X-Shopify-API-Version}
     * @param clock stamps {@code X-Shopify-Triggered-At}
     * @param executor where payloads are built and sent; {@code null} for an own single thread,
     *        shut down by {@link #close()} (an executor passed in is left running)
     */
    public WebhookDeliveries(FakeStore store, WebhookSubscriptions subscriptions, Faults faults,
                             WebhookSettings settings, String clientSecret, String apiVersion, Clock clock,
                             ScheduledExecutorService executor) {
        this.store = Objects.requireNonNull(store, "store");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secret = Objects.requireNonNull(clientSecret, "clientSecret").getBytes(StandardCharsets.UTF_8);
        this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ownsExecutor = executor == null;
        this.executor = executor != null ? executor : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("fake-shopify-webhooks-" + store.shop().domain()).factory());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.payloads = new WebhookPayloads(store);
        this.storeListener = store.addListener(this::onChange);
    }

    /** The delivery settings in use. */
    public WebhookSettings settings() {
        return settings;
    }

    /**
     * Every delivery so far (the most recent {@link WebhookSettings#keptDeliveries()}), in the
     * order they were created. Copies each one: to wait for progress, poll {@link #settledCount()}.
     */
    public List<WebhookDelivery> deliveries() {
        synchronized (lock) {
            return log.stream().map(Delivery::snapshot).toList();
        }
    }

    /**
     * How many deliveries have settled (delivered, or failed every retry) since the start,
     * including those no longer kept; cheap enough to poll.
     *
     * @return the count
     */
    public long settledCount() {
        synchronized (lock) {
            return settled;
        }
    }

    /** The deliveries of one header-form topic, e.g. {@code orders/create}, in creation order. */
    public List<WebhookDelivery> deliveries(String topic) {
        return deliveries().stream().filter(d -> d.topic().equals(topic)).toList();
    }

    /**
     * Waits until at least {@code count} deliveries have settled (delivered, or failed after every
     * retry) and returns every settled delivery, in creation order.
     *
     * @throws AssertionError when fewer have settled by the timeout; the message lists the log
     */
    public List<WebhookDelivery> awaitDeliveries(int count, Duration timeout) {
        return awaitDeliveries(d -> true, count, timeout);
    }

    /**
     * Waits until at least {@code count} settled deliveries match {@code which} and returns every
     * settled one that matches, in creation order.
     *
     * @throws AssertionError when fewer match by the timeout; the message lists the log
     */
    public List<WebhookDelivery> awaitDeliveries(Predicate<WebhookDelivery> which, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                List<WebhookDelivery> settled = log.stream().filter(d -> d.state.isSettled()).map(Delivery::snapshot)
                        .filter(which).toList();
                if (settled.size() >= count) {
                    return settled;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Only " + settled.size() + " of " + count
                            + " expected webhook deliveries settled within " + timeout + ". Log: " + summary());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("Interrupted while waiting for webhook deliveries", e);
                }
            }
        }
    }

    private String summary() {
        return log.stream().map(d -> d.topic + "→" + d.uri + " " + d.state + " " + d.attempts.stream()
                .map(a -> a.status() < 0 ? a.error() : Integer.toString(a.status())).toList()).toList().toString();
    }

    /**
     * Delivers an arbitrary body on an arbitrary topic to {@code uri}, signed and retried like any
     * other delivery. The body is sent as given, so invalid JSON is possible on purpose.
     *
     * @return completes with the delivery once it has settled
     */
    public CompletableFuture<WebhookDelivery> deliver(String topic, String bodyJson, URI uri) {
        return enqueueNew(topic, bodyJson.getBytes(StandardCharsets.UTF_8), uri, null, newId(), clock.instant());
    }

    /**
     * Delivers {@code bodyJson} on {@code topic} to every subscription to that topic now, as one
     * event (one {@code X-Shopify-Event-Id}), e.g. {@code bulk_operations/finish}.
     *
     * @return how many deliveries were queued
     */
    public int publish(String topic, String bodyJson) {
        Objects.requireNonNull(topic, "topic");
        byte[] body = bodyJson.getBytes(StandardCharsets.UTF_8);
        if (closed) {
            return 0;
        }
        List<WebhookSubscription> targets = subscriptions.forWireTopic(topic);
        String eventId = newId();
        Instant triggeredAt = clock.instant();
        for (WebhookSubscription subscription : targets) {
            enqueueNew(topic, body, URI.create(subscription.uri()), subscription.id(), eventId, triggeredAt);
        }
        return targets.size();
    }

    /** Delivers {@code app/uninstalled} (the shop resource) to {@code uri}. */
    public CompletableFuture<WebhookDelivery> sendAppUninstalled(URI uri) {
        return enqueueNew("app/uninstalled", payloads.appUninstalled(), uri, null, newId(), clock.instant());
    }

    /**
     * Delivers the compliance topic {@code customers/data_request} to {@code uri}. Compliance
     * topics are set in the app's configuration, not subscribed through the API, so the address
     * is given here.
     */
    public CompletableFuture<WebhookDelivery> sendCustomersDataRequest(URI uri, long customerId, List<Long> orderIds) {
        return enqueueNew("customers/data_request",
                payloads.customersDataRequest(customerId, orderIds, nextDataRequestId.getAndIncrement()), uri, null,
                newId(), clock.instant());
    }

    /** Delivers the compliance topic {@code customers/redact} to {@code uri}. */
    public CompletableFuture<WebhookDelivery> sendCustomersRedact(URI uri, long customerId, List<Long> orderIds) {
        return enqueueNew("customers/redact", payloads.customersRedact(customerId, orderIds), uri, null, newId(),
                clock.instant());
    }

    /** Delivers the compliance topic {@code shop/redact} to {@code uri}. */
    public CompletableFuture<WebhookDelivery> sendShopRedact(URI uri) {
        return enqueueNew("shop/redact", payloads.shopRedact(), uri, null, newId(), clock.instant());
    }

    /**
     * Releases the deliveries an out-of-order fault is holding before their batch is full, in
     * shuffled order.
     *
     * @return how many were released
     */
    public int releaseHeld() {
        List<Delivery> release;
        synchronized (lock) {
            release = shuffled();
        }
        release.forEach(d -> schedule(d, Duration.ZERO));
        return release.size();
    }

    /** Stops listening and delivering; deliveries not yet settled stay pending. */
    @Override
    public void close() {
        closed = true;
        try {
            storeListener.close();
        } catch (Exception e) {
            LOG.debug("Could not remove the store listener", e);
        }
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        http.shutdownNow();
    }

    // ---- events -------------------------------------------------------------------------------

    /** Whether an order is in the states whose arrival has its own topic. */
    private record OrderMarks(boolean cancelled, boolean paid, boolean fulfilled) {
        static OrderMarks of(FakeOrder o) {
            return new OrderMarks(o.cancelledAt() != null, "PAID".equals(o.financialStatus()),
                    "FULFILLED".equals(o.fulfillmentStatus()));
        }
    }

    // Runs inside the store's lock: decide topics, read the subscriptions, and only enqueue.
    private void onChange(StoreChange change) {
        if (closed) {
            return;
        }
        Instant triggeredAt = clock.instant();
        FakeEntity entity = change.entity();
        for (String topic : topicsFor(change)) {
            List<WebhookSubscription> targets = subscriptions.forWireTopic(topic);
            if (!targets.isEmpty()) {
                submit(() -> fanOut(topic, entity, targets, triggeredAt));
            }
        }
    }

    private List<String> topicsFor(StoreChange change) {
        FakeEntity entity = change.entity();
        String resource = switch (entity) {
            case FakeCustomer c -> "customers";
            case FakeProduct p -> "products";
            case FakeOrder o -> "orders";
        };
        List<String> topics = new ArrayList<>();
        switch (change.kind()) {
            case CREATED -> topics.add(resource + "/create");
            case UPDATED -> topics.add(resource + ("orders".equals(resource) ? "/updated" : "/update"));
            case DELETED -> topics.add(resource + "/delete");
        }
        if (entity instanceof FakeOrder order) {
            OrderMarks after = OrderMarks.of(order);
            OrderMarks before = switch (change.kind()) {
                case CREATED -> new OrderMarks(false, false, false);
                case UPDATED -> previousMarks(order, after);
                case DELETED -> after;
            };
            if (change.kind() == StoreChange.Kind.DELETED) {
                orderMarks.remove(order.id());
            } else {
                orderMarks.put(order.id(), after);
                if (after.cancelled() && !before.cancelled()) {
                    topics.add("orders/cancelled");
                }
                if (after.paid() && !before.paid()) {
                    topics.add("orders/paid");
                }
                if (after.fulfilled() && !before.fulfilled() && change.kind() == StoreChange.Kind.UPDATED) {
                    topics.add("orders/fulfilled");
                }
            }
        }
        return topics;
    }

    // The store reports only the new version: remember each order's marks, and for a generated
    // order seen for the first time, derive them from the fixture's original.
    private OrderMarks previousMarks(FakeOrder order, OrderMarks fallback) {
        OrderMarks seen = orderMarks.get(order.id());
        if (seen != null) {
            return seen;
        }
        int index = store.fixture().orderIndex(order.id());
        return index >= 0 ? OrderMarks.of(store.fixture().order(index)) : fallback;
    }

    private void fanOut(String topic, FakeEntity entity, List<WebhookSubscription> targets, Instant triggeredAt) {
        byte[] body = payloads.entity(topic, entity);
        String eventId = newId();
        for (WebhookSubscription subscription : targets) {
            enqueueNew(topic, body, URI.create(subscription.uri()), subscription.id(), eventId, triggeredAt);
        }
    }

    // ---- delivery -----------------------------------------------------------------------------

    /** One delivery; mutable fields are guarded by {@code lock}. */
    private static final class Delivery {
        final String webhookId;
        final String eventId;
        final String topic;
        final URI uri;
        final Instant triggeredAt;
        final byte[] body;
        final Map<String, String> headers;
        final Long subscriptionId;
        final List<WebhookDelivery.Attempt> attempts = new ArrayList<>();
        final CompletableFuture<WebhookDelivery> done = new CompletableFuture<>();
        WebhookDelivery.State state = WebhookDelivery.State.PENDING;
        boolean duplicate;

        Delivery(String webhookId, String eventId, String topic, URI uri, Instant triggeredAt, byte[] body,
                 Map<String, String> headers, Long subscriptionId) {
            this.webhookId = webhookId;
            this.eventId = eventId;
            this.topic = topic;
            this.uri = uri;
            this.triggeredAt = triggeredAt;
            this.body = body;
            this.headers = headers;
            this.subscriptionId = subscriptionId;
        }

        WebhookDelivery snapshot() {
            return new WebhookDelivery(webhookId, eventId, topic, uri, triggeredAt,
                    new String(body, StandardCharsets.UTF_8), headers, subscriptionId, attempts, state);
        }
    }

    private CompletableFuture<WebhookDelivery> enqueueNew(String topic, byte[] body, URI uri, Long subscriptionId,
                                                          String eventId, Instant triggeredAt) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(uri, "uri");
        String webhookId = newId();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Shopify-Captain-Hook");
        headers.put("X-Shopify-Topic", topic);
        headers.put("X-Shopify-Hmac-Sha256", sign(body));
        headers.put("X-Shopify-Shop-Domain", store.shop().domain());
        headers.put("X-Shopify-API-Version", apiVersion);
        headers.put("X-Shopify-Webhook-Id", webhookId);
        headers.put("X-Shopify-Event-Id", eventId);
        headers.put("X-Shopify-Triggered-At", triggeredAt.toString());
        Delivery delivery = new Delivery(webhookId, eventId, topic, uri, triggeredAt, body,
                Collections.unmodifiableMap(headers), subscriptionId);
        Optional<Fault> fault = faults.select(Endpoint.WEBHOOK_DELIVERY);
        List<Delivery> release = List.of();
        synchronized (lock) {
            log.add(delivery);
            trimLog();
            if (fault.isPresent()) {
                switch (fault.get().kind()) {
                    case DUPLICATE_DELIVERY -> delivery.duplicate = true;
                    case OUT_OF_ORDER_DELIVERY -> {
                        delivery.state = WebhookDelivery.State.HELD;
                        held.add(delivery);
                        heldBy = fault.get();
                        if (held.size() >= fault.get().batchSize()) {
                            release = shuffled();
                        }
                    }
                    default -> { }
                }
            }
        }
        FaultKind kind = fault.map(Fault::kind).orElse(null);
        if (kind == FaultKind.OUT_OF_ORDER_DELIVERY) {
            release.forEach(d -> schedule(d, Duration.ZERO));
        } else if (kind == FaultKind.DELAYED_DELIVERY) {
            schedule(delivery, fault.get().delay());
        } else {
            schedule(delivery, Duration.ZERO);
        }
        LOG.debug("Webhook {} on {} for {} queued (event {})", webhookId, topic, store.shop().domain(), eventId);
        return delivery.done;
    }

    // Called under lock: empties the held batch in a shuffled order that differs from arrival.
    private List<Delivery> shuffled() {
        List<Delivery> batch = new ArrayList<>(held);
        held.clear();
        if (batch.size() > 1) {
            List<Delivery> arrival = List.copyOf(batch);
            Collections.shuffle(batch, new Random(heldBy.seed()));
            if (batch.equals(arrival)) {
                Collections.rotate(batch, 1);
            }
        }
        batch.forEach(d -> d.state = WebhookDelivery.State.PENDING);
        return batch;
    }

    private void trimLog() {
        for (int i = 0; log.size() > settings.keptDeliveries() && i < log.size(); ) {
            if (log.get(i).state.isSettled()) {
                log.remove(i);
            } else {
                i++;
            }
        }
    }

    private void schedule(Delivery delivery, Duration delay) {
        if (delay.isZero()) {
            submit(() -> attempt(delivery));
        } else {
            try {
                executor.schedule(() -> attempt(delivery), delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("Webhook delivery stopped: the fake is closed");
            }
        }
    }

    private void submit(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Webhook delivery task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Webhook delivery stopped: the fake is closed");
        }
    }

    private void attempt(Delivery delivery) {
        if (closed) {
            return;
        }
        int number;
        synchronized (lock) {
            number = delivery.attempts.size() + 1;
        }
        WebhookDelivery.Attempt attempt = post(delivery, number, false);
        synchronized (lock) {
            delivery.attempts.add(attempt);
        }
        if (attempt.succeeded()) {
            if (delivery.duplicate) {
                WebhookDelivery.Attempt copy = post(delivery, number + 1, true);
                synchronized (lock) {
                    delivery.attempts.add(copy);
                }
            }
            settle(delivery, WebhookDelivery.State.DELIVERED);
        } else if (number <= settings.retries()) {
            LOG.debug("Webhook {} on {} failed ({}), retry {} of {}", delivery.webhookId, delivery.topic,
                    attempt.status() < 0 ? attempt.error() : attempt.status(), number, settings.retries());
            schedule(delivery, settings.delayBeforeRetry(number));
        } else {
            LOG.info("Webhook {} on {} for {} failed after {} attempts", delivery.webhookId, delivery.topic,
                    store.shop().domain(), number);
            // Remove the subscription before announcing the failure: whoever sees FAILED sees it gone.
            if (settings.removeSubscriptionWhenRetriesRunOut() && delivery.subscriptionId != null
                    && subscriptions.remove(delivery.subscriptionId).isPresent()) {
                LOG.info("Removed webhook subscription {} of {}: its deliveries keep failing",
                        delivery.subscriptionId, store.shop().domain());
            }
            settle(delivery, WebhookDelivery.State.FAILED);
        }
    }

    private WebhookDelivery.Attempt post(Delivery delivery, int number, boolean duplicate) {
        HttpRequest.Builder request = HttpRequest.newBuilder(delivery.uri).timeout(settings.requestTimeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body));
        delivery.headers.forEach(request::header);
        Instant at = Instant.now();
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return new WebhookDelivery.Attempt(number, at, response.statusCode(), null, duplicate);
        } catch (IOException e) {
            return new WebhookDelivery.Attempt(number, at, -1, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    duplicate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookDelivery.Attempt(number, at, -1, "interrupted", duplicate);
        }
    }

    private void settle(Delivery delivery, WebhookDelivery.State state) {
        WebhookDelivery snapshot;
        synchronized (lock) {
            if (!delivery.state.isSettled() && state.isSettled()) {
                settled++;
            }
            delivery.state = state;
            snapshot = delivery.snapshot();
            lock.notifyAll();
        }
        delivery.done.complete(snapshot);
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
