package dev.shopifyingest.insights;

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
public final class RawInsights extends EngineInsights {

    private RawInsights(Builder builder) {
        super(builder, new RawFigures());
    }

    /**
     * Starts configuring.
     *
     * @return a builder with the store's default schema and role
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures {@link RawInsights}: the store's data source, and its schema and role when not the defaults. */
    public static final class Builder extends StoreSettings<Builder> {

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Builds it.
         *
         * @return the reference implementation
         * @throws IllegalStateException if no data source was given
         */
        public RawInsights build() {
            requireDataSource("RawInsights");
            return new RawInsights(this);
        }
    }
}
