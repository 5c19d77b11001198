package dev.shopifyingest.insights;

import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.model.ProductVariant;
import dev.shopifyingest.core.model.Refund;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Turns the testkit's generated entities into the core model the store ingests. */
final class FakeRows {

    private FakeRows() {
    }

    static Order order(FakeOrder o, String currency) {
        List<LineItem> lines = o.lineItems().stream()
                .map(l -> new LineItem(l.id(), l.productId(), l.variantId(), l.title(), l.variantTitle(), l.sku(),
                        l.quantity(), l.quantity(), l.unitPrice(), l.discountedTotal(), l.totalDiscount()))
                .toList();
        List<Refund> refunds = o.refunds().stream()
                .map(r -> new Refund(r.id(), r.createdAt(), r.amount(), r.note()))
                .toList();
        return new Order(o.id(), o.name(), o.customerId(), o.email(), o.createdAt(), o.processedAt(), o.updatedAt(),
                o.cancelledAt(), o.closedAt(), o.test(), o.financialStatus(), o.fulfillmentStatus(), currency,
                o.subtotal(), o.totalDiscounts(), o.shipping(), o.tax(), o.totalPrice(), o.currentTotalPrice(),
                o.totalRefunded(), o.netPayment(), lines, refunds, "{}");
    }

    static Customer customer(FakeCustomer c) {
        return new Customer(c.id(), c.firstName(), c.lastName(), c.email(), c.phone(), "ENABLED", c.tags(), null,
                null, c.createdAt(), c.updatedAt(), "{}");
    }

    static Product product(FakeProduct p) {
        List<ProductVariant> variants = p.variants().stream()
                .map(v -> new ProductVariant(v.id(), v.title(), v.sku(), v.price(), v.inventoryQuantity(),
                        v.position(), v.createdAt(), v.updatedAt()))
                .toList();
        return new Product(p.id(), p.title(), p.handle(), p.vendor(), p.productType(), p.status(), p.tags(), variants,
                p.createdAt(), p.updatedAt(), "{}");
    }

    /** A copy of {@code o} with other times, flags or refunds (totals follow the refunds). */
    static Order with(Order o, Instant processedAt, Instant updatedAt, Instant cancelledAt, boolean test,
            List<Refund> refunds) {
        BigDecimal refunded = refunds.stream().map(Refund::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Order(o.id(), o.name(), o.customerId(), o.email(), o.createdAt(), processedAt, updatedAt,
                cancelledAt, o.closedAt(), test, o.financialStatus(), o.fulfillmentStatus(), o.currencyCode(),
                o.subtotal(), o.totalDiscounts(), o.totalShipping(), o.totalTax(), o.totalPrice(),
                o.totalPrice().subtract(refunded), refunded, o.netPayment(), o.lineItems(), refunds, o.rawJson());
    }

    /** A copy of {@code o} belonging to another customer (null: a guest). */
    static Order withCustomer(Order o, Long customerId, Instant updatedAt) {
        return new Order(o.id(), o.name(), customerId, o.email(), o.createdAt(), o.processedAt(), updatedAt,
                o.cancelledAt(), o.closedAt(), o.test(), o.financialStatus(), o.fulfillmentStatus(), o.currencyCode(),
                o.subtotal(), o.totalDiscounts(), o.totalShipping(), o.totalTax(), o.totalPrice(),
                o.currentTotalPrice(), o.totalRefunded(), o.netPayment(), o.lineItems(), o.refunds(), o.rawJson());
    }

    /** A copy of {@code o} with other lines (and the totals they imply). */
    static Order withLines(Order o, List<LineItem> lines, Instant updatedAt) {
        BigDecimal gross = lines.stream().map(l -> l.originalUnitPrice().multiply(BigDecimal.valueOf(l.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal discounts = lines.stream().map(LineItem::totalDiscount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal subtotal = gross.subtract(discounts);
        BigDecimal total = subtotal.add(o.totalShipping()).add(o.totalTax());
        return new Order(o.id(), o.name(), o.customerId(), o.email(), o.createdAt(), o.processedAt(), updatedAt,
                o.cancelledAt(), o.closedAt(), o.test(), o.financialStatus(), o.fulfillmentStatus(), o.currencyCode(),
                subtotal, discounts, o.totalShipping(), o.totalTax(), total, total.subtract(o.totalRefunded()),
                o.totalRefunded(), o.netPayment(), lines, o.refunds(), o.rawJson());
    }
}
