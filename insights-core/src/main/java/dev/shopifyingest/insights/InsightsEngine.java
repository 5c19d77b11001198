package dev.shopifyingest.insights;

import dev.shopifyingest.insights.FigureSource.CustomerCounts;
import dev.shopifyingest.insights.FigureSource.CustomerSpend;
import dev.shopifyingest.insights.FigureSource.ProductSales;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * Answers {@link ShopInsights} questions from a {@link FigureSource}: opens the tenant's read
 * transaction, checks the shop, turns day figures into summaries and zero-filled series, and puts
 * names on top customers and titles on top products.
 */
final class InsightsEngine implements ShopInsights {

    private final TenantReads reads;
    private final FigureSource source;

    InsightsEngine(TenantReads reads, FigureSource source) {
        this.reads = reads;
        this.source = source;
    }

    @Override
    public Summary summary(InsightsQuery query) {
        Objects.requireNonNull(query, "query");
        return reads.read(query.shopId(), "reading the summary of shop " + query.shopId(), handle -> {
            ShopContext shop = TenantReads.shop(handle, query.shopId());
            return summary(handle, shop, query, source.days(handle, shop, query));
        });
    }

    @Override
    public Series series(InsightsQuery query, Granularity granularity) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(granularity, "granularity");
        return reads.read(query.shopId(), "reading the series of shop " + query.shopId(), handle -> {
            ShopContext shop = TenantReads.shop(handle, query.shopId());
            return series(shop, query, granularity, source.days(handle, shop, query));
        });
    }

    @Override
    public List<TopCustomer> topCustomers(InsightsQuery query, int limit) {
        Objects.requireNonNull(query, "query");
        checkLimit(limit);
        return reads.read(query.shopId(), "reading the top customers of shop " + query.shopId(), handle -> {
            ShopContext shop = TenantReads.shop(handle, query.shopId());
            return topCustomers(handle, shop, query, limit);
        });
    }

    @Override
    public List<TopProduct> topProducts(InsightsQuery query, int limit, ProductRanking ranking) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(ranking, "ranking");
        checkLimit(limit);
        return reads.read(query.shopId(), "reading the top products of shop " + query.shopId(), handle -> {
            ShopContext shop = TenantReads.shop(handle, query.shopId());
            List<ProductSales> sales = source.topProducts(handle, shop, query, limit, ranking);
            Map<Long, String> titles = titles(handle, shop, sales.stream().mapToLong(ProductSales::productId).toArray());
            List<TopProduct> products = new ArrayList<>(sales.size());
            for (ProductSales s : sales) {
                products.add(new TopProduct(s.productId(), titles.get(s.productId()), s.units(), shop.money(s.revenue())));
            }
            return products;
        });
    }

    @Override
    public Dashboard dashboard(InsightsQuery query, Granularity granularity, int topCustomers) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(granularity, "granularity");
        checkLimit(topCustomers);
        return reads.read(query.shopId(), "reading the dashboard of shop " + query.shopId(), handle -> {
            ShopContext shop = TenantReads.shop(handle, query.shopId());
            List<DayFigures> days = source.days(handle, shop, query);
            return new Dashboard(summary(handle, shop, query, days), series(shop, query, granularity, days),
                    topCustomers(handle, shop, query, topCustomers));
        });
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidLimitException("limit must be between 1 and " + MAX_LIMIT + ", but was " + limit + ".");
        }
    }

    private Summary summary(Handle handle, ShopContext shop, InsightsQuery query, List<DayFigures> days) {
        DayFigures total = DayFigures.NONE;
        for (DayFigures day : days) {
            total = total.plus(day);
        }
        CustomerCounts customers = source.customers(handle, shop, query);
        long totalCustomers = source.totalCustomers(handle, shop);
        return new Summary(query.from(), query.to(), shop.currency(), shop.zoneOrUtc(),
                shop.money(total.totalSales()), shop.money(total.netSales()), shop.money(total.grossSales()),
                shop.money(total.discounts()), shop.money(total.shipping()), shop.money(total.taxes()),
                shop.money(total.refunds()), total.orders(),
                shop.divide(total.grossSales().subtract(total.discounts()), total.orders()),
                customers.customers(), customers.newCustomers(), customers.customers() - customers.newCustomers(),
                totalCustomers);
    }

    /** Buckets the day figures; every bucket of the range is present, clipped to the range. */
    static Series series(ShopContext shop, InsightsQuery query, Granularity granularity, List<DayFigures> days) {
        List<Series.Point> points = new ArrayList<>();
        int next = 0;
        LocalDate start = query.from();
        while (!start.isAfter(query.to())) {
            LocalDate bucketEnd = granularity.nextBucketStart(start).minusDays(1);
            LocalDate end = bucketEnd.isAfter(query.to()) ? query.to() : bucketEnd;
            DayFigures sum = DayFigures.NONE;
            while (next < days.size() && !days.get(next).day().isAfter(end)) {
                if (!days.get(next).day().isBefore(start)) {
                    sum = sum.plus(days.get(next));
                }
                next++;
            }
            points.add(new Series.Point(start, end, shop.money(sum.totalSales()), shop.money(sum.netSales()),
                    sum.orders()));
            start = end.plusDays(1);
        }
        return new Series(query.from(), query.to(), granularity, shop.currency(), points);
    }

    private List<TopCustomer> topCustomers(Handle handle, ShopContext shop, InsightsQuery query, int limit) {
        List<CustomerSpend> spends = source.topCustomers(handle, shop, query, limit);
        long[] ids = spends.stream().mapToLong(CustomerSpend::customerId).toArray();
        Map<Long, String[]> people = new HashMap<>();
        if (ids.length > 0) {
            handle.createQuery("""
                            select id, first_name, last_name, email
                            from customers
                            where shop_id = :shop and id = any(:ids)""")
                    .bind("shop", shop.shopId())
                    .bind("ids", ids)
                    .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("first_name"),
                        rs.getString("last_name"), rs.getString("email")})
                    .forEach(row -> people.put(Long.parseLong(row[0]), row));
        }
        List<TopCustomer> customers = new ArrayList<>(spends.size());
        for (CustomerSpend spend : spends) {
            String[] person = people.get(spend.customerId());
            String email = person == null ? null : person[3];
            customers.add(new TopCustomer(spend.customerId(), person == null ? null : displayName(person[1], person[2],
                    email), email, spend.orders(), shop.money(spend.spend())));
        }
        return customers;
    }

    /** Shopify's displayName: "First Last", else the e-mail, else null. */
    private static String displayName(String first, String last, String email) {
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        return name.isEmpty() ? email : name;
    }

    private static Map<Long, String> titles(Handle handle, ShopContext shop, long[] ids) {
        Map<Long, String> titles = new HashMap<>();
        if (ids.length == 0) {
            return titles;
        }
        handle.createQuery("""
                        select id, title from products where shop_id = :shop and id = any(:ids) and title is not null""")
                .bind("shop", shop.shopId())
                .bind("ids", ids)
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getString("title")))
                .forEach(e -> titles.put(e.getKey(), e.getValue()));
        long[] missing = java.util.Arrays.stream(ids).filter(id -> !titles.containsKey(id)).toArray();
        if (missing.length > 0) {
            // Products not stored (deleted, or not synced yet): the title on their latest line item.
            handle.createQuery("""
                            select distinct on (product_id) product_id, title
                            from order_line_items
                            where shop_id = :shop and product_id = any(:ids) and title is not null
                            order by product_id, order_id desc, id desc""")
                    .bind("shop", shop.shopId())
                    .bind("ids", missing)
                    .map((rs, ctx) -> Map.entry(rs.getLong("product_id"), rs.getString("title")))
                    .forEach(e -> titles.put(e.getKey(), e.getValue()));
        }
        return titles;
    }
}
