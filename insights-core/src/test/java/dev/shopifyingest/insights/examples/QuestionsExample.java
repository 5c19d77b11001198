package dev.shopifyingest.insights.examples;

import dev.shopifyingest.insights.Dashboard;
import dev.shopifyingest.insights.Granularity;
import dev.shopifyingest.insights.Insights;
import dev.shopifyingest.insights.InsightsQuery;
import dev.shopifyingest.insights.ProductRanking;
import dev.shopifyingest.insights.Series;
import dev.shopifyingest.insights.Summary;
import dev.shopifyingest.insights.TopCustomer;
import dev.shopifyingest.insights.TopProduct;
import java.time.LocalDate;
import java.util.List;

/**
 * The insights guide's "Ask a question" and "Switch exclusions", as code that compiles and runs
 * (see {@code ExamplesTest}).
 */
final class QuestionsExample {

    /** The query parameters of an HTTP request, as the app's web framework offers them. */
    @FunctionalInterface
    interface Request {

        /** The parameter's value, or null. */
        String param(String name);
    }

    /** The questions of the guide. */
    record Questions(InsightsQuery october, InsightsQuery recent, LocalDate today) {
    }

    /** A series and the granularity a request asked for. */
    record Serieses(Series daily, Granularity requested) {
    }

    /** The top-N lists of the guide. */
    record Tops(List<TopCustomer> customers, List<TopProduct> byRevenue, List<TopProduct> byUnits) {
    }

    /** The two queries with exclusions switched off. */
    record Inclusive(InsightsQuery withCancelled, InsightsQuery everything) {
    }

    private QuestionsExample() {
    }

    static Questions questions(Insights insights, long shopId) {
        // tag::query[]
        InsightsQuery october = InsightsQuery.of(shopId, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31));
        InsightsQuery recent = insights.lastDays(shopId, 30);   // the 30 days ending today in the shop's zone
        LocalDate today = insights.today(shopId);
        // end::query[]
        return new Questions(october, recent, today);
    }

    static Summary summary(Insights insights, InsightsQuery october) {
        // tag::summary[]
        Summary s = insights.summary(october);
        s.totalSales();          // net sales + shipping + taxes
        s.netSales();            // gross sales - discounts - refunds made in the range
        s.grossSales(); s.discounts(); s.shipping(); s.taxes(); s.refunds();
        s.orders();              // orders processed in the range
        s.averageOrderValue();   // (gross sales - discounts) / orders
        s.customers();           // customers who ordered in the range
        s.newCustomers();        // ... whose first order ever is in the range
        s.returningCustomers();  // ... who had ordered before it
        s.totalCustomers();      // customers of the shop
        s.currency(); s.timeZone(); s.from(); s.to();
        // end::summary[]
        return s;
    }

    static Serieses series(Insights insights, InsightsQuery october, Request request) {
        // tag::series[]
        Series daily = insights.series(october, Granularity.DAY);     // also WEEK (Monday start), MONTH
        for (Series.Point p : daily.points()) {
            p.start(); p.end();          // the days the bucket covers (within the range)
            p.totalSales(); p.netSales(); p.orders();
        }
        Granularity g = Granularity.parse(request.param("granularity"));   // "day" | "week" | "month"
        // end::series[]
        return new Serieses(daily, g);
    }

    static Tops tops(Insights insights, InsightsQuery october) {
        // tag::top[]
        List<TopCustomer> customers = insights.topCustomers(october, 10);              // 1 to 100
        // TopCustomer(id, name, email, orders, spend): spend is net of refunds on those orders

        List<TopProduct> byRevenue = insights.topProducts(october, 10, ProductRanking.REVENUE);
        List<TopProduct> byUnits = insights.topProducts(october, 10, ProductRanking.parse("units"));
        // TopProduct(id, title, units, revenue)
        // end::top[]
        return new Tops(customers, byRevenue, byUnits);
    }

    static Dashboard dashboard(Insights insights, InsightsQuery recent) {
        // tag::dashboard[]
        Dashboard d = insights.dashboard(recent, Granularity.DAY, 10);
        d.summary(); d.series(); d.topCustomers();
        // end::dashboard[]
        return d;
    }

    static Inclusive inclusive(InsightsQuery october, long shopId) {
        // tag::exclusions[]
        InsightsQuery withCancelled = october.toBuilder().includeCancelled(true).build();
        InsightsQuery everything = InsightsQuery.builder(shopId)
                .range(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31))
                .includeCancelled(true)
                .includeTest(true)
                .build();
        // end::exclusions[]
        return new Inclusive(withCancelled, everything);
    }
}
