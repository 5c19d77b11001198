package dev.shopifyingest.insights;

import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.model.Refund;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A small New York shop whose every figure is computed by hand in {@code InsightsScenarioTest}:
 * orders one second either side of local midnights, on the 23-hour day that starts daylight
 * saving (2026-03-08) and the 25-hour day that ends it (2025-11-02), a refund days later, a
 * cancelled order refunded in full, a test order, a guest checkout, a returning customer.
 */
final class ScenarioShop {

    static final long ANN = 1;
    static final long BOB = 2;
    static final long CY = 3;
    static final long DEE = 4;
    static final long MUG = 10;
    static final long TEE = 11;
    static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");

    private ScenarioShop() {
    }

    /** Registers the shop and stores everything; returns its id. */
    static long load(SinkTables sink, String domain) {
        long shop = sink.registerShop(domain, "America/New_York", "USD");
        sink.upsertCustomers(shop, List.of(customer(ANN, "Ann", "Lee"), customer(BOB, "Bob", "Ray"),
                customer(CY, null, null), customer(DEE, "Dee", "Fox")), NOW);
        sink.deleteCustomers(shop, Map.of(DEE, NOW), NOW);
        sink.upsertProducts(shop, List.of(product(MUG, "Classic Mug")), NOW);
        sink.upsertOrders(shop, List.of(
                // Friday 23:59:59 EST and Saturday 00:00:00 EST.
                order(101, ANN, "2026-03-07T04:59:59Z", "100.00", "10.00", "5.00", "8.00",
                        List.of(line(1, MUG, 2, "100.00")), List.of(), null, false),
                order(102, ANN, "2026-03-07T05:00:00Z", "50.00", "0", "5.00", "4.00",
                        List.of(line(2, TEE, 1, "50.00")), List.of(refund(902, "2026-04-02T15:00:00Z", "9.00")), null,
                        false),
                // Sunday 2026-03-08 lasts 23 hours: 01:30 EST and 23:59:59 EDT are both on it.
                order(103, BOB, "2026-03-08T06:30:00Z", "20.00", "0", "0", "1.60",
                        List.of(line(3, MUG, 1, "20.00")), List.of(), null, false),
                order(104, BOB, "2026-03-09T03:59:59Z", "30.00", "0", "0", "2.40",
                        List.of(line(4, TEE, 3, "30.00")), List.of(), null, false),
                // Monday 00:00:00 EDT, refunded in part on Thursday.
                order(105, CY, "2026-03-09T04:00:00Z", "200.00", "0", "0", "16.00",
                        List.of(line(5, MUG, 4, "200.00")), List.of(refund(905, "2026-03-12T15:00:00Z", "50.00")),
                        null, false),
                order(106, null, "2026-03-09T12:00:00Z", "10.00", "0", "5.00", "0.80",
                        List.of(line(6, TEE, 1, "10.00")), List.of(), null, false),
                // Cancelled and refunded in full the same day.
                order(107, CY, "2026-03-10T15:00:00Z", "40.00", "0", "0", "3.20",
                        List.of(line(7, TEE, 2, "40.00")), List.of(refund(907, "2026-03-10T16:00:00Z", "43.20")),
                        Instant.parse("2026-03-10T16:00:00Z"), false),
                order(108, ANN, "2026-03-11T15:00:00Z", "70.00", "0", "0", "5.60",
                        List.of(line(8, MUG, 1, "70.00")), List.of(), null, true),
                // Bob's first order, a month earlier: he returns in March.
                order(109, BOB, "2026-02-01T15:00:00Z", "15.00", "0", "5.00", "1.20",
                        List.of(line(9, TEE, 1, "15.00")), List.of(), null, false),
                // Sunday 2025-11-02 lasts 25 hours: 00:00 EDT and 23:59:59 EST are both on it.
                order(110, DEE, "2025-11-02T04:00:00Z", "11.00", "0", "0", "0",
                        List.of(line(10, TEE, 1, "11.00")), List.of(), null, false),
                order(111, DEE, "2025-11-03T04:59:59Z", "12.00", "0", "0", "0",
                        List.of(line(11, TEE, 1, "12.00")), List.of(), null, false),
                order(112, DEE, "2025-11-03T05:00:00Z", "13.00", "0", "0", "0",
                        List.of(line(12, TEE, 1, "13.00")), List.of(), null, false)), NOW);
        return shop;
    }

    static Customer customer(long id, String first, String last) {
        String email = (first == null ? "c" + id : first.toLowerCase()) + "@example.com";
        return new Customer(id, first, last, email, null, "ENABLED", List.of(), null, null, NOW, NOW, "{}");
    }

    static Product product(long id, String title) {
        return new Product(id, title, "h" + id, "Vendor", "Type", "ACTIVE", List.of(), List.of(), NOW, NOW, "{}");
    }

    static LineItem line(long id, long product, int quantity, String total) {
        BigDecimal amount = new BigDecimal(total);
        return new LineItem(id, product, null, "Line of " + product, null, null, quantity, quantity,
                amount.divide(BigDecimal.valueOf(quantity), 2, java.math.RoundingMode.HALF_EVEN), amount, BigDecimal.ZERO);
    }

    static Refund refund(long id, String at, String amount) {
        return new Refund(id, Instant.parse(at), new BigDecimal(amount), null);
    }

    static Order order(long id, Long customer, String processedAt, String subtotal, String discounts, String shipping,
            String tax, List<LineItem> lines, List<Refund> refunds, Instant cancelledAt, boolean test) {
        Instant at = Instant.parse(processedAt);
        BigDecimal total = new BigDecimal(subtotal).add(new BigDecimal(shipping)).add(new BigDecimal(tax));
        BigDecimal refunded = refunds.stream().map(Refund::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Order(id, "#" + id, customer, null, at, at, NOW.minusSeconds(id), cancelledAt, null, test, "PAID",
                "FULFILLED", "USD", new BigDecimal(subtotal), new BigDecimal(discounts), new BigDecimal(shipping),
                new BigDecimal(tax), total, total.subtract(refunded), refunded, total.subtract(refunded), lines, refunds,
                "{}");
    }
}
