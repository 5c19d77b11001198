package dev.shopifyingest.insights;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Figures read from the rollups that {@code V1__rollups.sql} maintains. Every query reads a number
 * of rows bounded by the days (or months) of the range, except top customers, which reads the
 * monthly spend lists from the top only as deep as needed to prove the answer exact.
 */
final class RollupFigures implements FigureSource {

    private static final String DAYS = """
            select day, sum(orders) as orders, sum(gross_sales) as gross_sales, sum(discounts) as discounts,
                   sum(shipping) as shipping, sum(taxes) as taxes, sum(refunds) as refunds
            from insights_daily_sales
            where shop_id = :shop and day between :from and :to and kind = any(:kinds::smallint[])
            group by day
            order by day""";

    // See V1__rollups.sql: new customers are counted on their first day; a customer ordering on day
    // d counts as returning when its previous order is more than d - from days earlier.
    private static final String CUSTOMERS = """
            select coalesce(sum(new_customers), 0) as new_customers,
                   coalesce(sum(coalesce(lapsed[(day - :from) + 1], 0)), 0) as returning_customers
            from insights_customer_gaps
            where shop_id = :shop and mode = :mode and day between :from and :to""";

    private static final String TOTAL_CUSTOMERS = """
            select coalesce((select customers from insights_shop_totals where shop_id = :shop), 0)""";

    // One round of the threshold algorithm over the monthly spend lists (one per kind and month
    // touching the range), read to a depth. The candidates' exact spend in the range comes from
    // the daily rows. An unread customer spends at most the sum of the lists' last values read
    // (lists shorter than the depth are exhausted and add nothing): the threshold.
    private static final String TOP_CUSTOMERS_ROUND = """
            with lists as (
                select k.kind, m.month::date as month
                from unnest(:kinds::smallint[]) as k(kind)
                cross join generate_series(date_trunc('month', :from::date), date_trunc('month', :to::date),
                                           interval '1 month') as m(month)
            ),
            heads as (
                select h.customer_id, h.spend, h.position
                from lists l
                cross join lateral (
                    select c.customer_id, c.spend, row_number() over (order by c.spend desc, c.customer_id) as position
                    from insights_customer_months c
                    where c.shop_id = :shop and c.kind = l.kind and c.month = l.month
                    order by c.spend desc, c.customer_id
                    limit :depth) h
            ),
            bound as (
                select coalesce(sum(h.spend) filter (where h.position = :depth), 0) as threshold,
                       count(*) filter (where h.position = :depth) as open_lists
                from heads h
            ),
            exact as (
                -- Per candidate, by its key: the candidates are few, whatever the planner estimates.
                select c.customer_id, e.orders, e.spend
                from (select distinct customer_id from heads) c
                cross join lateral (
                    select sum(d.orders) as orders, sum(d.spend) as spend
                    from insights_customer_days d
                    where d.shop_id = :shop and d.customer_id = c.customer_id and d.day between :from and :to
                      and d.kind = any(:kinds::smallint[])) e
                where e.orders is not null
            )
            select b.threshold, b.open_lists, e.customer_id, e.orders, e.spend
            from bound b
            left join lateral (select * from exact order by spend desc, customer_id limit :limit) e on true
            order by e.spend desc nulls last, e.customer_id""";

    // Whole months inside the range from the monthly rows, the days before and after from the daily rows.
    private static final String TOP_PRODUCTS = """
            select product_id, sum(units) as units, sum(revenue) as revenue
            from (
                select product_id, units, revenue
                from insights_product_months
                where shop_id = :shop and kind = any(:kinds::smallint[]) and month >= :monthsFrom and month < :monthsTo
                union all
                select product_id, units, revenue
                from insights_product_days
                where shop_id = :shop and kind = any(:kinds::smallint[])
                  and (day between :from and :headTo or day between :tailFrom and :to)
            ) parts
            group by product_id
            order by %s
            limit :limit""";

    private static final int FIRST_DEPTH = 64;

