package dev.shopifyingest.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Shopify order as ingested, with its lines and refunds. Amounts are in the shop currency
 * ({@code shopMoney}); analytics never mix currencies.
 *
 * @param id numeric id
 * @param name display name, e.g. {@code #1001}
 * @param customerId the customer's numeric id, or {@code null} for a guest checkout
 * @param email the buyer's email, or {@code null}
 * @param createdAt when created in Shopify
 * @param processedAt when processed; the time commerce analytics assign the sale to
 * @param updatedAt when last changed; newer versions replace older ones
 * @param cancelledAt when cancelled, or {@code null}
 * @param closedAt when closed, or {@code null}
 * @param test whether it is a test order
 * @param financialStatus Shopify's display financial status, e.g. {@code PAID}, or {@code null}
 * @param fulfillmentStatus Shopify's display fulfillment status
 * @param currencyCode the shop currency the amounts are in
 * @param subtotal line items after discounts, before shipping and tax
 * @param totalDiscounts discounts
 * @param totalShipping shipping charged
 * @param totalTax tax charged
 * @param totalPrice total before refunds
 * @param currentTotalPrice total after refunds and edits
 * @param totalRefunded refunded so far
 * @param netPayment received less refunded, or {@code null} when the source did not say (webhook
 *     payloads carry no net payment; syncs read it from Shopify)
 * @param lineItems the lines
 * @param refunds the refunds
 * @param rawJson the JSON node this record was read from
 */
public record Order(long id, String name, Long customerId, String email, Instant createdAt, Instant processedAt,
                    Instant updatedAt, Instant cancelledAt, Instant closedAt, boolean test, String financialStatus,
                    String fulfillmentStatus, String currencyCode, BigDecimal subtotal, BigDecimal totalDiscounts,
                    BigDecimal totalShipping, BigDecimal totalTax, BigDecimal totalPrice,
                    BigDecimal currentTotalPrice, BigDecimal totalRefunded, BigDecimal netPayment,
                    List<LineItem> lineItems, List<Refund> refunds, String rawJson) implements Entity {

    /** Checks required fields and copies the lists. */
    public Order {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(processedAt, "processedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(currencyCode, "currencyCode");
        Objects.requireNonNull(totalPrice, "totalPrice");
        Objects.requireNonNull(currentTotalPrice, "currentTotalPrice");
        Objects.requireNonNull(rawJson, "rawJson");
        lineItems = List.copyOf(lineItems);
        refunds = List.copyOf(refunds);
    }

    @Override
    public EntityType type() {
        return EntityType.ORDER;
    }

    /** Whether the order was cancelled. */
    public boolean cancelled() {
        return cancelledAt != null;
    }
}
