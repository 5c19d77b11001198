package dev.shopifyingest.testkit.store;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A refund on an order.
 *
 * @param id numeric id; the GID is {@code gid://shopify/Refund/{id}}
 * @param createdAt when the refund was made
 * @param amount money returned to the buyer, in the shop currency
 * @param note the merchant's note, or {@code null}
 */
public record FakeRefund(long id, Instant createdAt, BigDecimal amount, String note) {

    /** Shopify's global id of this refund. */
    public String gid() {
        return "gid://shopify/Refund/" + id;
    }
}
