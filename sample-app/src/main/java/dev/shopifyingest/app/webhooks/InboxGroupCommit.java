package dev.shopifyingest.app.webhooks;

import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.jdbc.InboxReceipt;
import dev.shopifyingest.jdbc.ShopNotFoundException;
import dev.shopifyingest.jdbc.WebhookInbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores webhook deliveries in the inbox in groups: requests hand their verified delivery to one
 * writer thread and wait; the writer takes everything that queued up while the previous group was
 * being committed and stores it with {@link WebhookInbox#receiveAll} in one transaction. Under
 * load a group commit costs one WAL flush and a few round trips for many deliveries, and the
 * endpoint holds one pooled connection however many requests arrive, so a burst of webhooks
 * cannot starve the dashboard and the sync of connections.
 *
 * <p>Guarantee: {@link #store} returns only after the transaction holding the delivery committed
 * (with the database's durability settings); if it failed, every waiting request gets the
 * failure and answers an error, so Shopify retries. When the queue is full, {@link #store}
 * refuses at once ({@link Busy}) rather than letting waits grow without bound.
 */
public final class InboxGroupCommit implements AutoCloseable {

    /** Thrown by {@link #store} when too many deliveries wait already. */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(InboxGroupCommit.class);

    private record Pending(WebhookDelivery delivery, CompletableFuture<InboxReceipt> receipt) {
    }

    private final WebhookInbox inbox;
    private final int maxGroup;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private volatile boolean running = true;

    private InboxGroupCommit(WebhookInbox inbox, int maxGroup, int maxQueued) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.maxGroup = maxGroup;
        this.queue = new ArrayBlockingQueue<>(maxQueued);
        this.writer = Thread.ofPlatform().daemon().name("webhook-inbox-writer").unstarted(this::write);
    }

    /**
     * Starts the writer.
     *
     * @param inbox     the inbox
     * @param maxGroup  the most deliveries stored in one transaction
     * @param maxQueued the most deliveries waiting; beyond, {@link #store} throws {@link Busy}
     * @return the running writer
     */
    public static InboxGroupCommit start(WebhookInbox inbox, int maxGroup, int maxQueued) {
        InboxGroupCommit commit = new InboxGroupCommit(inbox, maxGroup, maxQueued);
        commit.writer.start();
        return commit;
    }

    /**
     * Stores a verified delivery, returning once it is committed, as {@link WebhookInbox#receive} does.
     *
     * @param delivery the verified delivery
     * @return {@link InboxReceipt#STORED} or {@link InboxReceipt#DUPLICATE}
     * @throws dev.shopifyingest.core.webhook.WebhookDeliveryException if the topic is unknown or the
     *     body names another shop (checked before queueing)
     * @throws ShopNotFoundException if the shop is not registered
     * @throws Busy if too many deliveries wait already
     */
    public InboxReceipt store(WebhookDelivery delivery) {
        delivery.topic().requireKnown();
        delivery.checkShopAgainstBody();
        Pending pending = new Pending(delivery, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            throw new Busy("The webhook inbox is busy; " + queue.size() + " deliveries wait to be stored.");
        }
        InboxReceipt receipt;
        try {
            receipt = pending.receipt().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing webhook " + delivery.webhookId(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
        if (receipt == InboxReceipt.SHOP_NOT_REGISTERED) {
            throw new ShopNotFoundException("Webhook " + delivery.webhookId() + " (" + delivery.topic().wireName()
                    + ") is for shop " + delivery.shopDomain() + ", which is not registered; it was not stored.");
        }
        return receipt;
    }

    private void write() {
        List<Pending> group = new ArrayList<>(maxGroup);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
        for (Pending left; (left = queue.poll()) != null; ) {
            left.receipt().completeExceptionally(new Busy("The webhook inbox was stopping."));
        }
    }

    private void commit(List<Pending> group) {
        try {
            List<InboxReceipt> receipts = inbox.receiveAll(group.stream().map(Pending::delivery).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).receipt().complete(receipts.get(i));
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not store a group of {} webhooks; each is answered with an error", group.size(), e);
            group.forEach(pending -> pending.receipt().completeExceptionally(e));
        }
    }

    /** Stores what is queued, then stops the writer. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
