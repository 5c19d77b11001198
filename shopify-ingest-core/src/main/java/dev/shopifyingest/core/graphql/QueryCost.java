package dev.shopifyingest.core.graphql;

/**
 * The calculated query cost Shopify reports in {@code extensions.cost}.
 *
 * @param requested the cost Shopify required to be available before running the query
 * @param actual the cost charged after running it, or {@code null} when it did not run
 * @param maximumAvailable the bucket size
 * @param currentlyAvailable points left after this query
 * @param restoreRate points restored per second
 */
public record QueryCost(double requested, Double actual, double maximumAvailable, double currentlyAvailable,
                        double restoreRate) {
}
