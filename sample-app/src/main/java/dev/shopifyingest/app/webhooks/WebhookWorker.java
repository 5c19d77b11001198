package dev.shopifyingest.app.webhooks;

import dev.shopifyingest.app.shops.AppEvents;
import dev.shopifyingest.app.shops.ShopView;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.jdbc.Shop;
import dev.shopifyingest.jdbc.ShopRegistry;
import dev.shopifyingest.jdbc.WebhookProcessor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the webhook inbox in the background, on one thread per app instance: woken at once when
 * the endpoint stored a new delivery, and every sweep interval anyway, for deliveries whose retry
 * became due and for those stored by other instances. Several instances may run it on one
 * database: the processor claims each delivery with {@code FOR UPDATE SKIP LOCKED}.
 *
 * <p>When an {@code app/uninstalled} delivery was stored, the worker publishes the shop's new
 * state (status {@code disconnected}) on the app's event channel once the processor applied it.
 */
public final class WebhookWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);
    private static final int BATCH = 400;

    private final WebhookProcessor processor;
    private final ShopRegistry shops;
    private final AppEvents events;
    private final Duration sweepInterval;
    private final Semaphore wakeUps = new Semaphore(0);
    private final Set<ShopDomain> uninstalling = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    private WebhookWorker(WebhookProcessor processor, ShopRegistry shops, AppEvents events, Duration sweepInterval) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.shops = Objects.requireNonNull(shops, "shops");
        this.events = Objects.requireNonNull(events, "events");
        this.sweepInterval = Objects.requireNonNull(sweepInterval, "sweepInterval");
        this.thread = Thread.ofPlatform().daemon().name("webhook-worker").unstarted(this::run);
    }

    /**
     * Starts a worker.
     *
     * @param processor     applies the inbox
     * @param shops         the registry, to read an uninstalled shop's state
     * @param events        where a {@code shop} event is published after an uninstall
     * @param sweepInterval how often to look for due deliveries without being woken
     * @return the running worker
     */
    public static WebhookWorker start(WebhookProcessor processor, ShopRegistry shops, AppEvents events,
            Duration sweepInterval) {
        WebhookWorker worker = new WebhookWorker(processor, shops, events, sweepInterval);
        worker.thread.start();
        return worker;
    }

    /** Asks the worker to process the inbox now; returns at once. */
    public void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /**
     * Remembers that an {@code app/uninstalled} delivery of the shop waits, so its new state is
     * published once applied.
     *
     * @param shop the shop
     */
    void watchUninstall(ShopDomain shop) {
        uninstalling.add(shop);
    }

    private void run() {
        while (running) {
            try {
                while (running && processor.processPending(BATCH).total() == BATCH) {
                    // A full batch: there may be more waiting.
                }
                publishUninstalls();
            } catch (RuntimeException e) {
                LOG.warn("Processing the webhook inbox failed; trying again in {}", sweepInterval, e);
            }
            try {
                if (wakeUps.tryAcquire(sweepInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void publishUninstalls() {
        for (ShopDomain domain : uninstalling) {
            Optional<Shop> shop = shops.find(domain);
            if (shop.isEmpty()) {
                uninstalling.remove(domain);
            } else if (!shop.get().isInstalled()) {
                uninstalling.remove(domain);
                events.shop(shop.get().shopId(), ShopView.of(shop.get(), null));
            }
        }
    }

    /** Stops the worker, letting the batch in hand finish. */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
