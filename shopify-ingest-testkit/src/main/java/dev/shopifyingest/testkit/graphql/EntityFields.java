package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.store.CustomerStats;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeLineItem;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeShop;
import dev.shopifyingest.testkit.store.FakeVariant;
import dev.shopifyingest.testkit.store.Position;
import dev.shopifyingest.testkit.webhook.WebhookSubscription;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The object types FakeShopify serves and the fields of each it implements. Store records are
 * served as they are (a {@link FakeOrder} is an {@code Order}); small {@link Views} stand in where
 * a type needs context (a variant's product, a line's order).
 */
final class EntityFields {

    /** Shopify's state of a customer without a customer account, the only state the fake models. */
    static final String CUSTOMER_STATE = "DISABLED";
    private static final List<String> CONNECTIONS = List.of("OrderConnection", "CustomerConnection",
            "ProductConnection", "ProductVariantConnection", "LineItemConnection", "BulkOperationConnection",
            "WebhookSubscriptionConnection");
    private static final List<String> EDGES = List.of("OrderEdge", "CustomerEdge", "ProductEdge",
            "ProductVariantEdge", "LineItemEdge", "BulkOperationEdge", "WebhookSubscriptionEdge");
    private static final List<String> USER_ERRORS = List.of("UserError", "OrderCreateUserError",
            "OrderDeleteUserError", "OrderCancelUserError", "BulkOperationUserError",
            "ProductVariantsBulkCreateUserError", "ProductVariantsBulkUpdateUserError");

    private EntityFields() {
    }

    static void register(FieldTable t) {
        shop(t);
        customer(t);
        product(t);
        order(t);
        plumbing(t);
        webhookSubscription(t);
    }

    private static String currency(RequestContext ctx) {
        return ctx.shop().store().shop().currencyCode();
    }

    private static Views.MoneyBag bag(RequestContext ctx, BigDecimal amount) {
        return new Views.MoneyBag(amount, currency(ctx));
    }

    private static void shop(FieldTable t) {
        String s = "Shop";
        t.value(s, "id", FakeShop.class, FakeShop::gid);
        t.value(s, "name", FakeShop.class, FakeShop::name);
        t.value(s, "email", FakeShop.class, FakeShop::email);
        t.value(s, "contactEmail", FakeShop.class, FakeShop::email);
        t.value(s, "myshopifyDomain", FakeShop.class, FakeShop::domain);
        t.value(s, "currencyCode", FakeShop.class, FakeShop::currencyCode);
        t.value(s, "ianaTimezone", FakeShop.class, shop -> shop.timeZone().getId());
        t.withRequest(s, "timezoneAbbreviation", FakeShop.class, (shop, ctx) -> DateTimeFormatter
                .ofPattern("zzz", Locale.US).format(ZonedDateTime.ofInstant(ctx.now(), shop.timeZone())));
        t.withRequest(s, "timezoneOffset", FakeShop.class, (shop, ctx) ->
                DateTimeFormatter.ofPattern("xx").format(ZonedDateTime.ofInstant(ctx.now(), shop.timeZone())));
        t.withRequest(s, "timezoneOffsetMinutes", FakeShop.class, (shop, ctx) ->
                shop.timeZone().getRules().getOffset(ctx.now()).getTotalSeconds() / 60);
        t.value(s, "plan", FakeShop.class, shop -> new Views.Plan(shop.planName()));
        t.value("ShopPlan", "displayName", Views.Plan.class, Views.Plan::name);
        t.value("ShopPlan", "publicDisplayName", Views.Plan.class, Views.Plan::name);
        t.value("ShopPlan", "partnerDevelopment", Views.Plan.class,
                p -> p.name().toLowerCase(Locale.ROOT).contains("development"));
        t.value("ShopPlan", "shopifyPlus", Views.Plan.class,
                p -> p.name().toLowerCase(Locale.ROOT).contains("plus"));
    }

