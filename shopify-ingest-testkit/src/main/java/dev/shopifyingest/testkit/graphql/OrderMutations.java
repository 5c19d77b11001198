package dev.shopifyingest.testkit.graphql;

import static dev.shopifyingest.testkit.graphql.MutationFields.M;
import static dev.shopifyingest.testkit.graphql.MutationFields.blank;
import static dev.shopifyingest.testkit.graphql.MutationFields.error;
import static dev.shopifyingest.testkit.graphql.QueryFields.payload;

import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeLineItem;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeRefund;
import dev.shopifyingest.testkit.store.FakeStore;
import graphql.schema.DataFetchingEnvironment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code orderCreate}, {@code orderDelete} and {@code orderCancel}: enough of Shopify's order
 * import for realistic seeding (variant or custom lines, a customer by id or email, financial and
 * fulfillment status, processing time, shipping, tax and discount codes). Amounts are in the shop
 * currency; totals are derived by {@link FakeOrder} exactly as for generated orders.
 */
final class OrderMutations {

    private static final String CREATE_ERROR = "OrderCreateUserError";
    private static final Set<String> ORDER_INPUT = Set.of("lineItems", "customer", "customerId", "email",
            "financialStatus", "processedAt", "test", "shippingLines", "taxLines", "discountCode", "fulfillmentStatus",
            "closedAt", "currency", "presentmentCurrency");
    private static final Set<String> LINE_INPUT = Set.of("variantId", "productId", "quantity", "title", "priceSet", "sku",
            "variantTitle", "taxLines");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private OrderMutations() {
    }

    static void register(FieldTable t) {
        t.put(M, "orderCreate", OrderMutations::create);
        t.put(M, "orderDelete", OrderMutations::delete);
        t.put(M, "orderCancel", OrderMutations::cancel);
        t.mapEntries("OrderCreatePayload", List.of("order", "userErrors"));
        t.mapEntries("OrderDeletePayload", List.of("deletedId", "userErrors"));
        t.mapEntries("OrderCancelPayload", List.of("job", "orderCancelUserErrors", "userErrors"));
    }

    /** A line as asked for; {@code taxRate} applies to the line's total after discounts, on top of {@code taxAmount}. */
    private record Line(Long productId, Long variantId, String title, String variantTitle, String sku, int quantity,
                        BigDecimal unitPrice, BigDecimal taxAmount, BigDecimal taxRate) {
        BigDecimal total() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }

