package dev.shopifyingest.app.insights;

import dev.shopifyingest.testkit.store.FakeLineItem;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeRefund;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard's figures computed straight from a FakeShopify fixture, by the definitions of
 * {@code docs/insights.md}, in plain Java: an oracle independent of the store, its SQL and its
 * rollups. Counted orders are those neither cancelled nor test; days are the shop's.
 */
public final class FixtureFigures {

    /** The summary's figures. */
    public record Summary(long orders, BigDecimal totalSales, BigDecimal netSales, BigDecimal averageOrderValue,
            long customers, long newCustomers, long returningCustomers) {
    }

    /** One top customer: who, how many counted orders in the range, and what they spent net of refunds. */
    public record TopCustomer(long id, long orders, BigDecimal spend) {
    }

    /** One top product: units ordered and revenue after discounts in the range. */
    public record TopProduct(long id, long units, BigDecimal revenue) {
    }

    private final List<FakeOrder> counted = new ArrayList<>();
    private final ZoneId zone;

    /**
     * The oracle for a fixture.
     *
     * @param fixture the fake store's data
     * @param zone    the shop's time zone, whose days the figures use
     */
    public FixtureFigures(StoreFixture fixture, ZoneId zone) {
        this.zone = zone;
        for (int i = 0; i < fixture.orderCount(); i++) {
            FakeOrder order = fixture.order(i);
            if (order.cancelledAt() == null && !order.test()) {
                counted.add(order);
            }
        }
    }

    private LocalDate day(FakeOrder order) {
        return order.processedAt().atZone(zone).toLocalDate();
    }

    private static boolean within(LocalDate day, LocalDate from, LocalDate to) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    /** Counted orders processed from {@code from} to {@code to}, both days included. */
    public List<FakeOrder> ordersIn(LocalDate from, LocalDate to) {
        return counted.stream().filter(order -> within(day(order), from, to)).toList();
    }

    /** Total sales over the days: orders' subtotal, shipping and tax on their day, less refunds on theirs. */
    public BigDecimal totalSales(LocalDate from, LocalDate to) {
        BigDecimal sales = BigDecimal.ZERO;
        for (FakeOrder order : ordersIn(from, to)) {
            sales = sales.add(order.subtotal()).add(order.shipping()).add(order.tax());
        }
        return sales.subtract(refunds(from, to));
    }

    private BigDecimal refunds(LocalDate from, LocalDate to) {
        BigDecimal refunded = BigDecimal.ZERO;
        for (FakeOrder order : counted) {
            for (FakeRefund refund : order.refunds()) {
                if (within(refund.createdAt().atZone(zone).toLocalDate(), from, to)) {
                    refunded = refunded.add(refund.amount());
                }
            }
        }
        return refunded;
    }

    /** The summary's figures over the days, both included. */
    public Summary summary(LocalDate from, LocalDate to) {
        List<FakeOrder> orders = ordersIn(from, to);
        BigDecimal subtotals = orders.stream().map(FakeOrder::subtotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal netSales = subtotals.subtract(refunds(from, to));
        BigDecimal aov = orders.isEmpty() ? BigDecimal.ZERO
                : subtotals.divide(BigDecimal.valueOf(orders.size()), 2, RoundingMode.HALF_EVEN);
        Set<Long> customers = new HashSet<>();
        for (FakeOrder order : orders) {
            if (order.customerId() != null) {
                customers.add(order.customerId());
            }
        }
        Map<Long, LocalDate> firstOrderDay = new HashMap<>();
        for (FakeOrder order : counted) {
            if (order.customerId() != null) {
                firstOrderDay.merge(order.customerId(), day(order), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        long newCustomers = customers.stream().filter(id -> !firstOrderDay.get(id).isBefore(from)).count();
        return new Summary(orders.size(), totalSales(from, to), netSales, aov, customers.size(), newCustomers,
                customers.size() - newCustomers);
    }

    /** The customers with the highest spend in the range, most first, ties by id. */
    public List<TopCustomer> topCustomers(LocalDate from, LocalDate to, int limit) {
        Map<Long, long[]> orders = new HashMap<>();
        Map<Long, BigDecimal> spend = new HashMap<>();
        for (FakeOrder order : ordersIn(from, to)) {
            if (order.customerId() == null) {
                continue;
            }
            orders.computeIfAbsent(order.customerId(), id -> new long[1])[0]++;
            spend.merge(order.customerId(), order.totalPrice().subtract(order.totalRefunded()).max(BigDecimal.ZERO),
                    BigDecimal::add);
        }
        return spend.keySet().stream()
                .map(id -> new TopCustomer(id, orders.get(id)[0], spend.get(id)))
                .sorted(Comparator.comparing(TopCustomer::spend).reversed().thenComparing(TopCustomer::id))
                .limit(limit)
                .toList();
    }

    /** The products with the highest revenue (or units) in the range, ties by id. */
    public List<TopProduct> topProducts(LocalDate from, LocalDate to, int limit, boolean byUnits) {
        Map<Long, long[]> units = new HashMap<>();
        Map<Long, BigDecimal> revenue = new HashMap<>();
        for (FakeOrder order : ordersIn(from, to)) {
            for (FakeLineItem line : order.lineItems()) {
                if (line.productId() == null) {
                    continue;
                }
                units.computeIfAbsent(line.productId(), id -> new long[1])[0] += line.quantity();
                revenue.merge(line.productId(), line.originalTotal().subtract(line.totalDiscount()), BigDecimal::add);
            }
        }
        Comparator<TopProduct> order = byUnits
                ? Comparator.comparingLong(TopProduct::units).reversed()
                : Comparator.comparing(TopProduct::revenue).reversed();
        return revenue.keySet().stream()
                .map(id -> new TopProduct(id, units.get(id)[0], revenue.get(id)))
                .sorted(order.thenComparing(TopProduct::id))
                .limit(limit)
                .toList();
    }
}