    private static void customer(FieldTable t) {
        String c = "Customer";
        t.value(c, "id", FakeCustomer.class, FakeCustomer::gid);
        t.value(c, "legacyResourceId", FakeCustomer.class, FakeCustomer::id);
        t.value(c, "firstName", FakeCustomer.class, FakeCustomer::firstName);
        t.value(c, "lastName", FakeCustomer.class, FakeCustomer::lastName);
        t.value(c, "displayName", FakeCustomer.class, FakeCustomer::displayName);
        t.value(c, "email", FakeCustomer.class, FakeCustomer::email);
        t.value(c, "phone", FakeCustomer.class, FakeCustomer::phone);
        t.value(c, "createdAt", FakeCustomer.class, FakeCustomer::createdAt);
        t.value(c, "updatedAt", FakeCustomer.class, FakeCustomer::updatedAt);
        t.value(c, "tags", FakeCustomer.class, FakeCustomer::tags);
        t.value(c, "state", FakeCustomer.class, customer -> CUSTOMER_STATE);
        t.value(c, "verifiedEmail", FakeCustomer.class, customer -> customer.email() != null);
        // The fake models no tax exemptions and no notes; the mutations reject setting them.
        t.value(c, "taxExempt", FakeCustomer.class, customer -> false);
        t.value(c, "note", FakeCustomer.class, customer -> null);
        t.value(c, "defaultEmailAddress", FakeCustomer.class, customer -> customer.email() == null ? null
                : new Views.EmailAddress(customer.email(),
                customer.acceptsEmailMarketing() ? "SUBSCRIBED" : "NOT_SUBSCRIBED"));
        t.value(c, "defaultPhoneNumber", FakeCustomer.class, customer -> customer.phone() == null ? null
                : new Views.PhoneNumber(customer.phone()));
        t.value(c, "defaultAddress", FakeCustomer.class, customer -> customer.address() == null ? null
                : new Views.Address(customer, customer.address()));
        t.withRequest(c, "numberOfOrders", FakeCustomer.class, (customer, ctx) -> stats(ctx, customer).numberOfOrders());
        t.withRequest(c, "amountSpent", FakeCustomer.class, (customer, ctx) ->
                new Views.Money(stats(ctx, customer).amountSpent(), currency(ctx)));
        t.put(c, "orders", env -> {
            FakeCustomer customer = env.getSource();
            RequestContext ctx = RequestContext.of(env);
            ctx.require("read_orders", "orders");
            Long id = customer.id();
            return StoreConnections.page(env, "orders", ctx.shop().store().orders(),
                    ShopifySchema.get().search().orders(), QueryFields.ORDER_SORT_KEYS,
                    o -> id.equals(o.customerId()) && ctx.orderVisible(o));
        });
        t.value("CustomerEmailAddress", "emailAddress", Views.EmailAddress.class, Views.EmailAddress::emailAddress);
        t.value("CustomerEmailAddress", "marketingState", Views.EmailAddress.class, Views.EmailAddress::marketingState);
        t.value("CustomerPhoneNumber", "phoneNumber", Views.PhoneNumber.class, Views.PhoneNumber::phoneNumber);
        String a = "MailingAddress";
        t.value(a, "id", Views.Address.class, address ->
                "gid://shopify/MailingAddress/" + address.customer().id() + "?model_name=CustomerAddress");
        t.value(a, "address1", Views.Address.class, address -> address.address().address1());
        t.value(a, "address2", Views.Address.class, address -> null);
        t.value(a, "company", Views.Address.class, address -> null);
        t.value(a, "city", Views.Address.class, address -> address.address().city());
        t.value(a, "province", Views.Address.class, address -> address.address().province());
        t.value(a, "provinceCode", Views.Address.class, address -> address.address().provinceCode());
        t.value(a, "country", Views.Address.class, address -> address.address().country());
        t.value(a, "countryCode", Views.Address.class, address -> address.address().countryCode());
        t.value(a, "countryCodeV2", Views.Address.class, address -> address.address().countryCode());
        t.value(a, "zip", Views.Address.class, address -> address.address().zip());
        t.value(a, "firstName", Views.Address.class, address -> address.customer().firstName());
        t.value(a, "lastName", Views.Address.class, address -> address.customer().lastName());
        t.value(a, "name", Views.Address.class, address -> address.customer().displayName());
        t.value(a, "phone", Views.Address.class, address -> address.customer().phone());
    }

