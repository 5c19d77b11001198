package dev.shopifyingest.testkit.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order of the fake store. Stored amounts are the ones a merchant enters (line prices,
 * discounts, shipping, tax, refunds); every total Shopify reports is derived from them here, so a
 * test computes expected figures from the same definitions the fake serves.
 *
 * @param id numeric id; the GID is {@code gid://shopify/Order/{id}}
 * @param number order number, e.g. 1001; the name is {@code #1001}
 * @param customerId the customer's numeric id, or {@code null} for a guest checkout
 * @param email the buyer's email, or {@code null}
 * @param createdAt when the order was created in Shopify
 * @param processedAt when the order was processed (the time commerce analytics use)
 * @param updatedAt when the order last changed
 * @param cancelledAt when it was cancelled, or {@code null}
 * @param cancelReason Shopify's {@code OrderCancelReason} name, or {@code null}
 * @param closedAt when it was closed (archived), or {@code null}
 * @param test whether this is a test order
 * @param financialStatus Shopify's {@code OrderDisplayFinancialStatus} name, e.g. {@code PAID}
 * @param fulfillmentStatus Shopify's {@code OrderDisplayFulfillmentStatus} name
 * @param lineItems the lines, at least one
 * @param shipping shipping charged
 * @param tax total tax charged
 * @param refunds refunds made, in time order
 */
public record FakeOrder(long id, long number, Long customerId, String email, Instant createdAt, Instant processedAt,
                        Instant updatedAt, Instant cancelledAt, String cancelReason, Instant closedAt, boolean test,
                        String financialStatus, String fulfillmentStatus, List<FakeLineItem> lineItems,
                        BigDecimal shipping, BigDecimal tax, List<FakeRefund> refunds) implements FakeEntity {

    /** Copies the lists and checks required fields. */
    public FakeOrder {
        lineItems = List.copyOf(lineItems);
        refunds = List.copyOf(refunds);
        if (lineItems.isEmpty()) {
            throw new IllegalArgumentException("An order has at least one line item");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(processedAt, "processedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(financialStatus, "financialStatus");
        Objects.requireNonNull(fulfillmentStatus, "fulfillmentStatus");
        Objects.requireNonNull(shipping, "shipping");
        Objects.requireNonNull(tax, "tax");
    }

    @Override
    public String gid() {
        return "gid://shopify/Order/" + id;
    }

    /** {@code #1001}-style name. */
    public String name() {
        return "#" + number;
    }

    /** Sum of the lines' original totals, before discounts. */
    public BigDecimal lineItemsTotal() {
        return lineItems.stream().map(FakeLineItem::originalTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Sum of the discounts allocated to the lines ({@code totalDiscountsSet}). */
    public BigDecimal totalDiscounts() {
        return lineItems.stream().map(FakeLineItem::totalDiscount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Line items after discounts, before shipping and tax ({@code subtotalPriceSet}). */
    public BigDecimal subtotal() {
        return lineItemsTotal().subtract(totalDiscounts());
    }

    /** Subtotal plus shipping and tax, before refunds ({@code totalPriceSet}). */
    public BigDecimal totalPrice() {
        return subtotal().add(shipping).add(tax);
    }

    /** Sum of all refunds ({@code totalRefundedSet}). */
    public BigDecimal totalRefunded() {
        return refunds.stream().map(FakeRefund::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Total after refunds ({@code currentTotalPriceSet}). */
    public BigDecimal currentTotalPrice() {
        return totalPrice().subtract(totalRefunded());
    }

    /**
     * Money received from the buyer ({@code totalReceivedSet}): the total price once payment was
     * captured, nothing while it is pending, authorized, expired or voided.
     */
    public BigDecimal totalReceived() {
        return switch (financialStatus) {
            case "PENDING", "AUTHORIZED", "EXPIRED", "VOIDED" -> BigDecimal.ZERO;
            default -> totalPrice();
        };
    }

    /** Received less refunded ({@code netPaymentSet}). */
    public BigDecimal netPayment() {
        return totalReceived().subtract(totalRefunded());
    }

    /** Money still owed by the buyer ({@code totalOutstandingSet}). */
    public BigDecimal totalOutstanding() {
        return "VOIDED".equals(financialStatus) || cancelledAt != null
                ? BigDecimal.ZERO
                : totalPrice().subtract(totalReceived());
    }

    /**
     * Subtotal after refunds ({@code currentSubtotalPriceSet}). The fake's refunds are amounts,
     * not returned lines, so every current figure is the original one scaled by the share of the
     * total still standing ({@link #currentTotalPrice()} / {@link #totalPrice()}), to the cent.
     */
    public BigDecimal currentSubtotal() {
        return standing(subtotal());
    }

    /** Tax after refunds ({@code currentTotalTaxSet}), scaled like {@link #currentSubtotal()}. */
    public BigDecimal currentTotalTax() {
        return standing(tax);
    }

    /** Discounts after refunds ({@code currentTotalDiscountsSet}), scaled like {@link #currentSubtotal()}. */
    public BigDecimal currentTotalDiscounts() {
        return standing(totalDiscounts());
    }

    /**
     * Shipping after refunds ({@code currentShippingPriceSet}): what is left of the current total
     * once the current subtotal and tax are taken, so the current figures add up exactly.
     */
    public BigDecimal currentShipping() {
        return currentTotalPrice().subtract(currentSubtotal()).subtract(currentTotalTax());
    }

    private BigDecimal standing(BigDecimal original) {
        BigDecimal total = totalPrice();
        if (totalRefunded().signum() == 0 || total.signum() == 0) {
            return original;
        }
        return original.multiply(currentTotalPrice()).divide(total, 2, java.math.RoundingMode.HALF_EVEN);
    }

    /**
     * Units of {@code line} still standing ({@code currentQuantity}, REST {@code current_quantity}).
     * The fake's refunds are amounts, not returned lines, so a line is gone only once the whole
     * order was refunded.
     */
    public int currentQuantity(FakeLineItem line) {
        return totalRefunded().signum() > 0 && currentTotalPrice().signum() == 0 ? 0 : line.quantity();
    }

    /** This order with another update time. */
    public FakeOrder withUpdatedAt(Instant when) {
        return new FakeOrder(id, number, customerId, email, createdAt, processedAt, when, cancelledAt, cancelReason,
                closedAt, test, financialStatus, fulfillmentStatus, lineItems, shipping, tax, refunds);
    }
}
