package dev.shopifyingest.insights;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Figures computed directly from the order rows ({@code orders}, {@code order_line_items},
 * {@code refunds}, {@code customers}) at every call, written independently of the rollups'
 * functions so that each checks the other. Its cost grows with the orders in the range (and, for
 * new versus returning customers, with those customers' whole history).
 *
 * <p>An order counts when it is not deleted, has a {@code processed_at}, and its kind is wanted;
 * its day is the local date of {@code processed_at} in the shop's time zone. The instant bounds,
 * a day wider than the range on each side, only let PostgreSQL use the {@code processed_at}
 * index; the local date decides.
 */
final class RawFigures implements FigureSource {

    private static final String COUNTED = """
            o.deleted_at is null and o.processed_at is not null
            and (:includeCancelled or o.cancelled_at is null) and (:includeTest or not o.test)""";

    private static final String IN_RANGE = """
            o.processed_at >= :wideFrom and o.processed_at < :wideTo
            and (o.processed_at at time zone :zone)::date between :from and :to""";

    private static final String DAYS = """
            select x.day, sum(x.orders) as orders, sum(x.gross_sales) as gross_sales, sum(x.discounts) as discounts,
                   sum(x.shipping) as shipping, sum(x.taxes) as taxes, sum(x.refunds) as refunds
            from (
                select (o.processed_at at time zone :zone)::date as day, 1 as orders,
                       coalesce(o.subtotal, o.total_price - coalesce(o.total_shipping, 0) - coalesce(o.total_tax, 0), 0)
                           + coalesce(o.total_discounts, 0) as gross_sales,
                       coalesce(o.total_discounts, 0) as discounts,
                       coalesce(o.total_shipping, 0) as shipping,
                       coalesce(o.total_tax, 0) as taxes,
                       0 as refunds
                from orders o
                where o.shop_id = :shop and %1$s and %2$s
                union all
                select (r.created_at at time zone :zone)::date, 0, 0, 0, 0, 0, r.amount
                from refunds r
                join orders o on o.shop_id = r.shop_id and o.id = r.order_id
                where r.shop_id = :shop and %1$s
                  and r.created_at >= :wideFrom and r.created_at < :wideTo
                  and (r.created_at at time zone :zone)::date between :from and :to
            ) x
            group by x.day
            order by x.day""".formatted(COUNTED, IN_RANGE);

    // New: the customer's first counted order ever falls in the range (it has one in the range).
    private static final String CUSTOMERS = """
            with active as (
                select distinct o.customer_id
                from orders o
                where o.shop_id = :shop and o.customer_id is not null and %1$s and %2$s
            )
            select count(*) as customers, count(*) filter (where f.first_day >= :from) as new_customers
            from active a
            cross join lateral (
                select min((o.processed_at at time zone :zone)::date) as first_day
                from orders o
                where o.shop_id = :shop and o.customer_id = a.customer_id and %1$s
            ) f""".formatted(COUNTED, IN_RANGE);

    private static final String TOTAL_CUSTOMERS = """
            select count(*) from customers where shop_id = :shop and deleted_at is null""";

    private static final String TOP_CUSTOMERS = """
            select o.customer_id, count(*) as orders,
                   sum(greatest(coalesce(o.total_price,
                                         coalesce(o.subtotal, 0) + coalesce(o.total_shipping, 0)
                                             + coalesce(o.total_tax, 0))
                                - coalesce(o.total_refunded, 0), 0)) as spend
            from orders o
            where o.shop_id = :shop and o.customer_id is not null and %1$s and %2$s
            group by o.customer_id
            order by spend desc, o.customer_id
            limit :limit""".formatted(COUNTED, IN_RANGE);

    private static final String TOP_PRODUCTS = """
            select l.product_id, sum(l.quantity) as units, sum(l.discounted_total) as revenue
            from orders o
            join order_line_items l on l.shop_id = o.shop_id and l.order_id = o.id
            where o.shop_id = :shop and l.product_id is not null and %1$s and %2$s
            group by l.product_id
            order by %%s
            limit :limit""".formatted(COUNTED, IN_RANGE);

    @Override
    public List<DayFigures> days(Handle handle, ShopContext shop, InsightsQuery query) {
        return bind(handle.createQuery(DAYS), shop, query)
                .map((rs, ctx) -> new DayFigures(rs.getObject("day", LocalDate.class), rs.getLong("orders"),
                        rs.getBigDecimal("gross_sales"), rs.getBigDecimal("discounts"), rs.getBigDecimal("shipping"),
                        rs.getBigDecimal("taxes"), rs.getBigDecimal("refunds")))
                .list();
    }

    @Override
    public CustomerCounts customers(Handle handle, ShopContext shop, InsightsQuery query) {
        return bind(handle.createQuery(CUSTOMERS), shop, query)
                .map((rs, ctx) -> new CustomerCounts(rs.getLong("customers"), rs.getLong("new_customers")))
                .one();
    }

    @Override
    public long totalCustomers(Handle handle, ShopContext shop) {
        return handle.createQuery(TOTAL_CUSTOMERS).bind("shop", shop.shopId()).mapTo(Long.class).one();
    }

    @Override
    public List<CustomerSpend> topCustomers(Handle handle, ShopContext shop, InsightsQuery query, int limit) {
        return bind(handle.createQuery(TOP_CUSTOMERS), shop, query)
                .bind("limit", limit)
                .map((rs, ctx) -> new CustomerSpend(rs.getLong("customer_id"), rs.getLong("orders"),
                        rs.getBigDecimal("spend")))
                .list();
    }

    @Override
    public List<ProductSales> topProducts(Handle handle, ShopContext shop, InsightsQuery query, int limit,
            ProductRanking ranking) {
        String order = ranking == ProductRanking.REVENUE ? "revenue desc, l.product_id" : "units desc, l.product_id";
        return bind(handle.createQuery(TOP_PRODUCTS.formatted(order)), shop, query)
                .bind("limit", limit)
                .map((rs, ctx) -> new ProductSales(rs.getLong("product_id"), rs.getLong("units"),
                        rs.getBigDecimal("revenue")))
                .list();
    }

    private static Query bind(Query statement, ShopContext shop, InsightsQuery query) {
        return statement.bind("shop", shop.shopId())
                .bind("zone", shop.zoneOrUtc())
                .bind("from", query.from())
                .bind("to", query.to())
                .bind("wideFrom", query.from().minusDays(2).atStartOfDay().atOffset(ZoneOffset.UTC))
                .bind("wideTo", query.to().plusDays(3).atStartOfDay().atOffset(ZoneOffset.UTC))
                .bind("includeCancelled", query.includeCancelled())
                .bind("includeTest", query.includeTest());
    }
}