    private static CustomerStats stats(RequestContext ctx, FakeCustomer customer) {
        return ctx.shop().store().customerStats(customer.id());
    }

    private static void product(FieldTable t) {
        String p = "Product";
        t.value(p, "id", FakeProduct.class, FakeProduct::gid);
        t.value(p, "legacyResourceId", FakeProduct.class, FakeProduct::id);
        t.value(p, "title", FakeProduct.class, FakeProduct::title);
        t.value(p, "handle", FakeProduct.class, FakeProduct::handle);
        t.value(p, "vendor", FakeProduct.class, FakeProduct::vendor);
        t.value(p, "productType", FakeProduct.class, FakeProduct::productType);
        t.value(p, "status", FakeProduct.class, FakeProduct::status);
        t.value(p, "tags", FakeProduct.class, FakeProduct::tags);
        t.value(p, "createdAt", FakeProduct.class, FakeProduct::createdAt);
        t.value(p, "updatedAt", FakeProduct.class, FakeProduct::updatedAt);
        t.value(p, "totalInventory", FakeProduct.class, FakeProduct::totalInventory);
        t.value(p, "hasOnlyDefaultVariant", FakeProduct.class, product -> product.variants().size() == 1
                && "Default Title".equals(product.variants().getFirst().title()));
        t.value(p, "variantsCount", FakeProduct.class, product -> new Views.Count(product.variants().size(), "EXACT"));
        t.put(p, "variants", env -> {
            FakeProduct product = env.getSource();
            String sortKey = env.getArgument("sortKey");
            Function<FakeVariant, Position> position = switch (sortKey) {
                case "POSITION" -> v -> new Position(v.position(), v.id());
                case "ID" -> v -> new Position(v.id(), v.id());
                default -> throw GraphqlFailure.notImplemented("sorting variants by " + sortKey
                        + " (FakeShopify sorts variants by POSITION, ID)");
            };
            return Pager.page(Pager.ofList(product.variants(), position, v -> true), sortKey, "variants",
                    Pager.Window.of(env, "variants"), v -> new Views.Variant(product, v));
        });
        String v = "ProductVariant";
        t.value(v, "id", Views.Variant.class, variant -> variant.variant().gid());
        t.value(v, "legacyResourceId", Views.Variant.class, variant -> variant.variant().id());
        t.value(v, "title", Views.Variant.class, variant -> variant.variant().title());
        t.value(v, "displayName", Views.Variant.class, variant ->
                variant.product().title() + " - " + variant.variant().title());
        t.value(v, "sku", Views.Variant.class, variant -> variant.variant().sku());
        t.value(v, "price", Views.Variant.class, variant -> Views.cents(variant.variant().price()));
        t.value(v, "compareAtPrice", Views.Variant.class, variant -> null);
        t.value(v, "inventoryQuantity", Views.Variant.class, variant -> variant.variant().inventoryQuantity());
        t.value(v, "position", Views.Variant.class, variant -> variant.variant().position());
        t.value(v, "createdAt", Views.Variant.class, variant -> variant.variant().createdAt());
        t.value(v, "updatedAt", Views.Variant.class, variant -> variant.variant().updatedAt());
        t.value(v, "product", Views.Variant.class, Views.Variant::product);
    }

