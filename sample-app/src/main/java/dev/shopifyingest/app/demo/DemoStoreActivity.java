package dev.shopifyingest.app.demo;

import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeLineItem;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeRefund;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.FakeVariant;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the demo store changing, as a live shop does: every few seconds it changes the in-process
 * fake Shopify's store through its Java API, which then sends the webhooks the app subscribed to.
 *
 * <p>Most changes create a paid order, stamped now, for an existing customer with one to three
 * existing variants; some refund part of an order or fulfil it; a few delete one. The choices come
 * from a seeded {@link Random}, so a seed gives the same sequence of kinds of change.
 */
public final class DemoStoreActivity implements AutoCloseable {

    /** The shortest default pause between two changes. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(3);
    /** The longest default pause between two changes. */
    public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(5);

    /** What one step did. */
    public enum Change {
        /** A new paid order. */
        ORDER_CREATED,
        /** Part of an order refunded. */
        ORDER_REFUNDED,
        /** An order fulfilled. */
        ORDER_FULFILLED,
        /** An order deleted. */
        ORDER_DELETED,
        /** Nothing: the chosen order could not take the change. */
        NONE
    }

    private static final Logger LOG = LoggerFactory.getLogger(DemoStoreActivity.class);
    private static final BigDecimal TAX_RATE = new BigDecimal("0.08");
    private static final BigDecimal FREE_SHIPPING_FROM = new BigDecimal("50.00");
    private static final BigDecimal SHIPPING = new BigDecimal("5.90");
    private static final int RECENT_ORDERS_KEPT = 50;

    private final FakeStore store;
    private final Random random;
    private final long minMillis;
    private final long maxMillis;
    private final ScheduledExecutorService scheduler;
    private final List<Long> recentOrders = new ArrayList<>();
    private final AtomicLong changes = new AtomicLong();

