package dev.shopifyingest.insights;

import dev.shopifyingest.jdbc.PostgresStore;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The reference implementation of {@link ShopInsights}: the same answers as {@link Insights},
 * computed directly from the order rows at every call, without rollups. Its cost grows with the
 * orders of the range, so it is for audits (compare it with {@link Insights} to prove the rollups
 * exact), tests and the benchmark baseline, not for serving dashboards.
 *
 * <pre>{@code
 * RawInsights raw = RawInsights.builder().dataSource(pool).build();
 * assert raw.summary(query).equals(insights.summary(query));
 * }</pre>
 */
public final class RawInsights implements ShopInsights {

    private final InsightsEngine engine;

    private RawInsights(Builder builder) {
        this.engine = new InsightsEngine(new TenantReads(builder.dataSource, builder.schema, builder.applicationRole),
                new RawFigures());
    }

    /**
     * Starts configuring.
     *
     * @return a builder with the store's default schema and role
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Summary summary(InsightsQuery query) {
        return engine.summary(query);
    }

    @Override
    public Series series(InsightsQuery query, Granularity granularity) {
        return engine.series(query, granularity);
    }

    @Override
    public List<TopCustomer> topCustomers(InsightsQuery query, int limit) {
        return engine.topCustomers(query, limit);
    }

    @Override
    public List<TopProduct> topProducts(InsightsQuery query, int limit, ProductRanking ranking) {
        return engine.topProducts(query, limit, ranking);
    }

    @Override
    public Dashboard dashboard(InsightsQuery query, Granularity granularity, int topCustomers) {
        return engine.dashboard(query, granularity, topCustomers);
    }

    /** Configures {@link RawInsights}. */
    public static final class Builder {
        private DataSource dataSource;
        private String schema = PostgresStore.DEFAULT_SCHEMA;
        private String applicationRole = PostgresStore.DEFAULT_APPLICATION_ROLE;

        private Builder() {
        }

        /**
         * Where connections come from: the store's pool.
         *
         * @param dataSource the data source
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * The store's schema.
         *
         * @param schema a lower-case SQL identifier; default {@value PostgresStore#DEFAULT_SCHEMA}
         * @return this builder
         */
        public Builder schema(String schema) {
            this.schema = TenantReads.requireIdentifier(schema, "schema");
            return this;
        }

        /**
         * The store's application role, which reads run as.
         *
         * @param applicationRole a lower-case SQL identifier; default {@value PostgresStore#DEFAULT_APPLICATION_ROLE}
         * @return this builder
         */
        public Builder applicationRole(String applicationRole) {
            this.applicationRole = TenantReads.requireIdentifier(applicationRole, "applicationRole");
            return this;
        }

        /**
         * Builds it.
         *
         * @return the reference implementation
         * @throws IllegalStateException if no data source was given
         */
        public RawInsights build() {
            if (dataSource == null) {
                throw new IllegalStateException("RawInsights needs a dataSource(...)");
            }
            return new RawInsights(this);
        }
    }
}