    private static void order(FieldTable t) {
        String o = "Order";
        t.value(o, "id", FakeOrder.class, FakeOrder::gid);
        t.value(o, "legacyResourceId", FakeOrder.class, FakeOrder::id);
        t.value(o, "name", FakeOrder.class, FakeOrder::name);
        t.value(o, "email", FakeOrder.class, FakeOrder::email);
        t.value(o, "createdAt", FakeOrder.class, FakeOrder::createdAt);
        t.value(o, "processedAt", FakeOrder.class, FakeOrder::processedAt);
        t.value(o, "updatedAt", FakeOrder.class, FakeOrder::updatedAt);
        t.value(o, "cancelledAt", FakeOrder.class, FakeOrder::cancelledAt);
        t.value(o, "cancelReason", FakeOrder.class, FakeOrder::cancelReason);
        t.value(o, "closedAt", FakeOrder.class, FakeOrder::closedAt);
        t.value(o, "closed", FakeOrder.class, order -> order.closedAt() != null);
        t.value(o, "test", FakeOrder.class, FakeOrder::test);
        t.value(o, "confirmed", FakeOrder.class, order -> true);
        t.value(o, "displayFinancialStatus", FakeOrder.class, FakeOrder::financialStatus);
        t.value(o, "displayFulfillmentStatus", FakeOrder.class, FakeOrder::fulfillmentStatus);
        t.withRequest(o, "currencyCode", FakeOrder.class, (order, ctx) -> currency(ctx));
        t.withRequest(o, "presentmentCurrencyCode", FakeOrder.class, (order, ctx) -> currency(ctx));
        t.value(o, "tags", FakeOrder.class, order -> List.of());
        t.value(o, "note", FakeOrder.class, order -> null);
        t.value(o, "fullyPaid", FakeOrder.class, order -> order.totalOutstanding().signum() == 0
                && order.totalReceived().signum() > 0);
        t.value(o, "unpaid", FakeOrder.class, order -> order.totalReceived().signum() == 0);
        t.value(o, "subtotalLineItemsQuantity", FakeOrder.class, order ->
                order.lineItems().stream().mapToInt(FakeLineItem::quantity).sum());
        t.withRequest(o, "customer", FakeOrder.class, (order, ctx) -> QueryFields.customer(ctx, order.customerId(),
                "customer"));
        money(t, o, "totalPriceSet", FakeOrder::totalPrice);
        money(t, o, "originalTotalPriceSet", FakeOrder::totalPrice);
        money(t, o, "currentTotalPriceSet", FakeOrder::currentTotalPrice);
        money(t, o, "subtotalPriceSet", FakeOrder::subtotal);
        money(t, o, "currentSubtotalPriceSet", FakeOrder::currentSubtotal);
        money(t, o, "totalDiscountsSet", FakeOrder::totalDiscounts);
        money(t, o, "currentTotalDiscountsSet", FakeOrder::currentTotalDiscounts);
        money(t, o, "totalTaxSet", FakeOrder::tax);
        money(t, o, "currentTotalTaxSet", FakeOrder::currentTotalTax);
        money(t, o, "totalShippingPriceSet", FakeOrder::shipping);
        money(t, o, "currentShippingPriceSet", FakeOrder::currentShipping);
        money(t, o, "totalRefundedSet", FakeOrder::totalRefunded);
        money(t, o, "netPaymentSet", FakeOrder::netPayment);
        money(t, o, "totalReceivedSet", FakeOrder::totalReceived);
        money(t, o, "totalOutstandingSet", FakeOrder::totalOutstanding);
        money(t, o, "totalTipReceivedSet", order -> BigDecimal.ZERO);
        money(t, o, "totalRefundedShippingSet", order -> BigDecimal.ZERO);
        money(t, o, "totalCapturableSet", order -> "AUTHORIZED".equals(order.financialStatus())
                ? order.totalPrice() : BigDecimal.ZERO);
        t.value(o, "totalPrice", FakeOrder.class, order -> Views.cents(order.totalPrice()));
        t.value(o, "subtotalPrice", FakeOrder.class, order -> Views.cents(order.subtotal()));
        t.put(o, "lineItems", env -> {
            FakeOrder order = env.getSource();
            // Line item ids grow in the order the lines were placed, so id order is line order.
            return Pager.page(Pager.ofList(order.lineItems(), item -> new Position(item.id(), item.id()), i -> true),
                    "ID", "lineItems", Pager.Window.of(env, "lineItems"), item -> new Views.LineItem(order, item));
        });
        t.put(o, "refunds", env -> {
            FakeOrder order = env.getSource();
            Integer first = env.getArgument("first");
            return order.refunds().stream().limit(first == null ? Long.MAX_VALUE : Math.max(0, first))
                    .map(r -> new Views.Refund(order, r)).toList();
        });

        String l = "LineItem";
        t.value(l, "id", Views.LineItem.class, line -> line.item().gid());
        t.value(l, "title", Views.LineItem.class, line -> line.item().title());
        t.value(l, "name", Views.LineItem.class, line -> line.item().variantTitle() == null
                || "Default Title".equals(line.item().variantTitle()) ? line.item().title()
                : line.item().title() + " - " + line.item().variantTitle());
        t.value(l, "sku", Views.LineItem.class, line -> line.item().sku());
        t.value(l, "quantity", Views.LineItem.class, line -> line.item().quantity());
        t.value(l, "currentQuantity", Views.LineItem.class, line -> line.order().currentQuantity(line.item()));
        t.value(l, "variantTitle", Views.LineItem.class, line -> line.item().variantTitle());
        t.withRequest(l, "vendor", Views.LineItem.class, (line, ctx) -> line.item().productId() == null ? null
                : ctx.shop().store().products().find(line.item().productId()).map(FakeProduct::vendor).orElse(null));
        lineMoney(t, "originalUnitPriceSet", item -> item.unitPrice());
        lineMoney(t, "discountedUnitPriceSet", item -> item.quantity() == 0 ? item.unitPrice()
                : item.discountedTotal().divide(BigDecimal.valueOf(item.quantity()), 2, RoundingMode.HALF_EVEN));
        lineMoney(t, "originalTotalSet", FakeLineItem::originalTotal);
        lineMoney(t, "discountedTotalSet", FakeLineItem::discountedTotal);
        lineMoney(t, "totalDiscountSet", FakeLineItem::totalDiscount);
        t.withRequest(l, "product", Views.LineItem.class, (line, ctx) -> {
            if (line.item().productId() == null) {
                return null;
            }
            ctx.require("read_products", "product");
            return ctx.shop().store().products().find(line.item().productId()).orElse(null);
        });
        t.withRequest(l, "variant", Views.LineItem.class, (line, ctx) -> {
            if (line.item().productId() == null || line.item().variantId() == null) {
                return null;
            }
            ctx.require("read_products", "variant");
            return ctx.shop().store().products().find(line.item().productId())
                    .map(product -> QueryFields.variantOf(product, line.item().variantId())).orElse(null);
        });

        String r = "Refund";
        t.value(r, "id", Views.Refund.class, refund -> refund.refund().gid());
        t.value(r, "legacyResourceId", Views.Refund.class, refund -> refund.refund().id());
        t.value(r, "createdAt", Views.Refund.class, refund -> refund.refund().createdAt());
        t.value(r, "updatedAt", Views.Refund.class, refund -> refund.refund().createdAt());
        t.value(r, "processedAt", Views.Refund.class, refund -> refund.refund().createdAt());
        t.value(r, "note", Views.Refund.class, refund -> refund.refund().note());
        t.value(r, "order", Views.Refund.class, Views.Refund::order);
        t.withRequest(r, "totalRefundedSet", Views.Refund.class, (refund, ctx) ->
                bag(ctx, refund.refund().amount()));
    }

