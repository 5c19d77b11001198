package dev.shopifyingest.app.insights;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.app.http.ApiException;
import dev.shopifyingest.app.http.Json;
import dev.shopifyingest.app.shops.ShopsService;
import dev.shopifyingest.insights.Granularity;
import dev.shopifyingest.insights.Insights;
import dev.shopifyingest.insights.InsightsQuery;
import dev.shopifyingest.insights.InvalidDateRangeException;
import dev.shopifyingest.insights.InvalidGranularityException;
import dev.shopifyingest.insights.InvalidLimitException;
import dev.shopifyingest.insights.InvalidQueryException;
import dev.shopifyingest.insights.ProductRanking;
import dev.shopifyingest.insights.Series;
import dev.shopifyingest.insights.ShopInsights;
import dev.shopifyingest.insights.Summary;
import dev.shopifyingest.jdbc.Shop;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The insights routes of {@code docs/sample-app-api.md}: summary, series, top customers and top
 * products of one shop over a range of days, answered by {@code insights-core}. This service only
 * translates parameters and results; every figure comes from the library.
 *
 * <p>{@code from} and {@code to} are inclusive days in the shop's time zone; without them the
 * range is the last 30 days ending today there. Invalid parameters get 400 with
 * {@code invalid_date_range}, {@code invalid_granularity} or {@code invalid_limit}; another
 * tenant's shop gets 404 {@code not_found}.
 */
public final class InsightsService implements HttpService {

    /** Days in the default range. */
    static final int DEFAULT_DAYS = 30;
    /** Rows in a top list unless {@code limit} says otherwise. */
    static final int DEFAULT_LIMIT = 10;

    /** The {@code Summary} of the contract. */
    record SummaryBody(LocalDate from, LocalDate to, String currency, String timeZone, String totalSales,
            String netSales, long orders, String averageOrderValue, long customers, long newCustomers,
            long returningCustomers, long totalCustomers) {
    }

    /** The {@code Series} of the contract. */
    record SeriesBody(LocalDate from, LocalDate to, String granularity, String currency, List<PointBody> points) {
    }

    /** One bucket of a series: its first day, total sales and orders. */
    record PointBody(LocalDate start, String sales, long orders) {
    }

    /** The answer of {@code top-customers}. */
    record CustomersBody(List<CustomerBody> customers) {
    }

    /** A {@code TopCustomer} of the contract. */
    record CustomerBody(String id, String name, String email, long orders, String spend) {
    }

    /** The answer of {@code top-products}. */
    record ProductsBody(List<ProductBody> products) {
    }

    /** A {@code TopProduct} of the contract. */
    record ProductBody(String id, String title, long units, String revenue) {
    }

    private final Insights insights;
    private final ShopsService shops;
    private final ObjectMapper mapper;