    @Override
    public List<DayFigures> days(Handle handle, ShopContext shop, InsightsQuery query) {
        return handle.createQuery(DAYS)
                .bind("shop", shop.shopId())
                .bind("from", query.from())
                .bind("to", query.to())
                .bind("kinds", kinds(query))
                .map((rs, ctx) -> new DayFigures(rs.getObject("day", LocalDate.class), rs.getLong("orders"),
                        rs.getBigDecimal("gross_sales"), rs.getBigDecimal("discounts"), rs.getBigDecimal("shipping"),
                        rs.getBigDecimal("taxes"), rs.getBigDecimal("refunds")))
                .list();
    }

    @Override
    public CustomerCounts customers(Handle handle, ShopContext shop, InsightsQuery query) {
        return handle.createQuery(CUSTOMERS)
                .bind("shop", shop.shopId())
                .bind("mode", query.mode())
                .bind("from", query.from())
                .bind("to", query.to())
                .map((rs, ctx) -> {
                    long fresh = rs.getLong("new_customers");
                    return new CustomerCounts(fresh + rs.getLong("returning_customers"), fresh);
                })
                .one();
    }

    @Override
    public long totalCustomers(Handle handle, ShopContext shop) {
        return handle.createQuery(TOTAL_CUSTOMERS).bind("shop", shop.shopId()).mapTo(Long.class).one();
    }

    @Override
    public List<CustomerSpend> topCustomers(Handle handle, ShopContext shop, InsightsQuery query, int limit) {
        int depth = Math.max(FIRST_DEPTH, 2 * limit);
        while (true) {
            List<CustomerSpend> top = new ArrayList<>(limit);
            BigDecimal[] threshold = {BigDecimal.ZERO};
            long[] openLists = {0};
            handle.createQuery(TOP_CUSTOMERS_ROUND)
                    .bind("shop", shop.shopId())
                    .bind("from", query.from())
                    .bind("to", query.to())
                    .bind("kinds", kinds(query))
                    .bind("depth", depth)
                    .bind("limit", limit)
                    .map((rs, ctx) -> {
                        threshold[0] = rs.getBigDecimal("threshold");
                        openLists[0] = rs.getLong("open_lists");
                        long id = rs.getLong("customer_id");
                        return rs.wasNull() ? null : new CustomerSpend(id, rs.getLong("orders"), rs.getBigDecimal("spend"));
                    })
                    .forEach(spend -> {
                        if (spend != null) {
                            top.add(spend);
                        }
                    });
            boolean proven = top.size() == limit && top.get(limit - 1).spend().compareTo(threshold[0]) > 0;
            if (openLists[0] == 0 || proven) {
                return top;
            }
            depth = depth >= Integer.MAX_VALUE / 4 ? Integer.MAX_VALUE : depth * 4;
        }
    }

    @Override
    public List<ProductSales> topProducts(Handle handle, ShopContext shop, InsightsQuery query, int limit,
            ProductRanking ranking) {
        // [from, monthsFrom) days, [monthsFrom, monthsTo) whole months, [monthsTo, to] days.
        LocalDate monthsFrom = query.from().getDayOfMonth() == 1 ? query.from()
                : query.from().withDayOfMonth(1).plusMonths(1);
        LocalDate monthsTo = query.to().plusDays(1).withDayOfMonth(1);
        if (!monthsFrom.isBefore(monthsTo)) {
            monthsFrom = query.to().plusDays(1);
            monthsTo = monthsFrom;
        }
        String order = ranking == ProductRanking.REVENUE ? "revenue desc, product_id" : "units desc, product_id";
        return handle.createQuery(TOP_PRODUCTS.formatted(order))
                .bind("shop", shop.shopId())
                .bind("kinds", kinds(query))
                .bind("from", query.from())
                .bind("to", query.to())
                .bind("monthsFrom", monthsFrom)
                .bind("monthsTo", monthsTo)
                .bind("headTo", monthsFrom.minusDays(1))
                .bind("tailFrom", monthsTo)
                .bind("limit", limit)
                .map((rs, ctx) -> new ProductSales(rs.getLong("product_id"), rs.getLong("units"),
                        rs.getBigDecimal("revenue")))
                .list();
    }

    private static int[] kinds(InsightsQuery query) {
        short[] kinds = query.kinds();
        int[] ints = new int[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            ints[i] = kinds[i];
        }
        return ints;
    }
}