    private static void money(FieldTable t, String type, String field, Function<FakeOrder, BigDecimal> amount) {
        t.withRequest(type, field, FakeOrder.class, (order, ctx) -> bag(ctx, amount.apply(order)));
    }

    private static void lineMoney(FieldTable t, String field, Function<FakeLineItem, BigDecimal> amount) {
        t.withRequest("LineItem", field, Views.LineItem.class, (line, ctx) -> bag(ctx, amount.apply(line.item())));
    }

    private static void plumbing(FieldTable t) {
        t.value("MoneyV2", "amount", Views.Money.class, Views.Money::amount);
        t.value("MoneyV2", "currencyCode", Views.Money.class, Views.Money::currencyCode);
        t.value("MoneyBag", "shopMoney", Views.MoneyBag.class, Views.MoneyBag::money);
        t.value("MoneyBag", "presentmentMoney", Views.MoneyBag.class, Views.MoneyBag::money);
        t.value("Count", "count", Views.Count.class, Views.Count::count);
        t.value("Count", "precision", Views.Count.class, Views.Count::precision);
        t.value("PageInfo", "hasNextPage", Views.PageInfo.class, Views.PageInfo::hasNextPage);
        t.value("PageInfo", "hasPreviousPage", Views.PageInfo.class, Views.PageInfo::hasPreviousPage);
        t.value("PageInfo", "startCursor", Views.PageInfo.class, Views.PageInfo::startCursor);
        t.value("PageInfo", "endCursor", Views.PageInfo.class, Views.PageInfo::endCursor);
        for (String connection : CONNECTIONS) {
            t.value(connection, "edges", Views.Connection.class, Views.Connection::edges);
            t.value(connection, "nodes", Views.Connection.class, Views.Connection::nodes);
            t.value(connection, "pageInfo", Views.Connection.class, Views.Connection::pageInfo);
        }
        for (String edge : EDGES) {
            t.value(edge, "cursor", Views.Edge.class, Views.Edge::cursor);
            t.value(edge, "node", Views.Edge.class, Views.Edge::node);
        }
        for (String userError : USER_ERRORS) {
            t.value(userError, "field", Views.UserError.class, Views.UserError::field);
            t.value(userError, "message", Views.UserError.class, Views.UserError::message);
            if (!"UserError".equals(userError)) {
                t.value(userError, "code", Views.UserError.class, Views.UserError::code);
            }
        }
        t.value("Job", "id", Views.Job.class, Views.Job::id);
        t.value("Job", "done", Views.Job.class, Views.Job::done);
    }

