package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeVariant;
import dev.shopifyingest.testkit.store.SortKey;
import dev.shopifyingest.testkit.webhook.WebhookSubscription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The search filters FakeShopify implements for each connection. Names and meanings follow the
 * filter tables of the 2026-10 schema; see {@link SearchFields} for how values match.
 */
final class EntitySearch {

    private final SearchFields<FakeOrder> orders;
    private final SearchFields<FakeCustomer> customers;
    private final SearchFields<FakeProduct> products;
    private final SearchFields<BulkOperation.Snapshot> bulkOperations;
    private final SearchFields<WebhookSubscription> webhookSubscriptions;

    /** Filters built against the filter names Shopify documents per connection ({@code filters}). */
    EntitySearch(Map<String, Set<String>> filters) {
        orders = new SearchFields<FakeOrder>("orders", filters.getOrDefault("orders", Set.of()))
                .id("id", FakeOrder::id)
                .time("created_at", FakeOrder::createdAt)
                .time("updated_at", FakeOrder::updatedAt)
                .time("processed_at", FakeOrder::processedAt)
                .bool("test", FakeOrder::test)
                .id("customer_id", FakeOrder::customerId)
                .text("status", EntitySearch::orderStatuses, false)
                .text("financial_status", o -> List.of(o.financialStatus().toLowerCase(Locale.ROOT)), false)
                .text("fulfillment_status", EntitySearch::fulfillmentStatuses, false)
                .text("email", o -> nonNull(o.email()), true)
                .text("name", o -> List.of(o.name(), String.valueOf(o.number())), false)
                .text("sku", o -> o.lineItems().stream().map(l -> l.sku()).filter(Objects::nonNull).toList(), false)
                .freeText(o -> Stream.of(o.name(), o.email()));
        customers = new SearchFields<FakeCustomer>("customers", filters.getOrDefault("customers", Set.of()))
                .id("id", FakeCustomer::id)
                .time("customer_date", FakeCustomer::createdAt)
                .time("updated_at", FakeCustomer::updatedAt)
                .text("email", c -> nonNull(c.email()), true)
                .text("first_name", c -> nonNull(c.firstName()), false)
                .text("last_name", c -> nonNull(c.lastName()), false)
                .text("phone", c -> nonNull(c.phone()), false)
                .text("tag", FakeCustomer::tags, false)
                .textNot("tag_not", FakeCustomer::tags)
                .text("country", c -> c.address() == null ? List.of()
                        : nonNull(c.address().country(), c.address().countryCode()), false)
                .text("state", c -> List.of(EntityFields.CUSTOMER_STATE.toLowerCase(Locale.ROOT)), false)
                .bool("accepts_marketing", FakeCustomer::acceptsEmailMarketing)
                .freeText(c -> Stream.of(c.firstName(), c.lastName(), c.email(), c.phone()));
        products = new SearchFields<FakeProduct>("products", filters.getOrDefault("products", Set.of()))
                .id("id", FakeProduct::id)
                .time("created_at", FakeProduct::createdAt)
                .time("updated_at", FakeProduct::updatedAt)
                .text("title", p -> List.of(p.title()), true)
                .text("handle", p -> List.of(p.handle()), false)
                .text("vendor", p -> List.of(p.vendor()), false)
                .text("product_type", p -> List.of(p.productType()), false)
                .text("status", p -> List.of(p.status().toLowerCase(Locale.ROOT)), false)
                .text("tag", FakeProduct::tags, false)
                .textNot("tag_not", FakeProduct::tags)
                .text("sku", p -> p.variants().stream().map(FakeVariant::sku).filter(Objects::nonNull).toList(), false)
                .freeText(p -> Stream.of(p.title(), p.vendor(), p.productType(), p.handle()));
        bulkOperations = new SearchFields<BulkOperation.Snapshot>("bulkOperations",
                filters.getOrDefault("bulkOperations", Set.of()))
                .id("id", BulkOperation.Snapshot::id)
                .time("created_at", BulkOperation.Snapshot::createdAt)
                .text("status", b -> List.of(b.status().toLowerCase(Locale.ROOT)), false)
                .text("operation_type", b -> List.of(b.type().toLowerCase(Locale.ROOT)), false);
        webhookSubscriptions = new SearchFields<WebhookSubscription>("webhookSubscriptions",
                filters.getOrDefault("webhookSubscriptions", Set.of()))
                .id("id", WebhookSubscription::id)
                .time("created_at", WebhookSubscription::createdAt)
                .time("updated_at", WebhookSubscription::createdAt);
    }

    SearchFields<FakeOrder> orders() {
        return orders;
    }

    SearchFields<FakeCustomer> customers() {
        return customers;
    }

    SearchFields<FakeProduct> products() {
        return products;
    }

    SearchFields<BulkOperation.Snapshot> bulkOperations() {
        return bulkOperations;
    }

    SearchFields<WebhookSubscription> webhookSubscriptions() {
        return webhookSubscriptions;
    }

    /** The search filter that ranges over the key a store scan is sorted by, per connection. */
    static String rangeFieldOf(String connection, SortKey sortKey) {
        return switch (sortKey) {
            case ID -> "id";
            case CREATED_AT -> "customers".equals(connection) ? "customer_date" : "created_at";
            case UPDATED_AT -> "updated_at";
            case PROCESSED_AT -> "processed_at";
        };
    }

    private static Collection<String> orderStatuses(FakeOrder order) {
        List<String> statuses = new ArrayList<>(2);
        if (order.cancelledAt() != null) {
            statuses.add("cancelled");
        }
        if (order.closedAt() != null) {
            statuses.add("closed");
        } else {
            statuses.add("not_closed");
            if (order.cancelledAt() == null) {
                statuses.add("open");
            }
        }
        return statuses;
    }

    private static Collection<String> fulfillmentStatuses(FakeOrder order) {
        return switch (order.fulfillmentStatus()) {
            case "FULFILLED" -> List.of("fulfilled", "shipped");
            case "UNFULFILLED" -> List.of("unfulfilled", "unshipped");
            case "PARTIALLY_FULFILLED" -> List.of("partial", "shipped");
            default -> List.of(order.fulfillmentStatus().toLowerCase(Locale.ROOT));
        };
    }

    private static List<String> nonNull(String... values) {
        return Stream.of(values).filter(Objects::nonNull).toList();
    }
}