    private static Object create(DataFetchingEnvironment env) {
        RequestContext ctx = RequestContext.of(env);
        ctx.require("write_orders", "orderCreate");
        FakeStore store = ctx.shop().store();
        String currency = store.shop().currencyCode();
        Map<String, Object> options = env.getArgument("options");
        Inputs.onlySupported(options, "OrderCreateOptionsInput",
                Set.of("inventoryBehaviour", "sendReceipt", "sendFulfillmentReceipt"));
        String inventory = Inputs.string(options, "inventoryBehaviour");
        if (inventory != null && !"BYPASS".equals(inventory)) {
            throw GraphqlFailure.notImplemented("OrderCreateOptionsInput.inventoryBehaviour " + inventory
                    + " (the fake does not track inventory per order; use BYPASS)");
        }
        Map<String, Object> input = env.getArgument("order");
        Inputs.onlySupported(input, "OrderCreateOrderInput", ORDER_INPUT);
        for (String key : List.of("currency", "presentmentCurrency")) {
            String code = Inputs.string(input, key);
            if (code != null && !code.equals(currency)) {
                throw GraphqlFailure.notImplemented("orders in " + code + " (the fake sells in the shop currency, "
                        + currency + ")");
            }
        }
        List<Views.UserError> errors = new ArrayList<>();
        List<Map<String, Object>> lineInputs = Inputs.objects(input, "lineItems");
        Inputs.checkSize(lineInputs);
        if (lineInputs.isEmpty()) {
            errors.add(error(CREATE_ERROR, List.of("order", "lineItems"), "Line items must have at least one line item",
                    "INVALID"));
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < lineInputs.size(); i++) {
            Line line = line(store, lineInputs.get(i), i, currency, errors);
            if (line != null) {
                lines.add(line);
            }
        }
        FakeCustomer customer = customer(store, input, errors);
        if (!errors.isEmpty()) {
            return payload("order", null, "userErrors", errors);
        }

        BigDecimal gross = lines.stream().map(Line::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, Object> discountCode = Inputs.object(input, "discountCode");
        BigDecimal discountTotal = BigDecimal.ZERO;
        boolean freeShipping = false;
        if (discountCode != null) {
            Inputs.onlySupported(discountCode, "OrderCreateDiscountCodeInput",
                    Set.of("itemFixedDiscountCode", "itemPercentageDiscountCode", "freeShippingDiscountCode"));
            Map<String, Object> fixed = Inputs.object(discountCode, "itemFixedDiscountCode");
            Map<String, Object> percentage = Inputs.object(discountCode, "itemPercentageDiscountCode");
            freeShipping = Inputs.object(discountCode, "freeShippingDiscountCode") != null;
            if (fixed != null) {
                BigDecimal amount = money(Inputs.object(fixed, "amountSet"), currency);
                discountTotal = amount == null ? BigDecimal.ZERO : amount.min(gross);
            } else if (percentage != null) {
                BigDecimal pct = Inputs.decimal(percentage, "percentage");
                discountTotal = pct == null ? BigDecimal.ZERO
                        : gross.multiply(pct).divide(HUNDRED, 2, RoundingMode.HALF_EVEN).min(gross);
            }
        }
        List<FakeLineItem> items = new ArrayList<>();
        BigDecimal allocated = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        for (int l = 0; l < lines.size(); l++) {
            Line line = lines.get(l);
            BigDecimal discount = l == lines.size() - 1 ? discountTotal.subtract(allocated)
                    : gross.signum() == 0 ? BigDecimal.ZERO
                    : discountTotal.multiply(line.total()).divide(gross, 2, RoundingMode.HALF_EVEN);
            allocated = allocated.add(discount);
            items.add(new FakeLineItem(store.nextLineItemId(), line.productId(), line.variantId(), line.title(),
                    line.variantTitle(), line.sku(), line.quantity(), Views.cents(line.unitPrice()), discount));
            tax = tax.add(line.taxAmount()).add(line.total().subtract(discount).multiply(line.taxRate())
                    .setScale(2, RoundingMode.HALF_EVEN));
        }
        BigDecimal subtotal = gross.subtract(discountTotal);
        for (Map<String, Object> taxLine : Inputs.objects(input, "taxLines")) {
            tax = tax.add(taxAmount(taxLine, subtotal, currency));
        }
        BigDecimal shipping = BigDecimal.ZERO;
        for (Map<String, Object> shippingLine : Inputs.objects(input, "shippingLines")) {
            Inputs.onlySupported(shippingLine, "OrderCreateShippingLineInput", Set.of("title", "code", "source",
                    "priceSet", "taxLines"));
            shipping = shipping.add(money(Inputs.object(shippingLine, "priceSet"), currency));
            for (Map<String, Object> taxLine : Inputs.objects(shippingLine, "taxLines")) {
                tax = tax.add(taxAmount(taxLine, money(Inputs.object(shippingLine, "priceSet"), currency), currency));
            }
        }
        if (freeShipping) {
            shipping = BigDecimal.ZERO;
        }

        Instant now = store.now();
        Instant processedAt = input.get("processedAt") instanceof Instant at ? at : now;
        if (processedAt.isAfter(now)) {
            // 2026-07 and later clamp future processing times to now.
            processedAt = now;
        }
        String financial = Inputs.string(input, "financialStatus") == null ? "PENDING"
                : Inputs.string(input, "financialStatus");
        if ("PARTIALLY_REFUNDED".equals(financial)) {
            throw GraphqlFailure.notImplemented("orderCreate with financialStatus PARTIALLY_REFUNDED (the fake cannot"
                    + " tell how much was refunded; create the order PAID and refund it)");
        }
        String fulfillment = switch (String.valueOf(Inputs.string(input, "fulfillmentStatus"))) {
            case "FULFILLED" -> "FULFILLED";
            case "PARTIAL" -> "PARTIALLY_FULFILLED";
            case "RESTOCKED" -> "RESTOCKED";
            default -> "UNFULFILLED";
        };
        String email = Inputs.string(input, "email") != null ? Inputs.string(input, "email")
                : customer == null ? null : customer.email();
        Instant closedAt = input.get("closedAt") instanceof Instant at ? at : null;
        boolean test = Boolean.TRUE.equals(input.get("test"));
        BigDecimal total = subtotal.add(shipping).add(tax);
        List<FakeRefund> refunds = "REFUNDED".equals(financial) && total.signum() > 0
                ? List.of(new FakeRefund(store.nextRefundId(), processedAt, Views.cents(total), null)) : List.of();
        Long customerId = customer == null ? null : customer.id();
        Instant processed = processedAt;
        BigDecimal shippingCharged = Views.cents(shipping);
        BigDecimal taxCharged = Views.cents(tax);
        FakeOrder order = store.orders().create(id -> new FakeOrder(id, store.nextOrderNumber(), customerId, email, now,
                processed, now, null, null, closedAt, test, financial, fulfillment, items, shippingCharged,
                taxCharged, refunds));
        return payload("order", order, "userErrors", List.of());
    }

    private static Line line(FakeStore store, Map<String, Object> input, int index, String currency,
                             List<Views.UserError> errors) {
        Inputs.onlySupported(input, "OrderCreateLineItemInput", LINE_INPUT);
        List<String> field = List.of("order", "lineItems", String.valueOf(index));
        int quantity = input.get("quantity") instanceof Number n ? n.intValue() : 0;
        if (quantity < 1) {
            errors.add(error(CREATE_ERROR, append(field, "quantity"), "Quantity must be greater than or equal to 1",
                    "INVALID"));
        }
        BigDecimal price = money(Inputs.object(input, "priceSet"), currency);
        BigDecimal taxAmount = BigDecimal.ZERO;
        BigDecimal taxRate = BigDecimal.ZERO;
        for (Map<String, Object> taxLine : Inputs.objects(input, "taxLines")) {
            Inputs.onlySupported(taxLine, "OrderCreateTaxLineInput", Set.of("title", "rate", "priceSet", "channelLiable"));
            BigDecimal amount = money(Inputs.object(taxLine, "priceSet"), currency);
            // A rate without an amount is applied to the line's discounted total once discounts are known.
            if (amount != null) {
                taxAmount = taxAmount.add(amount);
            } else if (Inputs.decimal(taxLine, "rate") != null) {
                taxRate = taxRate.add(Inputs.decimal(taxLine, "rate"));
            }
        }
        String variantGid = Inputs.string(input, "variantId");
        if (variantGid != null) {
            Views.Variant variant = QueryFields.variant(store, Gid.idOf(variantGid, "ProductVariant"));
            if (variant == null) {
                errors.add(error(CREATE_ERROR, append(field, "variantId"), "Product variant does not exist", "INVALID"));
                return null;
            }
            FakeProduct product = variant.product();
            return new Line(product.id(), variant.variant().id(),
                    Inputs.string(input, "title") != null ? Inputs.string(input, "title") : product.title(),
                    variant.variant().title(),
                    Inputs.string(input, "sku") != null ? Inputs.string(input, "sku") : variant.variant().sku(),
                    quantity, price != null ? price : variant.variant().price(), taxAmount, taxRate);
        }
        String title = Inputs.string(input, "title");
        if (blank(title)) {
            errors.add(error(CREATE_ERROR, append(field, "title"), "Title can't be blank", "INVALID"));
        }
        if (price == null) {
            errors.add(error(CREATE_ERROR, append(field, "priceSet"), "Price can't be blank", "INVALID"));
        }
        String productGid = Inputs.string(input, "productId");
        Long productId = productGid == null ? null : Gid.idOf(productGid, "Product");
        return price == null || blank(title) ? null : new Line(productId, null, title,
                Inputs.string(input, "variantTitle"), Inputs.string(input, "sku"), quantity, price, taxAmount, taxRate);
    }

    private static FakeCustomer customer(FakeStore store, Map<String, Object> input, List<Views.UserError> errors) {
        Map<String, Object> customer = Inputs.object(input, "customer");
        String legacyId = Inputs.string(input, "customerId");
        if (customer == null && legacyId == null) {
            return null;
        }
        Map<String, Object> associate = Inputs.object(customer, "toAssociate");
        Map<String, Object> upsert = Inputs.object(customer, "toUpsert");
        if (associate != null && upsert != null || (customer != null && legacyId != null)) {
            errors.add(error(CREATE_ERROR, List.of("order", "customer"), "Only one of toAssociate, toUpsert or"
                    + " customerId may be given", "REDUNDANT_CUSTOMER_FIELDS"));
            return null;
        }
        if (legacyId != null) {
            associate = Map.of("id", legacyId);
        }
        if (associate != null) {
            String id = Inputs.string(associate, "id");
            String email = Inputs.string(associate, "email");
            FakeCustomer found = id != null ? store.customers().find(Gid.idOf(id, "Customer")).orElse(null)
                    : email == null ? null
                    : store.customers().all().filter(c -> email.equalsIgnoreCase(c.email())).findFirst().orElse(null);
            if (found == null) {
                errors.add(error(CREATE_ERROR, List.of("order", "customer", "toAssociate"), "Customer does not exist",
                        "INVALID"));
            }
            return found;
        }
        Inputs.onlySupported(upsert, "OrderCreateUpsertCustomerAttributesInput",
                Set.of("id", "email", "firstName", "lastName", "phone", "tags"));
        String id = Inputs.string(upsert, "id");
        String email = Inputs.string(upsert, "email");
        if (id != null) {
            FakeCustomer found = store.customers().find(Gid.idOf(id, "Customer")).orElse(null);
            if (found == null) {
                errors.add(error(CREATE_ERROR, List.of("order", "customer", "toUpsert", "id"),
                        "Customer does not exist", "INVALID"));
            }
            return found;
        }
        FakeCustomer existing = email == null ? null
                : store.customers().all().filter(c -> email.equalsIgnoreCase(c.email())).findFirst().orElse(null);
        if (existing != null) {
            return existing;
        }
        Instant now = store.now();
        return store.customers().create(newId -> new FakeCustomer(newId, Inputs.string(upsert, "firstName"),
                Inputs.string(upsert, "lastName"), email, Inputs.string(upsert, "phone"), false, null,
                Inputs.strings(upsert, "tags"), now, now));
    }

    private static BigDecimal taxAmount(Map<String, Object> taxLine, BigDecimal base, String currency) {
        Inputs.onlySupported(taxLine, "OrderCreateTaxLineInput", Set.of("title", "rate", "priceSet", "channelLiable"));
        BigDecimal amount = money(Inputs.object(taxLine, "priceSet"), currency);
        if (amount != null) {
            return amount;
        }
        BigDecimal rate = Inputs.decimal(taxLine, "rate");
        return base == null || rate == null ? BigDecimal.ZERO : base.multiply(rate).setScale(2, RoundingMode.HALF_EVEN);
    }

    // The shop-money amount of a MoneyBagInput; other currencies are not modelled.
    private static BigDecimal money(Map<String, Object> bag, String currency) {
        if (bag == null) {
            return null;
        }
        Map<String, Object> shopMoney = Inputs.object(bag, "shopMoney");
        Map<String, Object> presentment = Inputs.object(bag, "presentmentMoney");
        for (Map<String, Object> money : java.util.Arrays.asList(shopMoney, presentment)) {
            String code = Inputs.string(money, "currencyCode");
            if (code != null && !code.equals(currency)) {
                throw GraphqlFailure.notImplemented("amounts in " + code + " (the fake sells in the shop currency, "
                        + currency + ")");
            }
        }
        return Inputs.decimal(shopMoney, "amount");
    }

    private static List<String> append(List<String> path, String key) {
        List<String> extended = new ArrayList<>(path);
        extended.add(key);
        return extended;
    }

    private static Object delete(DataFetchingEnvironment env) {
        RequestContext ctx = RequestContext.of(env);
        ctx.require("write_orders", "orderDelete");
        FakeStore store = ctx.shop().store();
        long id = Gid.idOf(env.getArgument("orderId"), "Order");
        boolean visible = store.orders().find(id).filter(ctx::orderVisible).isPresent();
        if (!visible || store.orders().delete(id).isEmpty()) {
            return payload("deletedId", null, "userErrors", List.of(error("OrderDeleteUserError", List.of("orderId"),
                    "Order does not exist", "NOT_FOUND")));
        }
        return payload("deletedId", Gid.of("Order", id), "userErrors", List.of());
    }

    private static Object cancel(DataFetchingEnvironment env) {
        RequestContext ctx = RequestContext.of(env);
        ctx.require("write_orders", "orderCancel");
        FakeStore store = ctx.shop().store();
        long id = Gid.idOf(env.getArgument("orderId"), "Order");
        String reason = env.getArgument("reason");
        Map<String, Object> refundMethod = env.getArgument("refundMethod");
        Inputs.onlySupported(refundMethod, "OrderCancelRefundMethodInput", Set.of("originalPaymentMethodsRefund"));
        boolean refund = Boolean.TRUE.equals(env.getArgument("refund"))
                || (refundMethod != null && Boolean.TRUE.equals(refundMethod.get("originalPaymentMethodsRefund")));
        String staffNote = env.getArgument("staffNote");
        FakeOrder order = store.orders().find(id).filter(ctx::orderVisible).orElse(null);
        List<Views.UserError> errors = new ArrayList<>();
        if (order == null) {
            errors.add(error("OrderCancelUserError", List.of("orderId"), "Order does not exist", "NOT_FOUND"));
        } else if (order.cancelledAt() != null) {
            errors.add(error("OrderCancelUserError", List.of("orderId"), "Order has already been cancelled", "INVALID"));
        }
        if (!errors.isEmpty()) {
            List<Views.UserError> plain = errors.stream()
                    .map(e -> new Views.UserError("UserError", e.field(), e.message(), null)).toList();
            return payload("job", null, "orderCancelUserErrors", errors, "userErrors", plain);
        }
        Instant now = store.now();
        store.orders().update(id, o -> {
            List<FakeRefund> refunds = new ArrayList<>(o.refunds());
            String financial = o.financialStatus();
            if (refund && o.netPayment().signum() > 0) {
                refunds.add(new FakeRefund(store.nextRefundId(), now, o.netPayment(), staffNote));
                financial = "REFUNDED";
            } else if (o.totalReceived().signum() == 0) {
                financial = "VOIDED";
            }
            return new FakeOrder(o.id(), o.number(), o.customerId(), o.email(), o.createdAt(), o.processedAt(),
                    o.updatedAt(), now, reason, o.closedAt(), o.test(), financial, o.fulfillmentStatus(), o.lineItems(),
                    o.shipping(), o.tax(), refunds);
        });
        return payload("job", new Views.Job("gid://shopify/Job/" + UUID.nameUUIDFromBytes(("cancel-" + id)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), true), "orderCancelUserErrors", List.of(),
                "userErrors", List.of());
    }
}
