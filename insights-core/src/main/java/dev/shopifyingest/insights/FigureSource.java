package dev.shopifyingest.insights;

import java.math.BigDecimal;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Where the figures come from: the rollups ({@link RollupFigures}) or the order rows themselves
 * ({@link RawFigures}). Everything else (validation, buckets, names, money presentation) is shared
 * by {@link InsightsEngine}, so the two can only differ in the figures.
 */
interface FigureSource {

    /** Customers who ordered in a range, and how many of them were new. */
    record CustomerCounts(long customers, long newCustomers) {
    }

    /** A customer's orders and spend in a range. */
    record CustomerSpend(long customerId, long orders, BigDecimal spend) {
    }

    /** A product's units and revenue in a range. */
    record ProductSales(long productId, long units, BigDecimal revenue) {
    }

    /** The days of the range that have figures, in order (days without any are left out). */
    List<DayFigures> days(Handle handle, ShopContext shop, InsightsQuery query);

    /** Customers with an order in the range; new ones placed their first order ever in it. */
    CustomerCounts customers(Handle handle, ShopContext shop, InsightsQuery query);

    /** Customers of the shop, not deleted. */
    long totalCustomers(Handle handle, ShopContext shop);

    /** The top {@code limit} customers by spend in the range, ties by id. */
    List<CustomerSpend> topCustomers(Handle handle, ShopContext shop, InsightsQuery query, int limit);

    /** The top {@code limit} products by the ranking, ties by id. */
    List<ProductSales> topProducts(Handle handle, ShopContext shop, InsightsQuery query, int limit,
            ProductRanking ranking);
}
