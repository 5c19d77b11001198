package dev.shopifyingest.insights;

import java.util.List;

/**
 * The questions the insights API answers about one shop. {@link Insights} answers them from
 * rollups in time proportional to the days asked about; {@link RawInsights} answers them directly
 * from the order rows, slowly, as the reference the rollups are checked against. Both give
 * identical answers.
 *
 * <p>Every method reads inside a transaction acting for the query's shop (row-level security) and
 * throws {@link UnknownShopException} when that shop is not registered.
 */
public interface ShopInsights {

    /** The largest {@code limit} the top lists accept. */
    int MAX_LIMIT = 100;

    /**
     * The headline figures of the range.
     *
     * @param query shop, days and exclusions
     * @return the summary
     */
    Summary summary(InsightsQuery query);

    /**
     * Sales and orders per bucket, every bucket of the range present.
     *
     * @param query shop, days and exclusions
     * @param granularity the bucket size
     * @return the series
     */
    Series series(InsightsQuery query, Granularity granularity);

    /**
     * The customers who spent most in the range, most first (ties by id).
     *
     * @param query shop, days and exclusions
     * @param limit how many, 1 to {@value #MAX_LIMIT}
     * @return at most {@code limit} customers, fewer when fewer ordered
     * @throws InvalidLimitException if the limit is out of bounds
     */
    List<TopCustomer> topCustomers(InsightsQuery query, int limit);

    /**
     * The products that sold most in the range, by revenue or by units (ties by id).
     *
     * @param query shop, days and exclusions
     * @param limit how many, 1 to {@value #MAX_LIMIT}
     * @param ranking by revenue or by units
     * @return at most {@code limit} products
     * @throws InvalidLimitException if the limit is out of bounds
     */
    List<TopProduct> topProducts(InsightsQuery query, int limit, ProductRanking ranking);

    /**
     * Summary, series and top customers at once, from one snapshot.
     *
     * @param query shop, days and exclusions
     * @param granularity the series' bucket size
     * @param topCustomers how many top customers, 1 to {@value #MAX_LIMIT}
     * @return the dashboard
     * @throws InvalidLimitException if the limit is out of bounds
     */
    Dashboard dashboard(InsightsQuery query, Granularity granularity, int topCustomers);
}