    private DemoStoreActivity(FakeStore store, Duration minInterval, Duration maxInterval, long seed) {
        this.store = Objects.requireNonNull(store, "store");
        this.minMillis = minInterval.toMillis();
        this.maxMillis = maxInterval.toMillis();
        if (minMillis <= 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("The intervals must be positive, the shortest first");
        }
        this.random = new Random(seed);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("demo-store-activity").daemon().factory());
    }

    /**
     * Starts changing the store: the first change after a pause between the two intervals, then
     * one after every such pause, until {@link #close()}.
     *
     * @param store       the fake's store
     * @param minInterval the shortest pause between changes
     * @param maxInterval the longest pause between changes
     * @param seed        the seed of the choices
     * @return the running activity
     */
    public static DemoStoreActivity start(FakeStore store, Duration minInterval, Duration maxInterval, long seed) {
        DemoStoreActivity activity = new DemoStoreActivity(store, minInterval, maxInterval, seed);
        activity.scheduleNext();
        return activity;
    }

    /** How many changes were made so far. */
    public long changes() {
        return changes.get();
    }

    /** Stops changing the store and waits briefly for a change in progress to end. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #close()} has stopped it and no change is in progress. */
    public boolean isStopped() {
        return scheduler.isTerminated();
    }

    private void scheduleNext() {
        long delay = minMillis + (maxMillis == minMillis ? 0 : random.nextLong(maxMillis - minMillis + 1));
        try {
            scheduler.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed: no more changes.
        }
    }

    private void tick() {
        try {
            Change change = step();
            LOG.debug("Demo store change: {}", change);
        } catch (RuntimeException e) {
            LOG.warn("The demo store could not be changed", e);
        } finally {
            scheduleNext();
        }
    }

    /**
     * Makes one change now: 80 in 100 create an order, 8 refund one, 8 fulfil one, 4 delete one.
     *
     * @return what was changed
     */
    synchronized Change step() {
        int dice = random.nextInt(100);
        Change change;
        if (dice < 80 || recentOrders.isEmpty() && store.fixture().orderCount() == 0) {
            change = createOrder();
        } else if (dice < 88) {
            change = refundOrder();
        } else if (dice < 96) {
            change = fulfilOrder();
        } else {
            change = deleteOrder();
        }
        if (change != Change.NONE) {
            changes.incrementAndGet();
        }
        return change;
    }

    private Change createOrder() {
        FakeCustomer customer = randomCustomer().orElse(null);
        List<FakeLineItem> lines = new ArrayList<>();
        int wanted = 1 + random.nextInt(3);
        for (int i = 0; i < wanted * 3 && lines.size() < wanted; i++) {
            FakeProduct product = store.products().find(StoreFixture.productId(random.nextInt(
                    Math.max(1, store.fixture().productCount())))).orElse(null);
            if (product == null || !"ACTIVE".equals(product.status())) {
                continue;
            }
            FakeVariant variant = product.variants().get(random.nextInt(product.variants().size()));
            lines.add(new FakeLineItem(store.nextLineItemId(), product.id(), variant.id(), product.title(),
                    variant.title(), variant.sku(), 1 + random.nextInt(3), variant.price(), BigDecimal.ZERO));
        }
        if (lines.isEmpty()) {
            return Change.NONE;
        }
        BigDecimal subtotal = lines.stream().map(FakeLineItem::discountedTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal shipping = subtotal.compareTo(FREE_SHIPPING_FROM) >= 0 ? BigDecimal.ZERO.setScale(2) : SHIPPING;
        BigDecimal tax = subtotal.multiply(TAX_RATE).setScale(2, RoundingMode.HALF_EVEN);
        FakeOrder order = store.orders().create(id -> new FakeOrder(id, store.nextOrderNumber(),
                customer == null ? null : customer.id(), customer == null ? null : customer.email(),
                store.now(), store.now(), store.now(), null, null, null, false, "PAID", "UNFULFILLED", lines,
                shipping, tax, List.of()));
        recentOrders.add(order.id());
        if (recentOrders.size() > RECENT_ORDERS_KEPT) {
            recentOrders.remove(0);
        }
        return Change.ORDER_CREATED;
    }

    private Change refundOrder() {
        FakeOrder order = randomOrder().orElse(null);
        if (order == null || !"PAID".equals(order.financialStatus()) || order.cancelledAt() != null) {
            return Change.NONE;
        }
        FakeLineItem line = order.lineItems().get(random.nextInt(order.lineItems().size()));
        BigDecimal amount = line.unitPrice().subtract(
                line.totalDiscount().divide(BigDecimal.valueOf(line.quantity()), 2, RoundingMode.HALF_EVEN));
        if (amount.signum() <= 0) {
            return Change.NONE;
        }
        List<FakeRefund> refunds = new ArrayList<>(order.refunds());
        refunds.add(new FakeRefund(store.nextRefundId(), store.now(), amount, "Returned one " + line.title()));
        store.orders().update(order.id(), o -> new FakeOrder(o.id(), o.number(), o.customerId(), o.email(),
                o.createdAt(), o.processedAt(), o.updatedAt(), o.cancelledAt(), o.cancelReason(), o.closedAt(),
                o.test(), "PARTIALLY_REFUNDED", o.fulfillmentStatus(), o.lineItems(), o.shipping(), o.tax(), refunds));
        return Change.ORDER_REFUNDED;
    }

    private Change fulfilOrder() {
        FakeOrder order = randomOrder().orElse(null);
        if (order == null || "FULFILLED".equals(order.fulfillmentStatus()) || order.cancelledAt() != null) {
            return Change.NONE;
        }
        store.orders().update(order.id(), o -> new FakeOrder(o.id(), o.number(), o.customerId(), o.email(),
                o.createdAt(), o.processedAt(), o.updatedAt(), o.cancelledAt(), o.cancelReason(), o.closedAt(),
                o.test(), o.financialStatus(), "FULFILLED", o.lineItems(), o.shipping(), o.tax(), o.refunds()));
        return Change.ORDER_FULFILLED;
    }

    private Change deleteOrder() {
        FakeOrder order = randomOrder().orElse(null);
        if (order == null) {
            return Change.NONE;
        }
        store.orders().delete(order.id());
        recentOrders.remove(order.id());
        return Change.ORDER_DELETED;
    }

    /** A recent order of this activity, or, before there is one, an order of the fixture. */
    private Optional<FakeOrder> randomOrder() {
        if (!recentOrders.isEmpty()) {
            return store.orders().find(recentOrders.get(random.nextInt(recentOrders.size())));
        }
        int count = store.fixture().orderCount();
        return count == 0 ? Optional.empty() : store.orders().find(StoreFixture.orderId(random.nextInt(count)));
    }

    private Optional<FakeCustomer> randomCustomer() {
        int count = store.fixture().customerCount();
        return count == 0 ? Optional.empty() : store.customers().find(StoreFixture.customerId(random.nextInt(count)));
    }
}
