package dev.shopifyingest.testkit.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.testkit.store.FakeAddress;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeLineItem;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeRefund;
import dev.shopifyingest.testkit.store.FakeShop;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.FakeVariant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The REST-style JSON bodies Shopify sends for webhook topics, built from the fake store's
 * entities. Shapes follow payloads captured from real shops (orders/create of 2025) and Shopify's
 * changelog: numeric {@code id} as a JSON number plus {@code admin_graphql_api_id}; timestamps in
 * the shop's UTC offset ({@code 2026-01-02T10:00:00-05:00}); money as strings with two decimals
 * ({@code "29.90"}) and as {@code *_set} money bags; enum values in lower case; deletions send only
 * {@code {"id": …}}. Since 2025-01 customer payloads no longer carry {@code tags},
 * {@code email_marketing_consent} or {@code sms_marketing_consent}, and since 2024 no order count or
 * total spent, so neither does this.
 */
final class WebhookPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);
    // Derived ids for things the store does not number itself; far from every id the store uses.
    private static final long ADDRESS_ID_OFFSET = 1_000_000_000_000L;
    private static final long INVENTORY_ITEM_ID_OFFSET = 2_000_000_000_000L;
    private static final long SHIPPING_LINE_ID_OFFSET = 3_000_000_000_000L;
    private static final long OPTION_ID_OFFSET = 4_000_000_000_000L;

    private final FakeStore store;
    private final FakeShop shop;

    WebhookPayloads(FakeStore store) {
        this.store = store;
        this.shop = store.shop();
    }

    /** The body of an entity topic ({@code customers/…}, {@code products/…}, {@code orders/…}). */
    byte[] entity(String topic, Object entity) {
        if (topic.endsWith("/delete")) {
            return write(Map.of("id", idOf(entity)));
        }
        return write(switch (entity) {
            case FakeCustomer c -> customer(c, true);
            case FakeProduct p -> product(p);
            case FakeOrder o -> order(o);
            default -> throw new IllegalArgumentException("No webhook payload for " + entity.getClass());
        });
    }

    private static long idOf(Object entity) {
        return switch (entity) {
            case FakeCustomer c -> c.id();
            case FakeProduct p -> p.id();
            case FakeOrder o -> o.id();
            default -> throw new IllegalArgumentException("No id on " + entity.getClass());
        };
    }

    /** {@code app/uninstalled}: the shop resource. */
    byte[] appUninstalled() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", shop.id());
        s.put("name", shop.name());
        s.put("email", shop.email());
        s.put("domain", shop.domain());
        s.put("province", null);
        s.put("country", "US");
        s.put("address1", null);
        s.put("zip", null);
        s.put("city", null);
        s.put("source", null);
        s.put("phone", null);
        s.put("latitude", null);
        s.put("longitude", null);
        s.put("primary_locale", "en");
        s.put("address2", null);
        s.put("created_at", time(store.fixture().start().minusSeconds(86_400L * 400)));
        s.put("updated_at", time(store.now()));
        s.put("country_code", "US");
        s.put("country_name", "United States");
        s.put("currency", shop.currencyCode());
        s.put("customer_email", shop.email());
        ZoneOffset standard = shop.timeZone().getRules().getStandardOffset(store.now());
        s.put("timezone", "(GMT" + (standard.getTotalSeconds() == 0 ? "+00:00" : standard.getId()) + ") "
                + shop.timeZone().getId());
        s.put("iana_timezone", shop.timeZone().getId());
        s.put("shop_owner", "Demo Owner");
        s.put("money_format", "${{amount}}");
        s.put("money_with_currency_format", "${{amount}} " + shop.currencyCode());
        s.put("weight_unit", "kg");
        s.put("province_code", null);
        s.put("taxes_included", false);
        s.put("auto_configure_tax_inclusivity", null);
        s.put("tax_shipping", null);
        s.put("county_taxes", true);
        s.put("plan_display_name", shop.planName());
        s.put("plan_name", shop.planName().toLowerCase(Locale.ROOT));
        s.put("has_discounts", false);
        s.put("has_gift_cards", false);
        s.put("myshopify_domain", shop.domain());
        s.put("google_apps_domain", null);
        s.put("google_apps_login_enabled", null);
        s.put("money_in_emails_format", "${{amount}}");
        s.put("money_with_currency_in_emails_format", "${{amount}} " + shop.currencyCode());
        s.put("eligible_for_payments", true);
        s.put("requires_extra_payments_agreement", false);
        s.put("password_enabled", false);
        s.put("has_storefront", true);
        s.put("finances", true);
        s.put("primary_location_id", null);
        s.put("checkout_api_supported", true);
        s.put("multi_location_enabled", true);
        s.put("setup_required", false);
        s.put("pre_launch_enabled", false);
        s.put("enabled_presentment_currencies", List.of(shop.currencyCode()));
        return write(s);
    }

    /** {@code customers/data_request}. */
    byte[] customersDataRequest(long customerId, List<Long> orderIds, long dataRequestId) {
        Map<String, Object> body = shopIds();
        body.put("orders_requested", orderIds);
        body.put("customer", complianceCustomer(customerId));
        body.put("data_request", Map.of("id", dataRequestId));
        return write(body);
    }

    /** {@code customers/redact}. */
    byte[] customersRedact(long customerId, List<Long> orderIds) {
        Map<String, Object> body = shopIds();
        body.put("customer", complianceCustomer(customerId));
        body.put("orders_to_redact", orderIds);
        return write(body);
    }

    /** {@code shop/redact}. */
    byte[] shopRedact() {
        return write(shopIds());
    }

    private Map<String, Object> shopIds() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shop_id", shop.id());
        body.put("shop_domain", shop.domain());
        return body;
    }

    private Map<String, Object> complianceCustomer(long customerId) {
        FakeCustomer c = store.customers().find(customerId).orElse(null);
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", customerId);
        customer.put("email", c == null ? null : c.email());
        customer.put("phone", c == null ? null : c.phone());
        return customer;
    }

    private Map<String, Object> customer(FakeCustomer c, boolean withAddresses) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("email", c.email());
        m.put("created_at", time(c.createdAt()));
        m.put("updated_at", time(c.updatedAt()));
        m.put("first_name", c.firstName());
        m.put("last_name", c.lastName());
        m.put("state", "disabled");
        m.put("note", null);
        m.put("verified_email", c.email() != null);
        m.put("multipass_identifier", null);
        m.put("tax_exempt", false);
        m.put("phone", c.phone());
        m.put("currency", shop.currencyCode());
        if (withAddresses) {
            m.put("addresses", c.address() == null ? List.of() : List.of(address(c)));
        }
        m.put("tax_exemptions", List.of());
        m.put("admin_graphql_api_id", c.gid());
        m.put("default_address", c.address() == null ? null : address(c));
        return m;
    }

    private Map<String, Object> address(FakeCustomer c) {
        FakeAddress a = c.address();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id() + ADDRESS_ID_OFFSET);
        m.put("customer_id", c.id());
        m.put("first_name", c.firstName());
        m.put("last_name", c.lastName());
        m.put("company", null);
        m.put("address1", a.address1());
        m.put("address2", null);
        m.put("city", a.city());
        m.put("province", a.province());
        m.put("country", a.country());
        m.put("zip", a.zip());
        m.put("phone", c.phone());
        m.put("name", c.displayName());
        m.put("province_code", a.provinceCode());
        m.put("country_code", a.countryCode());
        m.put("country_name", a.country());
        m.put("default", true);
        return m;
    }

    private Map<String, Object> orderAddress(FakeCustomer c) {
        Map<String, Object> m = address(c);
        m.remove("id");
        m.remove("customer_id");
        m.remove("default");
        m.put("latitude", null);
        m.put("longitude", null);
        return m;
    }

    private Map<String, Object> product(FakeProduct p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("admin_graphql_api_id", p.gid());
        m.put("body_html", "");
        m.put("created_at", time(p.createdAt()));
        m.put("handle", p.handle());
        m.put("id", p.id());
        m.put("product_type", p.productType());
        m.put("published_at", "ACTIVE".equals(p.status()) ? time(p.createdAt()) : null);
        m.put("template_suffix", null);
        m.put("title", p.title());
        m.put("updated_at", time(p.updatedAt()));
        m.put("vendor", p.vendor());
        m.put("status", p.status().toLowerCase(Locale.ROOT));
        m.put("published_scope", "global");
        m.put("tags", String.join(", ", p.tags()));
        List<Map<String, Object>> variants = new ArrayList<>();
        for (FakeVariant v : p.variants()) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("admin_graphql_api_id", v.gid());
            vm.put("barcode", null);
            vm.put("compare_at_price", null);
            vm.put("created_at", time(v.createdAt()));
            vm.put("id", v.id());
            vm.put("inventory_policy", "deny");
            vm.put("position", v.position());
            vm.put("price", money(v.price()));
            vm.put("product_id", p.id());
            vm.put("sku", v.sku());
            vm.put("taxable", true);
            vm.put("title", v.title());
            vm.put("updated_at", time(v.updatedAt()));
            vm.put("option1", v.title());
            vm.put("option2", null);
            vm.put("option3", null);
            vm.put("image_id", null);
            vm.put("inventory_item_id", v.id() + INVENTORY_ITEM_ID_OFFSET);
            vm.put("inventory_quantity", v.inventoryQuantity());
            vm.put("old_inventory_quantity", v.inventoryQuantity());
            variants.add(vm);
        }
        m.put("variants", variants);
        boolean single = p.variants().size() == 1 && "Default Title".equals(p.variants().get(0).title());
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("name", single ? "Title" : "Size");
        option.put("id", p.id() + OPTION_ID_OFFSET);
        option.put("product_id", p.id());
        option.put("position", 1);
        option.put("values", p.variants().stream().map(FakeVariant::title).toList());
        m.put("options", List.of(option));
        m.put("images", List.of());
        m.put("image", null);
        m.put("media", List.of());
        m.put("variant_gids", p.variants().stream()
                .map(v -> Map.of("admin_graphql_api_id", v.gid(), "updated_at", v.updatedAt().toString()))
                .toList());
        m.put("has_variants_that_requires_components", false);
        m.put("category", null);
        return m;
    }

    private Map<String, Object> order(FakeOrder o) {
        FakeCustomer customer = o.customerId() == null ? null : store.customers().find(o.customerId()).orElse(null);
        String currency = shop.currencyCode();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("admin_graphql_api_id", o.gid());
        m.put("app_id", null);
        m.put("browser_ip", null);
        m.put("buyer_accepts_marketing", customer != null && customer.acceptsEmailMarketing());
        m.put("cancel_reason", o.cancelReason() == null ? null : o.cancelReason().toLowerCase(Locale.ROOT));
        m.put("cancelled_at", time(o.cancelledAt()));
        m.put("cart_token", null);
        m.put("checkout_id", null);
        m.put("checkout_token", null);
        m.put("closed_at", time(o.closedAt()));
        m.put("confirmation_number", Long.toString(Math.floorMod(o.id() * 0x9E3779B97F4A7C15L, 36L * 36 * 36 * 36 * 36
                * 36 * 36 * 36 * 36), 36).toUpperCase(Locale.ROOT));
        m.put("confirmed", true);
        m.put("contact_email", o.email());
        m.put("created_at", time(o.createdAt()));
        m.put("currency", currency);
        m.put("current_shipping_price_set", moneySet(o.shipping()));
        m.put("current_subtotal_price", money(o.subtotal()));
        m.put("current_subtotal_price_set", moneySet(o.subtotal()));
        m.put("current_total_discounts", money(o.totalDiscounts()));
        m.put("current_total_discounts_set", moneySet(o.totalDiscounts()));
        m.put("current_total_price", money(o.currentTotalPrice()));
        m.put("current_total_price_set", moneySet(o.currentTotalPrice()));
        m.put("current_total_tax", money(o.tax()));
        m.put("current_total_tax_set", moneySet(o.tax()));
        m.put("customer_locale", "en");
        m.put("discount_codes", List.of());
        m.put("email", o.email());
        m.put("estimated_taxes", false);
        m.put("financial_status", o.financialStatus().toLowerCase(Locale.ROOT));
        m.put("fulfillment_status", fulfillmentStatus(o.fulfillmentStatus()));
        m.put("landing_site", null);
        m.put("location_id", null);
        m.put("name", o.name());
        m.put("note", null);
        m.put("note_attributes", List.of());
        m.put("number", o.number() - 1000);
        m.put("order_number", o.number());
        m.put("payment_gateway_names", List.of("manual"));
        m.put("phone", null);
        m.put("presentment_currency", currency);
        m.put("processed_at", time(o.processedAt()));
        m.put("reference", null);
        m.put("referring_site", null);
        m.put("source_name", "web");
        m.put("subtotal_price", money(o.subtotal()));
        m.put("subtotal_price_set", moneySet(o.subtotal()));
        m.put("tags", "");
        m.put("tax_exempt", false);
        m.put("tax_lines", o.tax().signum() == 0 ? List.of() : List.of(taxLine(o.tax(), o.subtotal())));
        m.put("taxes_included", false);
        m.put("test", o.test());
        m.put("token", token(o.id()));
        m.put("total_discounts", money(o.totalDiscounts()));
        m.put("total_discounts_set", moneySet(o.totalDiscounts()));
        m.put("total_line_items_price", money(o.lineItemsTotal()));
        m.put("total_line_items_price_set", moneySet(o.lineItemsTotal()));
        m.put("total_outstanding", money(o.totalOutstanding()));
        m.put("total_price", money(o.totalPrice()));
        m.put("total_price_set", moneySet(o.totalPrice()));
        m.put("total_shipping_price_set", moneySet(o.shipping()));
        m.put("total_tax", money(o.tax()));
        m.put("total_tax_set", moneySet(o.tax()));
        m.put("total_tip_received", "0.00");
        m.put("total_weight", 0);
        m.put("updated_at", time(o.updatedAt()));
        m.put("user_id", null);
        m.put("billing_address", customer == null || customer.address() == null ? null : orderAddress(customer));
        m.put("customer", customer == null ? null : customer(customer, false));
        boolean discounted = o.totalDiscounts().signum() != 0;
        m.put("discount_applications", discounted ? List.of(discountApplication(o.totalDiscounts())) : List.of());
        m.put("fulfillments", List.of());
        m.put("line_items", o.lineItems().stream().map(l -> lineItem(o, l)).toList());
        m.put("payment_terms", null);
        m.put("refunds", o.refunds().stream().map(r -> refund(o, r)).toList());
        m.put("shipping_address", customer == null || customer.address() == null ? null : orderAddress(customer));
        m.put("shipping_lines", List.of(shippingLine(o)));
        m.put("returns", List.of());
        return m;
    }

    private Map<String, Object> lineItem(FakeOrder o, FakeLineItem l) {
        boolean defaultVariant = l.variantTitle() == null || "Default Title".equals(l.variantTitle());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("admin_graphql_api_id", l.gid());
        m.put("attributed_staffs", List.of());
        m.put("current_quantity", o.currentQuantity(l));
        m.put("fulfillable_quantity", l.quantity());
        m.put("fulfillment_service", "manual");
        m.put("fulfillment_status", null);
        m.put("gift_card", false);
        m.put("grams", 0);
        m.put("name", defaultVariant ? l.title() : l.title() + " - " + l.variantTitle());
        m.put("price", money(l.unitPrice()));
        m.put("price_set", moneySet(l.unitPrice()));
        m.put("product_exists", l.productId() != null && store.products().find(l.productId()).isPresent());
        m.put("product_id", l.productId());
        m.put("properties", List.of());
        m.put("quantity", l.quantity());
        m.put("requires_shipping", true);
        m.put("sku", l.sku());
        m.put("taxable", true);
        m.put("title", l.title());
        m.put("total_discount", money(BigDecimal.ZERO));
        m.put("total_discount_set", moneySet(BigDecimal.ZERO));
        m.put("variant_id", l.variantId());
        m.put("variant_inventory_management", "shopify");
        m.put("variant_title", defaultVariant ? null : l.variantTitle());
        m.put("vendor", null);
        m.put("tax_lines", List.of());
        m.put("duties", List.of());
        // Shopify reports an order-level discount as allocations on the lines, not as total_discount.
        m.put("discount_allocations", l.totalDiscount().signum() == 0 ? List.of() : List.of(
                mapOf("amount", money(l.totalDiscount()), "amount_set", moneySet(l.totalDiscount()),
                        "discount_application_index", 0)));
        return m;
    }

    private Map<String, Object> discountApplication(BigDecimal amount) {
        return mapOf("target_type", "line_item", "type", "manual", "value", money(amount),
                "value_type", "fixed_amount", "allocation_method", "across", "target_selection", "all",
                "title", "Discount", "description", "Discount");
    }

    private Map<String, Object> taxLine(BigDecimal tax, BigDecimal subtotal) {
        BigDecimal rate = subtotal.signum() == 0 ? BigDecimal.ZERO
                : tax.divide(subtotal, 4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return mapOf("price", money(tax), "rate", rate, "title", "Sales Tax", "price_set", moneySet(tax),
                "channel_liable", false);
    }

    private Map<String, Object> shippingLine(FakeOrder o) {
        return mapOf("id", o.id() + SHIPPING_LINE_ID_OFFSET, "carrier_identifier", null, "code", "Standard",
                "discounted_price", money(o.shipping()), "discounted_price_set", moneySet(o.shipping()),
                "is_removed", false, "phone", null, "price", money(o.shipping()), "price_set", moneySet(o.shipping()),
                "requested_fulfillment_service_id", null, "source", "shopify", "title", "Standard",
                "tax_lines", List.of(), "discount_allocations", List.of());
    }

    private Map<String, Object> refund(FakeOrder o, FakeRefund r) {
        Map<String, Object> transaction = mapOf("id", r.id(), "admin_graphql_api_id",
                "gid://shopify/OrderTransaction/" + r.id(), "amount", money(r.amount()), "authorization", null,
                "created_at", time(r.createdAt()), "currency", shop.currencyCode(), "gateway", "manual",
                "kind", "refund", "order_id", o.id(), "parent_id", null, "processed_at", time(r.createdAt()),
                "status", "success", "test", o.test());
        return mapOf("id", r.id(), "admin_graphql_api_id", r.gid(), "created_at", time(r.createdAt()),
                "note", r.note(), "order_id", o.id(), "processed_at", time(r.createdAt()), "restock", false,
                "user_id", null, "order_adjustments", List.of(), "transactions", List.of(transaction),
                "refund_line_items", List.of());
    }

    // GraphQL's OrderDisplayFulfillmentStatus as REST's fulfillment_status.
    private static String fulfillmentStatus(String display) {
        return switch (display) {
            case "FULFILLED" -> "fulfilled";
            case "PARTIALLY_FULFILLED" -> "partial";
            case "RESTOCKED" -> "restocked";
            default -> null;
        };
    }

    private Map<String, Object> moneySet(BigDecimal amount) {
        Map<String, Object> money = mapOf("amount", money(amount), "currency_code", shop.currencyCode());
        return mapOf("shop_money", money, "presentment_money", money);
    }

    static String money(BigDecimal amount) {
        return amount.setScale(Math.max(2, amount.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    private String time(Instant instant) {
        return instant == null ? null : TIME.format(instant.atZone(shop.timeZone()));
    }

    private static String token(long id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ByteBuffer.allocate(8).putLong(id).array());
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static byte[] write(Map<String, Object> body) {
        try {
            // Jackson writes a long as its exact digits, so 64-bit ids survive.
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a webhook payload", e);
        }
    }
}
