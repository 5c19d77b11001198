package dev.shopifyingest.insights;

import dev.shopifyingest.jdbc.PostgresStore;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What {@link Insights} and {@link RawInsights} share: the answers of {@link ShopInsights} from an
 * {@link InsightsEngine} over figures of their own, and the builder settings that locate the store.
 */
abstract class EngineInsights implements ShopInsights {

    final TenantReads reads;
    private final InsightsEngine engine;

    EngineInsights(StoreSettings<?> settings, FigureSource figures) {
        this.reads = new TenantReads(settings.dataSource, settings.schema, settings.applicationRole);
        this.engine = new InsightsEngine(reads, figures);
    }

    @Override
    public final Summary summary(InsightsQuery query) {
        return engine.summary(query);
    }

    @Override
    public final Series series(InsightsQuery query, Granularity granularity) {
        return engine.series(query, granularity);
    }

    @Override
    public final List<TopCustomer> topCustomers(InsightsQuery query, int limit) {
        return engine.topCustomers(query, limit);
    }

    @Override
    public final List<TopProduct> topProducts(InsightsQuery query, int limit, ProductRanking ranking) {
        return engine.topProducts(query, limit, ranking);
    }

    @Override
    public final Dashboard dashboard(InsightsQuery query, Granularity granularity, int topCustomers) {
        return engine.dashboard(query, granularity, topCustomers);
    }

    /**
     * The settings every insights builder has: where the store is and which role reads it.
     *
     * @param <B> the builder, returned by each setting
     */
    abstract static class StoreSettings<B extends StoreSettings<B>> {
        DataSource dataSource;
        String schema = PostgresStore.DEFAULT_SCHEMA;
        String applicationRole = PostgresStore.DEFAULT_APPLICATION_ROLE;

        abstract B self();

        /**
         * Where connections come from: the store's pool. Its login role must be allowed to
         * {@code SET ROLE} to the application role (and, to migrate, own the schema).
         *
         * @param dataSource the data source
         * @return this builder
         */
        public B dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return self();
        }

        /**
         * The store's schema (the rollups live next to its tables).
         *
         * @param schema a lower-case SQL identifier; default {@value PostgresStore#DEFAULT_SCHEMA}
         * @return this builder
         */
        public B schema(String schema) {
            this.schema = TenantReads.requireIdentifier(schema, "schema");
            return self();
        }

        /**
         * The store's application role, which reads run as.
         *
         * @param applicationRole a lower-case SQL identifier; default {@value PostgresStore#DEFAULT_APPLICATION_ROLE}
         * @return this builder
         */
        public B applicationRole(String applicationRole) {
            this.applicationRole = TenantReads.requireIdentifier(applicationRole, "applicationRole");
            return self();
        }

        /** Fails unless a data source was given, naming the API being built. */
        void requireDataSource(String api) {
            if (dataSource == null) {
                throw new IllegalStateException(api + " needs a dataSource(...)");
            }
        }
    }
}
