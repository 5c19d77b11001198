package dev.shopifyingest.testkit.graphql;

/**
 * The leaky bucket of Shopify's calculated query cost for one app on one shop.
 *
 * @param maximumAvailable bucket size in points
 * @param restoreRate points restored per second
 */
public record ThrottleSettings(double maximumAvailable, double restoreRate) {

    /** Standard plans: 100 points/s (documented) with a 2,000-point bucket (observed, 20× the rate). */
    public static final ThrottleSettings STANDARD = new ThrottleSettings(2_000, 100);
    /** Advanced plans: 200 points/s, 4,000-point bucket. */
    public static final ThrottleSettings ADVANCED = new ThrottleSettings(4_000, 200);
    /** Shopify Plus: 1,000 points/s, 20,000-point bucket. */
    public static final ThrottleSettings PLUS = new ThrottleSettings(20_000, 1_000);

    /** Checks that both numbers are positive. */
    public ThrottleSettings {
        if (!(maximumAvailable > 0) || !(restoreRate > 0)) {
            throw new IllegalArgumentException("Bucket size and restore rate must be positive, got "
                    + maximumAvailable + " and " + restoreRate);
        }
    }
}
