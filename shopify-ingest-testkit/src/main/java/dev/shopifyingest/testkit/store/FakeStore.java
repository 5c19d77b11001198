package dev.shopifyingest.testkit.store;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The live state of a fake Shopify store: the entities of a {@link StoreFixture}, changed by
 * mutations and by tests. Every change is reported to the registered listeners (webhook delivery
 * listens here) and keeps the customers' derived order statistics current. Thread-safe.
 */
public final class FakeStore {

    private static final long CREATED_LINE_ITEM_ID_BASE = 9_100_000_000_000_000L;
    private static final long CREATED_REFUND_ID_BASE = 9_200_000_000_000_000L;
    private static final long CREATED_VARIANT_ID_BASE = 9_300_000_000_000_000L;

    private final StoreFixture fixture;
    private final Clock clock;
    private final EntityTable<FakeCustomer> customers;
    private final EntityTable<FakeProduct> products;
    private final EntityTable<FakeOrder> orders;
    private final List<Consumer<StoreChange>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong nextLineItemId = new AtomicLong(CREATED_LINE_ITEM_ID_BASE);
    private final AtomicLong nextRefundId = new AtomicLong(CREATED_REFUND_ID_BASE);
    private final AtomicLong nextVariantId = new AtomicLong(CREATED_VARIANT_ID_BASE);
    private final AtomicLong nextOrderNumber;
    private final Object statsLock = new Object();
    private Map<Long, CustomerStats> stats;

    /** A store holding the fixture's entities; {@code clock} stamps every later change. */
    public FakeStore(StoreFixture fixture, Clock clock) {
        this.fixture = Objects.requireNonNull(fixture, "fixture");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.customers = new EntityTable<>(fixture.customerCount(), fixture::customer, StoreFixture::customerId,
                fixture::customerIndex, Map.of(), FakeCustomer::withUpdatedAt, clock, this::<FakeCustomer>publish);
        this.products = new EntityTable<>(fixture.productCount(), fixture::product, StoreFixture::productId,
                fixture::productIndex, Map.of(), FakeProduct::withUpdatedAt, clock, this::<FakeProduct>publish);
        this.orders = new EntityTable<>(fixture.orderCount(), fixture::order, StoreFixture::orderId,
                fixture::orderIndex,
                Map.of(SortKey.UPDATED_AT, i -> fixture.orderUpdatedAt(i).toEpochMilli(),
                        SortKey.PROCESSED_AT, i -> fixture.orderProcessedAt(i).toEpochMilli()),
                FakeOrder::withUpdatedAt, clock, this::orderChanged);
        this.nextOrderNumber = new AtomicLong(1001L + fixture.orderCount());
    }

    /** A store over the fixture with the system clock. */
    public FakeStore(StoreFixture fixture) {
        this(fixture, Clock.systemUTC());
    }

    /** The fixture the store started from. */
    public StoreFixture fixture() {
        return fixture;
    }

    /** The shop. */
    public FakeShop shop() {
        return fixture.shop();
    }

    /** The clock that stamps changes. */
    public Clock clock() {
        return clock;
    }

    /** The store's customers. */
    public EntityTable<FakeCustomer> customers() {
        return customers;
    }

    /** The store's products. */
    public EntityTable<FakeProduct> products() {
        return products;
    }

    /** The store's orders. */
    public EntityTable<FakeOrder> orders() {
        return orders;
    }

    /**
     * Registers a listener for every change, called synchronously and in order while the change
     * is applied: keep it quick and do not call back into the store from another thread while it
     * runs (queue the work instead).
     *
     * @return a handle that removes the listener when closed
     */
    public AutoCloseable addListener(Consumer<StoreChange> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Order count and amount spent of a customer, derived from the current orders. */
    public CustomerStats customerStats(long customerId) {
        synchronized (statsLock) {
            if (stats != null) {
                return stats.getOrDefault(customerId, CustomerStats.NONE);
            }
        }
        // The first call builds the statistics from every order. Take the orders' lock before the
        // statistics lock, the order a change takes them in (orderChanged runs inside the table's
        // write lock), or a change racing the first read deadlocks both threads.
        orders.whileLocked(() -> {
            synchronized (statsLock) {
                stats();
            }
        });
        synchronized (statsLock) {
            return stats.getOrDefault(customerId, CustomerStats.NONE);
        }
    }

    /** A fresh id for a line item of an order created after the fixture. */
    public long nextLineItemId() {
        return nextLineItemId.getAndIncrement();
    }

    /** A fresh id for a refund made after the fixture. */
    public long nextRefundId() {
        return nextRefundId.getAndIncrement();
    }

    /** A fresh id for a variant created after the fixture. */
    public long nextVariantId() {
        return nextVariantId.getAndIncrement();
    }

    /** The next order number ({@code #1001} numbering continues after the generated orders). */
    public long nextOrderNumber() {
        return nextOrderNumber.getAndIncrement();
    }

    /** The clock's current instant, truncated to seconds as Shopify reports times. */
    public Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private <T extends FakeEntity> void publish(StoreChange.Kind kind, T before, T after) {
        StoreChange change = new StoreChange(kind, after);
        for (Consumer<StoreChange> listener : listeners) {
            listener.accept(change);
        }
    }

    private void orderChanged(StoreChange.Kind kind, FakeOrder before, FakeOrder after) {
        synchronized (statsLock) {
            if (stats != null) {
                if (before != null) {
                    adjust(before, -1);
                }
                if (kind != StoreChange.Kind.DELETED) {
                    adjust(after, +1);
                }
            }
        }
        publish(kind, before, after);
    }

    // Built on first use from every order, then kept current by orderChanged.
    private Map<Long, CustomerStats> stats() {
        if (stats == null) {
            stats = new HashMap<>();
            orders.all().forEach(order -> adjust(order, +1));
        }
        return stats;
    }

    private void adjust(FakeOrder order, int sign) {
        if (order.customerId() != null) {
            stats.merge(order.customerId(), CustomerStats.NONE.plus(order, sign),
                    (a, b) -> new CustomerStats(a.numberOfOrders() + b.numberOfOrders(),
                            a.amountSpent().add(b.amountSpent())));
        }
    }
}
