package dev.shopifyingest.insights;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * What a query needs to know about its shop: the time zone days are cut in and the currency money
 * is presented in.
 *
 * @param shopId the shop
 * @param zone the shop's IANA time zone as stored, or null when unknown (days are then UTC days)
 * @param currency the shop's ISO 4217 code, or null when unknown
 */
record ShopContext(long shopId, String zone, String currency) {

    /** The time zone days are cut in: the shop's, else UTC. */
    String zoneOrUtc() {
        return zone == null ? "UTC" : zone;
    }

    /** Decimals of the currency (2 when unknown), e.g. 0 for JPY. */
    int scale() {
        if (currency != null) {
            try {
                int digits = Currency.getInstance(currency).getDefaultFractionDigits();
                if (digits >= 0) {
                    return digits;
                }
            } catch (IllegalArgumentException e) {
                // An unknown code: present amounts with cents.
            }
        }
        return 2;
    }

    /**
     * An exact amount with the currency's decimals; amounts that need more keep them (never rounds).
     */
    BigDecimal money(BigDecimal amount) {
        BigDecimal value = amount == null ? BigDecimal.ZERO : amount;
        int scale = scale();
        return value.stripTrailingZeros().scale() <= scale ? value.setScale(scale, RoundingMode.UNNECESSARY) : value;
    }

    /** {@code dividend / divisor} with the currency's decimals, rounded half-even; zero when divisor is 0. */
    BigDecimal divide(BigDecimal dividend, long divisor) {
        if (divisor == 0) {
            return money(BigDecimal.ZERO);
        }
        return dividend.divide(BigDecimal.valueOf(divisor), scale(), RoundingMode.HALF_EVEN);
    }
}