    /**
     * The service.
     *
     * @param insights the insights API
     * @param shops    decides which shops the user may see
     * @param mapper   writes JSON
     */
    public InsightsService(Insights insights, ShopsService shops, ObjectMapper mapper) {
        this.insights = Objects.requireNonNull(insights, "insights");
        this.shops = Objects.requireNonNull(shops, "shops");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** Registers the routes; register this service under {@code /api}. */
    @Override
    public void routing(HttpRules rules) {
        rules.get("/shops/{id}/insights/summary", this::summary)
                .get("/shops/{id}/insights/series", this::series)
                .get("/shops/{id}/insights/top-customers", this::topCustomers)
                .get("/shops/{id}/insights/top-products", this::topProducts);
    }

    private void summary(ServerRequest request, ServerResponse response) {
        InsightsQuery query = query(request);
        Summary s = answer(() -> insights.summary(query));
        Json.send(mapper, response, Status.OK_200, new SummaryBody(s.from(), s.to(), s.currency(), s.timeZone(),
                money(s.totalSales()), money(s.netSales()), s.orders(), money(s.averageOrderValue()), s.customers(),
                s.newCustomers(), s.returningCustomers(), s.totalCustomers()));
    }

    private void series(ServerRequest request, ServerResponse response) {
        InsightsQuery query = query(request);
        Granularity granularity = answer(() -> Granularity.parse(param(request, "granularity").orElse("day")));
        Series s = answer(() -> insights.series(query, granularity));
        List<PointBody> points = s.points().stream()
                .map(p -> new PointBody(p.start(), money(p.totalSales()), p.orders()))
                .toList();
        Json.send(mapper, response, Status.OK_200,
                new SeriesBody(s.from(), s.to(), s.granularity().apiName(), s.currency(), points));
    }

    private void topCustomers(ServerRequest request, ServerResponse response) {
        InsightsQuery query = query(request);
        int limit = limit(request);
        List<CustomerBody> customers = answer(() -> insights.topCustomers(query, limit)).stream()
                .map(c -> new CustomerBody(Long.toString(c.id()), c.name(), c.email(), c.orders(), money(c.spend())))
                .toList();
        Json.send(mapper, response, Status.OK_200, new CustomersBody(customers));
    }

    private void topProducts(ServerRequest request, ServerResponse response) {
        InsightsQuery query = query(request);
        int limit = limit(request);
        ProductRanking ranking = answer(() -> ProductRanking.parse(param(request, "by").orElse("revenue")));
        List<ProductBody> products = answer(() -> insights.topProducts(query, limit, ranking)).stream()
                .map(p -> new ProductBody(Long.toString(p.id()), p.title(), p.units(), money(p.revenue())))
                .toList();
        Json.send(mapper, response, Status.OK_200, new ProductsBody(products));
    }

    /** The member's shop (404 otherwise) and the requested range, defaulting to the last 30 days there. */
    private InsightsQuery query(ServerRequest request) {
        Shop shop = shops.memberShop(request);
        Optional<LocalDate> from = date(request, "from");
        Optional<LocalDate> to = date(request, "to");
        if (from.isEmpty() && to.isEmpty()) {
            return answer(() -> insights.lastDays(shop.shopId(), DEFAULT_DAYS));
        }
        LocalDate end = to.orElseGet(() -> insights.today(shop.shopId()));
        LocalDate start = from.orElse(end.minusDays(DEFAULT_DAYS - 1L));
        return answer(() -> InsightsQuery.of(shop.shopId(), start, end));
    }

    private static Optional<LocalDate> date(ServerRequest request, String name) {
        Optional<String> value = param(request, name);
        try {
            return value.map(LocalDate::parse);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_date_range",
                    "'" + name + "' must be a day such as 2026-03-01, not '" + value.get() + "'.");
        }
    }

    private static int limit(ServerRequest request) {
        Optional<String> value = param(request, "limit");
        int limit;
        try {
            limit = value.map(v -> Integer.parseInt(v.strip())).orElse(DEFAULT_LIMIT);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_limit", "limit must be a whole number from 1 to "
                    + ShopInsights.MAX_LIMIT + ".");
        }
        if (limit < 1 || limit > ShopInsights.MAX_LIMIT) {
            throw ApiException.badRequest("invalid_limit", "limit must be from 1 to " + ShopInsights.MAX_LIMIT
                    + ", not " + limit + ".");
        }
        return limit;
    }

    private static Optional<String> param(ServerRequest request, String name) {
        return request.query().first(name).asOptional().filter(v -> !v.isBlank());
    }

    /** Runs a library call, turning its validation failures into the contract's 400s. */
    private static <T> T answer(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (InvalidDateRangeException e) {
            throw ApiException.badRequest("invalid_date_range", e.getMessage());
        } catch (InvalidGranularityException e) {
            throw ApiException.badRequest("invalid_granularity", e.getMessage());
        } catch (InvalidLimitException e) {
            throw ApiException.badRequest("invalid_limit", e.getMessage());
        } catch (InvalidQueryException e) {
            throw ApiException.badRequest("bad_request", e.getMessage());
        }
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }
}
