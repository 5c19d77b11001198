package dev.shopifyingest.testkit.store;

import java.math.BigDecimal;

/**
 * What Shopify derives for a customer from their orders.
 *
 * @param numberOfOrders orders placed by the customer, including cancelled and test orders
 * @param amountSpent the sum of the net payments of those orders (received less refunded)
 */
public record CustomerStats(long numberOfOrders, BigDecimal amountSpent) {

    /** A customer without orders. */
    public static final CustomerStats NONE = new CustomerStats(0, BigDecimal.ZERO.setScale(2));

    CustomerStats plus(FakeOrder order, int sign) {
        return new CustomerStats(numberOfOrders + sign,
                sign > 0 ? amountSpent.add(order.netPayment()) : amountSpent.subtract(order.netPayment()));
    }
}
