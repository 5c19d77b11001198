package dev.shopifyingest.insights;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The insights API: exact figures of a shop over a range of days in its time zone, answered from
 * rollups in milliseconds whatever the number of orders.
 *
 * <pre>{@code
 * Insights insights = Insights.builder()
 *     .dataSource(pool)                      // the store's pool
 *     .schema("shopify_ingest")              // the store's schema (the default)
 *     .applicationRole("shopify_ingest_app") // the store's application role (the default)
 *     .build();
 * insights.migrate();                        // after PostgresStore.migrate()
 *
 * InsightsQuery query = insights.lastDays(shopId, 30);
 * Summary summary = insights.summary(query);
 * Series daily = insights.series(query, Granularity.DAY);
 * List<TopCustomer> top = insights.topCustomers(query, 10);
 * }</pre>
 *
 * <p>The rollups are tables and triggers of the store's schema: every write the store makes to
 * orders, line items, refunds and customers updates them in the same transaction, and a change of
 * a shop's time zone rebuilds that shop's. Reads run as the application role in a transaction
 * acting for the query's shop, so row-level security keeps tenants apart.
 *
 * <p>Instances are immutable and thread-safe; build one per application and share it.
 */
public final class Insights extends EngineInsights {

    private final DataSource dataSource;
    private final Clock clock;

    private Insights(Builder builder) {
        super(builder, new RollupFigures());
        this.dataSource = builder.dataSource;
        this.clock = builder.clock;
    }

    /**
     * Starts configuring the API.
     *
     * @return a builder with the store's default schema and role and the system clock
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the rollup tables, functions and triggers if needed and fills nothing: rollups of
     * shops that already have orders are built by {@link #rebuild(long)}. Run it after
     * {@code PostgresStore.migrate()}, as the same (owner) role. Idempotent; safe to call from
     * several instances at once.
     *
     * @return how many migrations were applied (0 when current)
     * @throws InsightsSetupException if the store is not migrated or a migration fails
     */
    public int migrate() {
        return InsightsMigrations.migrate(dataSource, reads);
    }

    /**
     * Recomputes a shop's rollups from its rows, in one transaction acting for the shop. Not needed
     * in normal operation (the triggers keep rollups exact, and a time-zone change rebuilds by
     * itself); use it after loading rows with triggers disabled, or to repair.
     *
     * @param shopId the shop
     * @throws UnknownShopException if the shop is not registered
     */
    public void rebuild(long shopId) {
        reads.write(shopId, "rebuilding the insights of shop " + shopId, handle -> {
            TenantReads.shop(handle, shopId);
            handle.createCall("{call insights_rebuild(:shop)}").bind("shop", shopId).invoke();
            return null;
        });
    }

    /**
     * The last {@code days} days ending today, in the shop's time zone (by this API's clock), with
     * the default exclusions: the range the JSON API answers when none is given.
     *
     * @param shopId the shop
     * @param days how many days, 1 to {@link InsightsQuery#MAX_DAYS}
     * @return the query
     * @throws UnknownShopException if the shop is not registered
     * @throws InvalidDateRangeException if {@code days} is out of bounds
     */
    public InsightsQuery lastDays(long shopId, int days) {
        if (days < 1 || days > InsightsQuery.MAX_DAYS) {
            throw new InvalidDateRangeException("Ask for 1 to " + InsightsQuery.MAX_DAYS + " days, not " + days + ".");
        }
        LocalDate today = today(shopId);
        return InsightsQuery.of(shopId, today.minusDays(days - 1L), today);
    }

    /**
     * Today's date in the shop's time zone, by this API's clock.
     *
     * @param shopId the shop
     * @return the shop's current day
     * @throws UnknownShopException if the shop is not registered
     */
    public LocalDate today(long shopId) {
        ShopContext shop = reads.read(shopId, "reading the time zone of shop " + shopId,
                handle -> TenantReads.shop(handle, shopId));
        ZoneId zone;
        try {
            zone = ZoneId.of(shop.zoneOrUtc());
        } catch (DateTimeException e) {
            zone = ZoneOffset.UTC; // a zone PostgreSQL knows and Java does not: rare, and only shifts "today"
        }
        return LocalDate.now(clock.withZone(zone));
    }

    /**
     * Describes the configuration.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "Insights[schema=" + reads.schema() + ", applicationRole=" + reads.applicationRole() + "]";
    }

    /**
     * Configures {@link Insights}: the store's data source, its schema and role when not the
     * defaults, and the clock that says what "today" is.
     */
    public static final class Builder extends StoreSettings<Builder> {
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The clock that says what "today" is ({@link #lastDays}, {@link #today}); tests pass a
         * fixed one.
         *
         * @param clock the clock; default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the API. Nothing is connected until the first call.
         *
         * @return the API
         * @throws IllegalStateException if no data source was given
         */
        public Insights build() {
            requireDataSource("Insights");
            return new Insights(this);
        }
    }
}
