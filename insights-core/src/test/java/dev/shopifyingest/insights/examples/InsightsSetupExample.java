package dev.shopifyingest.insights.examples;

import dev.shopifyingest.insights.Insights;
import dev.shopifyingest.jdbc.PostgresStore;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The insights guide's "Set up", as code that compiles and runs (see {@code ExamplesTest}).
 * Regions between {@code tag::} and {@code end::} comments are quoted in
 * {@code docs/library-guide-insights.md}.
 */
final class InsightsSetupExample {

    private InsightsSetupExample() {
    }

    /** Migrates the store, then builds and migrates the insights next to it. */
    static Insights setUp(DataSource pool) {
        // tag::setup[]
        PostgresStore store = PostgresStore.builder().dataSource(pool).build();
        store.migrate();

        Insights insights = Insights.builder()
                .dataSource(pool)                      // the store's pool; its login role owns the schema
                .schema("shopify_ingest")              // the default, as the store's
                .applicationRole("shopify_ingest_app") // the default, as the store's
                .clock(Clock.systemUTC())              // what "today" is; tests pass a fixed clock
                .build();
        insights.migrate();                            // idempotent; 0 when nothing was pending
        // end::setup[]
        return insights;
    }

    /** Builds a shop's rollups from its stored orders, e.g. after a load with triggers disabled. */
    static void rebuild(Insights insights, long shopId) {
        // tag::rebuild[]
        insights.rebuild(shopId);   // one transaction acting for the shop
        // end::rebuild[]
    }
}