    private static void webhookSubscription(FieldTable t) {
        String w = "WebhookSubscription";
        t.value(w, "id", WebhookSubscription.class, WebhookSubscription::gid);
        t.value(w, "legacyResourceId", WebhookSubscription.class, WebhookSubscription::id);
        t.value(w, "topic", WebhookSubscription.class, WebhookSubscription::topic);
        t.value(w, "format", WebhookSubscription.class, WebhookSubscription::format);
        t.value(w, "uri", WebhookSubscription.class, WebhookSubscription::uri);
        t.value(w, "callbackUrl", WebhookSubscription.class, WebhookSubscription::uri);
        t.value(w, "endpoint", WebhookSubscription.class, s -> new Views.HttpEndpoint(s.uri()));
        t.value(w, "createdAt", WebhookSubscription.class, WebhookSubscription::createdAt);
        t.value(w, "updatedAt", WebhookSubscription.class, WebhookSubscription::createdAt);
        t.value(w, "includeFields", WebhookSubscription.class, s -> List.of());
        t.value(w, "metafieldNamespaces", WebhookSubscription.class, s -> List.of());
        t.value(w, "filter", WebhookSubscription.class, s -> null);
        t.value(w, "name", WebhookSubscription.class, s -> null);
        t.value("WebhookHttpEndpoint", "callbackUrl", Views.HttpEndpoint.class, Views.HttpEndpoint::callbackUrl);
    }
}
