package dev.shopifyingest.core.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact amount of money in one currency. Amounts are never floating point.
 *
 * @param amount the amount, as Shopify's {@code Decimal} string parses
 * @param currencyCode ISO 4217 code, e.g. {@code USD}
 */
public record Money(BigDecimal amount, String currencyCode) {

    /** Checks both fields. */
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currencyCode, "currencyCode");
        if (currencyCode.isBlank()) {
            throw new IllegalArgumentException("A currency code is required");
        }
    }

    /** Parses Shopify's decimal string, e.g. {@code "29.90"}. */
    public static Money of(String amount, String currencyCode) {
        return new Money(new BigDecimal(amount), currencyCode);
    }
}
