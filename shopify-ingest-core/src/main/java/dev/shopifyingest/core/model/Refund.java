package dev.shopifyingest.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A refund on an order.
 *
 * @param id numeric id
 * @param createdAt when it was made; analytics count it on that day
 * @param amount money returned, in the shop currency
 * @param note the merchant's note, or {@code null}
 */
public record Refund(long id, Instant createdAt, BigDecimal amount, String note) {

    /** Checks required fields. */
    public Refund {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(amount, "amount");
    }
}
