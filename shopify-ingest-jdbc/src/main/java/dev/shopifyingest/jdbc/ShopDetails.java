package dev.shopifyingest.jdbc;

import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a shop says about itself (from the Admin API's {@code shop} query): name, currency and time
 * zone. The time zone decides which day an order falls on in analytics.
 *
 * @param name the shop's name, or null
 * @param currencyCode the shop currency (ISO 4217, e.g. {@code EUR}), or null
 * @param timeZone the shop's IANA time zone, or null
 */
public record ShopDetails(String name, String currencyCode, ZoneId timeZone) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** Checks the currency code's form. */
    public ShopDetails {
        if (currencyCode != null && !CURRENCY.matcher(currencyCode).matches()) {
            throw new IllegalArgumentException("A currency code is three upper-case letters (ISO 4217), e.g. EUR");
        }
    }

    /**
     * Details with all fields absent.
     *
     * @return empty details
     */
    public static ShopDetails unknown() {
        return new ShopDetails(null, null, null);
    }

    /**
     * These details with a different time zone.
     *
     * @param zone the time zone
     * @return a copy
     */
    public ShopDetails withTimeZone(ZoneId zone) {
        return new ShopDetails(name, currencyCode, Objects.requireNonNull(zone, "zone"));
    }
}
