package dev.shopifyingest.insights.examples;

import dev.shopifyingest.insights.Granularity;
import dev.shopifyingest.insights.Insights;
import dev.shopifyingest.insights.InsightsQuery;
import dev.shopifyingest.insights.RawInsights;
import javax.sql.DataSource;

/** The insights guide's "Auditing the rollups", as code that compiles and runs (see {@code ExamplesTest}). */
final class AuditExample {

    private AuditExample() {
    }

    /** Compares the last 90 days' dashboard with the raw orders' and rebuilds the rollups if they differ. */
    static void audit(DataSource pool, Insights insights, long shopId) {
        // tag::audit[]
        RawInsights raw = RawInsights.builder().dataSource(pool).build();
        InsightsQuery q = insights.lastDays(shopId, 90);
        if (!raw.dashboard(q, Granularity.DAY, 10).equals(insights.dashboard(q, Granularity.DAY, 10))) {
            insights.rebuild(shopId);   // and report it: the rollups are meant to be exact
        }
        // end::audit[]
    }
}
