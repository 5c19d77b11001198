package dev.shopifyingest.app.compliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.app.http.ApiException;
import dev.shopifyingest.app.http.Json;
import dev.shopifyingest.app.shops.ShopsService;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.Shop;
import dev.shopifyingest.jdbc.StoredDataRequest;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The shop's {@code customers/data_request}s, for its members to pass on to the customers: Shopify
 * leaves the hand-over to the app, and the store keeps each request's export when the webhook
 * arrives. A shop the user is not a member of, and a request of another shop, answer 404 like a
 * missing one.
 */
public final class DataRequestsService implements HttpService {

    /** The longest request id accepted in a path; Shopify's webhook ids are far shorter. */
    static final int MAX_ID_LENGTH = 200;

    /** The answer of the list route. */
    record DataRequestList(List<DataRequestView> dataRequests) {
    }

    /**
     * One kept request.
     *
     * @param id              the request's id in the app (the delivery's webhook id)
     * @param shopifyId       Shopify's id of the request, or null
     * @param customerId      the customer, as a string (64-bit)
     * @param ordersRequested the orders Shopify listed, as strings
     * @param receivedAt      when it arrived
     */
    record DataRequestView(String id, String shopifyId, String customerId, List<String> ordersRequested,
            Instant receivedAt) {

        static DataRequestView of(StoredDataRequest request) {
            return new DataRequestView(request.webhookId(), request.dataRequestId(),
                    Long.toString(request.customerId()),
                    request.ordersRequested().stream().map(id -> Long.toString(id)).toList(), request.receivedAt());
        }
    }

    private final PostgresStore store;
    private final ShopsService shops;
    private final ObjectMapper mapper;

    /**
     * The service.
     *
     * @param store  where the requests are kept
     * @param shops  decides which shops the user may see
     * @param mapper writes JSON
     */
    public DataRequestsService(PostgresStore store, ShopsService shops, ObjectMapper mapper) {
        this.store = Objects.requireNonNull(store, "store");
        this.shops = Objects.requireNonNull(shops, "shops");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** Registers the routes; register this service under {@code /api}. */
    @Override
    public void routing(HttpRules rules) {
        rules.get("/shops/{id}/data-requests", this::list)
                .get("/shops/{id}/data-requests/{requestId}", this::export);
    }

    private void list(ServerRequest request, ServerResponse response) {
        Shop shop = shops.memberShop(request);
        List<DataRequestView> requests = store.forShop(shop.shopId()).dataRequests().stream()
                .map(DataRequestView::of)
                .toList();
        Json.send(mapper, response, Status.OK_200, new DataRequestList(requests));
    }

    private void export(ServerRequest request, ServerResponse response) {
        Shop shop = shops.memberShop(request);
        String requestId = request.path().pathParameters().get("requestId");
        if (requestId.length() > MAX_ID_LENGTH) {
            throw notFound();
        }
        String export = store.forShop(shop.shopId()).dataRequestExport(requestId).orElseThrow(
                DataRequestsService::notFound);
        response.status(Status.OK_200);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.headers().set(HeaderNames.CONTENT_DISPOSITION,
                "attachment; filename=\"data-request-" + fileNamePart(requestId) + ".json\"");
        response.headers().set(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(export.getBytes(StandardCharsets.UTF_8));
    }

    /** The request id reduced to characters safe in a file name and a header. */
    private static String fileNamePart(String requestId) {
        String safe = requestId.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "export" : safe;
    }

    private static ApiException notFound() {
        return new ApiException(Status.NOT_FOUND_404, "not_found", "There is no such data request.");
    }
}
