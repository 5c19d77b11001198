package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.store.FakeAddress;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeLineItem;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeRefund;
import dev.shopifyingest.testkit.store.FakeVariant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** The small value objects GraphQL types resolve to where no store record fits as is. */
final class Views {

    private Views() {
    }

    /** Money rounded to cents, as Shopify writes amounts ("29.90"). */
    static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN);
    }

    /** {@code MoneyV2}. */
    record Money(BigDecimal amount, String currencyCode) {
        Money {
            amount = cents(amount);
        }
    }

    /** {@code MoneyBag}: the fake sells in the shop currency only, so both sides are equal. */
    record MoneyBag(BigDecimal amount, String currencyCode) {
        Money money() {
            return new Money(amount, currencyCode);
        }
    }

    /** {@code ProductVariant}: a variant knows its product. */
    record Variant(FakeProduct product, FakeVariant variant) {
    }

    /** {@code LineItem}: a line knows its order. */
    record LineItem(FakeOrder order, FakeLineItem item) {
    }

    /** {@code Refund}: a refund knows its order. */
    record Refund(FakeOrder order, FakeRefund refund) {
    }

    /** {@code MailingAddress} of a customer. */
    record Address(FakeCustomer customer, FakeAddress address) {
    }

    /** {@code CustomerEmailAddress}. */
    record EmailAddress(String emailAddress, String marketingState) {
    }

    /** {@code CustomerPhoneNumber}. */
    record PhoneNumber(String phoneNumber) {
    }

    /** {@code ShopPlan}. */
    record Plan(String name) {
    }

    /** {@code WebhookHttpEndpoint}. */
    record HttpEndpoint(String callbackUrl) {
    }

    /** {@code Job} of an asynchronous mutation (the fake finishes them at once). */
    record Job(String id, boolean done) {
    }

    /** {@code Count}. */
    record Count(long count, String precision) {
    }

    /** A connection page. */
    record Connection(List<Edge> edges, PageInfo pageInfo) {
        List<Object> nodes() {
            return edges.stream().map(Edge::node).toList();
        }
    }

    /** An edge of a connection page. */
    record Edge(String cursor, Object node) {
    }

    /** {@code PageInfo}. */
    record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
    }

    /**
     * A user error of a mutation payload; {@code typeName} is the schema type ({@code UserError},
     * {@code OrderCreateUserError}, ...) and {@code code} is null where the type has none.
     */
    record UserError(String typeName, List<String> field, String message, String code) {
    }
}
