package dev.shopifyingest.testkit.graphql;

import static dev.shopifyingest.testkit.graphql.QueryFields.payload;

import dev.shopifyingest.testkit.store.FakeAddress;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.FakeVariant;
import dev.shopifyingest.testkit.webhook.WebhookSubscription;
import graphql.schema.DataFetchingEnvironment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The customer, product and webhook subscription mutations (orders are in {@link OrderMutations},
 * bulk operations in {@link BulkFields}). Bad input comes back as {@code userErrors} and changes
 * nothing; every change goes through the {@link FakeStore}, so its listeners (webhooks) see it.
 */
final class MutationFields {

    static final String M = "Mutation";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final Set<String> CUSTOMER_INPUT = Set.of("id", "email", "firstName", "lastName", "phone", "tags",
            "addresses", "emailMarketingConsent");
    private static final Set<String> ADDRESS_INPUT = Set.of("address1", "city", "province", "provinceCode", "country",
            "countryCode", "zip");
    private static final Set<String> PRODUCT_INPUT = Set.of("title", "handle", "vendor", "productType", "status", "tags",
            "productOptions");
    private static final Set<String> VARIANT_INPUT = Set.of("id", "price", "optionValues", "inventoryItem",
            "inventoryQuantities");

    private MutationFields() {
    }

    static void register(FieldTable t) {
        t.put(M, "customerCreate", MutationFields::customerCreate);
        t.put(M, "customerUpdate", MutationFields::customerUpdate);
        t.put(M, "customerDelete", MutationFields::customerDelete);
        t.put(M, "productCreate", MutationFields::productCreate);
        t.put(M, "productDelete", MutationFields::productDelete);
        t.put(M, "productVariantsBulkCreate", MutationFields::variantsCreate);
        t.put(M, "productVariantsBulkUpdate", MutationFields::variantsUpdate);
        t.put(M, "webhookSubscriptionCreate", MutationFields::webhookCreate);
        t.put(M, "webhookSubscriptionDelete", MutationFields::webhookDelete);
        OrderMutations.register(t);
        t.mapEntries("CustomerCreatePayload", List.of("customer", "userErrors"));
        t.mapEntries("CustomerUpdatePayload", List.of("customer", "userErrors"));
        t.mapEntries("CustomerDeletePayload", List.of("deletedCustomerId", "shop", "userErrors"));
        t.mapEntries("ProductCreatePayload", List.of("product", "shop", "userErrors"));
        t.mapEntries("ProductDeletePayload", List.of("deletedProductId", "productDeleteOperation", "shop", "userErrors"));
        t.mapEntries("ProductVariantsBulkCreatePayload", List.of("product", "productVariants", "userErrors"));
        t.mapEntries("ProductVariantsBulkUpdatePayload", List.of("product", "productVariants", "userErrors"));
        t.mapEntries("WebhookSubscriptionCreatePayload", List.of("webhookSubscription", "userErrors"));
        t.mapEntries("WebhookSubscriptionDeletePayload", List.of("deletedWebhookSubscriptionId", "userErrors"));
    }

    static Views.UserError error(String type, List<String> field, String message, String code) {
        return new Views.UserError(type, field, message, code);
    }

    private static Views.UserError userError(List<String> field, String message) {
        return error("UserError", field, message, null);
    }

    // Customers

    private static Object customerCreate(DataFetchingEnvironment env) {
        RequestContext ctx = RequestContext.of(env);
        ctx.require("write_customers", "customerCreate");
        Map<String, Object> input = env.getArgument("input");
        Inputs.onlySupported(input, "CustomerInput", CUSTOMER_INPUT);
        List<Views.UserError> errors = new ArrayList<>();
        if (Inputs.string(input, "id") != null) {
            errors.add(userError(List.of("id"), "Id must be blank when creating a customer"));
        }
        String email = Inputs.string(input, "email");
        String phone = Inputs.string(input, "phone");
        String first = Inputs.string(input, "firstName");
        String last = Inputs.string(input, "lastName");
        if (blank(email) && blank(phone) && blank(first) && blank(last)) {
            errors.add(userError(null, "A name, phone number, or email address must be present"));
        }
        FakeStore store = ctx.shop().store();
        checkContact(store, email, phone, -1, errors);
        FakeAddress address = address(input, errors);
        if (!errors.isEmpty()) {
            return payload("customer", null, "userErrors", errors);
        }
        Instant now = store.now();
        FakeCustomer created = store.customers().create(id -> new FakeCustomer(id, first, last, emptyToNull(email),
                emptyToNull(phone), subscribed(input, false), address, Inputs.strings(input, "tags"), now, now));
        return payload("customer", created, "userErrors", List.of());
    }

    private static Object customerUpdate(DataFetchingEnvironment env) {
        RequestContext ctx = RequestContext.of(env);
        ctx.require("write_customers", "customerUpdate");
        Map<String, Object> input = env.getArgument("input");
        Inputs.onlySupported(input, "CustomerInput", CUSTOMER_INPUT);
        FakeStore store = ctx.shop().store();
        String gid = Inputs.string(input, "id");
        long id = gid == null ? -1 : Gid.idOf(gid, "Customer");
        FakeCustomer existing = store.customers().find(id).orElse(null);
        if (existing == null) {
            return payload("customer", null, "userErrors", List.of(userError(List.of("id"), "Customer does not exist")));
        }
        List<Views.UserError> errors = new ArrayList<>();
        String email = Inputs.has(input, "email") ? emptyToNull(Inputs.string(input, "email")) : existing.email();
        String phone = Inputs.has(input, "phone") ? emptyToNull(Inputs.string(input, "phone")) : existing.phone();
        checkContact(store, Inputs.has(input, "email") ? email : null, Inputs.has(input, "phone") ? phone : null, id,
                errors);
        FakeAddress address = Inputs.has(input, "addresses") ? address(input, errors) : existing.address();
        if (!errors.isEmpty()) {
            return payload("customer", null, "userErrors", errors);
        }
        FakeCustomer updated = store.customers().update(id, c -> new FakeCustomer(c.id(),
                Inputs.has(input, "firstName") ? Inputs.string(input, "firstName") : c.firstName(),
                Inputs.has(input, "lastName") ? Inputs.string(input, "lastName") : c.lastName(),
                email, phone, subscribed(input, c.acceptsEmailMarketing()), address,
                Inputs.has(input, "tags") ? Inputs.strings(input, "tags") : c.tags(), c.createdAt(), c.updatedAt()))
                .orElse(null);
        return payload("customer", updated, "userErrors", List.of());
    }

    private static Object customerDelete(DataFetchingEnvironment env) {
        RequestContext ctx = RequestContext.of(env);
        ctx.require("write_customers", "customerDelete");
        Map<String, Object> input = env.getArgument("input");
        FakeStore store = ctx.shop().store();
        long id = Gid.idOf(Inputs.string(input, "id"), "Customer");
        if (store.customers().find(id).isEmpty()) {
            return payload("deletedCustomerId", null, "shop", store.shop(), "userErrors",
                    List.of(userError(List.of("id"), "Customer can't be found")));
        }
        if (store.customerStats(id).numberOfOrders() > 0) {
            return payload("deletedCustomerId", null, "shop", store.shop(), "userErrors",
                    List.of(userError(List.of("id"), "Customer can’t be deleted because they have associated orders")));
        }
        store.customers().delete(id);
        return payload("deletedCustomerId", Gid.of("Customer", id), "shop", store.shop(), "userErrors", List.of());
    }

    private static void checkContact(FakeStore store, String email, String phone, long self,
                                     List<Views.UserError> errors) {
        if (!blank(email)) {
            if (!EMAIL.matcher(email).matches()) {
                errors.add(userError(List.of("email"), "Email is invalid"));
            } else if (store.customers().all().anyMatch(c -> c.id() != self && email.equalsIgnoreCase(c.email()))) {
                errors.add(userError(List.of("email"), "Email has already been taken"));
            }
        }
        if (!blank(phone)) {
            if (!PHONE.matcher(phone).matches()) {
                errors.add(userError(List.of("phone"), "Phone is invalid"));
            } else if (store.customers().all().anyMatch(c -> c.id() != self && phone.equals(c.phone()))) {
                errors.add(userError(List.of("phone"), "Phone has already been taken"));
            }
        }
    }

    private static FakeAddress address(Map<String, Object> input, List<Views.UserError> errors) {
        List<Map<String, Object>> addresses = Inputs.objects(input, "addresses");
        if (addresses.isEmpty()) {
            return null;
        }
        if (addresses.size() > 1) {
            throw GraphqlFailure.notImplemented("more than one address per customer");
        }
        Map<String, Object> a = addresses.getFirst();
        Inputs.onlySupported(a, "MailingAddressInput", ADDRESS_INPUT);
        String countryCode = Inputs.string(a, "countryCode");
        String country = Inputs.string(a, "country");
        if (countryCode != null && Locale.of("", countryCode).getDisplayCountry(Locale.ENGLISH).equals(countryCode)) {
            errors.add(userError(List.of("addresses", "0", "countryCode"), "Country is invalid"));
        }
        if (country == null && countryCode != null) {
            country = Locale.of("", countryCode).getDisplayCountry(Locale.ENGLISH);
        }
        String provinceCode = Inputs.string(a, "provinceCode");
        String province = Inputs.string(a, "province") != null ? Inputs.string(a, "province") : provinceCode;
        return new FakeAddress(Inputs.string(a, "address1"), Inputs.string(a, "city"), province, provinceCode, country,
                countryCode, Inputs.string(a, "zip"));
    }

    private static boolean subscribed(Map<String, Object> input, boolean otherwise) {
        Map<String, Object> consent = Inputs.object(input, "emailMarketingConsent");
        return consent == null ? otherwise : "SUBSCRIBED".equals(Inputs.string(consent, "marketingState"));
    }

    // Products

    private static Object productCreate(DataFetchingEnvironment env) {
        RequestContext ctx = RequestContext.of(env);
        ctx.require("write_products", "productCreate");
        if (env.getArgument("input") != null) {
            throw GraphqlFailure.notImplemented("productCreate(input:), deprecated by Shopify; pass product: instead");
        }
        List<?> media = env.getArgument("media");
        if (media != null && !media.isEmpty()) {
            throw GraphqlFailure.notImplemented("productCreate(media:)");
        }
        Map<String, Object> input = env.getArgument("product");
        Inputs.onlySupported(input, "ProductCreateInput", PRODUCT_INPUT);
        FakeStore store = ctx.shop().store();
        String title = Inputs.string(input, "title");
        if (blank(title)) {
            return payload("product", null, "shop", store.shop(), "userErrors",
                    List.of(userError(List.of("title"), "Title can't be blank")));
        }
        String handle = Inputs.string(input, "handle");
        if (handle != null && store.products().all().anyMatch(p -> p.handle().equals(handle))) {
            return payload("product", null, "shop", store.shop(), "userErrors", List.of(userError(List.of("handle"),
                    "Handle '" + handle + "' already in use. Please provide a new handle.")));
        }
        List<Views.UserError> optionErrors = new ArrayList<>();
        String standaloneTitle = standaloneTitle(input, optionErrors);
        if (!optionErrors.isEmpty()) {
            return payload("product", null, "shop", store.shop(), "userErrors", optionErrors);
        }
        String finalHandle = handle != null ? handle : uniqueHandle(store, title);
        Instant now = store.now();
        FakeVariant standalone = new FakeVariant(store.nextVariantId(), standaloneTitle, null,
                new BigDecimal("0.00"), 0, 1, now, now);
        String status = Inputs.string(input, "status");
        FakeProduct created = store.products().create(id -> new FakeProduct(id, title, finalHandle,
                Objects.requireNonNullElse(Inputs.string(input, "vendor"), store.shop().name()),
                Objects.requireNonNullElse(Inputs.string(input, "productType"), ""),
                status == null ? "ACTIVE" : status, Inputs.strings(input, "tags"), List.of(standalone), now, now));
        return payload("product", created, "shop", store.shop(), "userErrors", List.of());
    }

    /**
     * The title of the variant {@code productCreate} makes: "Default Title", or with
     * {@code productOptions} the first value of each option, as Shopify creates the product with
     * one variant of those values. The fake keeps no option list of its own: a variant's option
     * values are its title.
     */
    private static String standaloneTitle(Map<String, Object> input, List<Views.UserError> errors) {
        List<Map<String, Object>> options = Inputs.objects(input, "productOptions");
        List<String> firstValues = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            Map<String, Object> option = options.get(i);
            Inputs.onlySupported(option, "OptionCreateInput", Set.of("name", "values", "position"));
            List<Map<String, Object>> values = Inputs.objects(option, "values");
            if (blank(Inputs.string(option, "name"))) {
                errors.add(userError(List.of("productOptions", String.valueOf(i), "name"), "Option name can't be blank"));
            } else if (values.isEmpty() || blank(Inputs.string(values.getFirst(), "name"))) {
                errors.add(userError(List.of("productOptions", String.valueOf(i), "values"),
                        "Option '" + Inputs.string(option, "name") + "' needs at least one value"));
            } else {
                values.forEach(v -> Inputs.onlySupported(v, "OptionValueCreateInput", Set.of("name")));
                firstValues.add(Inputs.string(values.getFirst(), "name"));
            }
        }
        return firstValues.isEmpty() ? "Default Title" : String.join(" / ", firstValues);
    }

    private static String uniqueHandle(FakeStore store, String title) {
        String base = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (base.isEmpty()) {
            base = "product";
        }
        String candidate = base;
        for (int n = 1; true; n++) {
            String taken = candidate;
            if (store.products().all().noneMatch(p -> p.handle().equals(taken))) {
                return candidate;
            }
            candidate = base + "-" + n;
        }
    }

    private static Object productDelete(DataFetchingEnvironment env) {
        RequestContext ctx = RequestContext.of(env);
        ctx.require("write_products", "productDelete");
        Map<String, Object> input = env.getArgument("input");
        FakeStore store = ctx.shop().store();
        long id = Gid.idOf(Inputs.string(input, "id"), "Product");
        if (store.products().delete(id).isEmpty()) {
            return payload("deletedProductId", null, "productDeleteOperation", null, "shop", store.shop(),
                    "userErrors", List.of(userError(List.of("id"), "Product does not exist")));
        }
        return payload("deletedProductId", Gid.of("Product", id), "productDeleteOperation", null, "shop", store.shop(),
                "userErrors", List.of());
    }

    private static Object variantsCreate(DataFetchingEnvironment env) {
        RequestContext ctx = RequestContext.of(env);
        ctx.require("write_products", "productVariantsBulkCreate");
        String type = "ProductVariantsBulkCreateUserError";
        List<?> media = env.getArgument("media");
        if (media != null && !media.isEmpty()) {
            throw GraphqlFailure.notImplemented("productVariantsBulkCreate(media:)");
        }
        FakeStore store = ctx.shop().store();
        long productId = Gid.idOf(env.getArgument("productId"), "Product");
        FakeProduct product = store.products().find(productId).orElse(null);
        if (product == null) {
            return payload("product", null, "productVariants", null, "userErrors", List.of(error(type,
                    List.of("productId"), "Product does not exist", "PRODUCT_DOES_NOT_EXIST")));
        }
        List<Map<String, Object>> inputs = env.getArgument("variants");
        Inputs.checkSize(inputs);
        String strategy = env.getArgument("strategy");
        List<FakeVariant> kept = new ArrayList<>(product.variants());
        boolean single = kept.size() == 1;
        boolean standaloneDefault = single && "Default Title".equals(kept.getFirst().title());
        if (("DEFAULT".equals(strategy) && standaloneDefault) || ("REMOVE_STANDALONE_VARIANT".equals(strategy) && single)) {
            kept.clear();
        }
        List<Views.UserError> errors = new ArrayList<>();
        List<String> titles = new ArrayList<>(kept.stream().map(FakeVariant::title).toList());
        List<VariantInput> parsed = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, Object> input = inputs.get(i);
            Inputs.onlySupported(input, "ProductVariantsBulkInput", VARIANT_INPUT);
            if (input.get("id") != null) {
                errors.add(error(type, List.of("variants", String.valueOf(i), "id"),
                        "Id must be blank when creating a variant", "INVALID"));
                continue;
            }
            VariantInput variant = VariantInput.of(input, i, type, errors);
            String title = variant.title() == null ? "Default Title" : variant.title();
            if (titles.contains(title)) {
                errors.add(error(type, List.of("variants", String.valueOf(i)), "The variant '" + title
                        + "' already exists.", "VARIANT_ALREADY_EXISTS"));
            }
            titles.add(title);
            parsed.add(variant);
        }
        if (!errors.isEmpty()) {
            return payload("product", null, "productVariants", null, "userErrors", errors);
        }
        Instant now = store.now();
        List<FakeVariant> added = new ArrayList<>();
        for (VariantInput v : parsed) {
            added.add(new FakeVariant(store.nextVariantId(), v.title() == null ? "Default Title" : v.title(), v.sku(),
                    v.price() == null ? new BigDecimal("0.00") : v.price(),
                    v.inventory() == null ? 0 : v.inventory(), 0, now, now));
        }
        List<FakeVariant> all = new ArrayList<>(kept);
        all.addAll(added);
        List<FakeVariant> positioned = renumber(all);
        FakeProduct updated = store.products().update(productId, p -> withVariants(p, positioned)).orElseThrow();
        List<Views.Variant> created = updated.variants().subList(kept.size(), updated.variants().size()).stream()
                .map(v -> new Views.Variant(updated, v)).toList();
        return payload("product", updated, "productVariants", created, "userErrors", List.of());
    }

    private static Object variantsUpdate(DataFetchingEnvironment env) {
        RequestContext ctx = RequestContext.of(env);
        ctx.require("write_products", "productVariantsBulkUpdate");
        String type = "ProductVariantsBulkUpdateUserError";
        List<?> media = env.getArgument("media");
        if (media != null && !media.isEmpty()) {
            throw GraphqlFailure.notImplemented("productVariantsBulkUpdate(media:)");
        }
        FakeStore store = ctx.shop().store();
        long productId = Gid.idOf(env.getArgument("productId"), "Product");
        FakeProduct product = store.products().find(productId).orElse(null);
        if (product == null) {
            return payload("product", null, "productVariants", null, "userErrors", List.of(error(type,
                    List.of("productId"), "Product does not exist", "PRODUCT_DOES_NOT_EXIST")));
        }
        List<Map<String, Object>> inputs = env.getArgument("variants");
        Inputs.checkSize(inputs);
        List<Views.UserError> errors = new ArrayList<>();
        List<FakeVariant> variants = new ArrayList<>(product.variants());
        List<Long> changedIds = new ArrayList<>();
        Instant now = store.now();
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, Object> input = inputs.get(i);
            Inputs.onlySupported(input, "ProductVariantsBulkInput", VARIANT_INPUT);
            String gid = Inputs.string(input, "id");
            if (gid == null) {
                errors.add(error(type, List.of("variants", String.valueOf(i), "id"), "Product variant id is missing",
                        "PRODUCT_VARIANT_ID_MISSING"));
                continue;
            }
            long variantId = Gid.idOf(gid, "ProductVariant");
            int at = indexOf(variants, variantId);
            if (at < 0) {
                errors.add(error(type, List.of("variants", String.valueOf(i), "id"), "Product variant does not exist",
                        "PRODUCT_VARIANT_DOES_NOT_EXIST"));
                continue;
            }
            if (!Inputs.objects(input, "inventoryQuantities").isEmpty()) {
                errors.add(error(type, List.of("variants", String.valueOf(i), "inventoryQuantities"),
                        "Inventory quantities can only be provided during create. To update inventory for existing"
                                + " variants, use inventoryAdjustQuantities.", "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE"));
                continue;
            }
            VariantInput v = VariantInput.of(input, i, type, errors);
            FakeVariant old = variants.get(at);
            variants.set(at, new FakeVariant(old.id(), v.title() != null ? v.title() : old.title(),
                    Inputs.has(Inputs.object(input, "inventoryItem"), "sku") ? v.sku() : old.sku(),
                    v.price() != null ? v.price() : old.price(), old.inventoryQuantity(), old.position(),
                    old.createdAt(), now));
            changedIds.add(variantId);
        }
        if (!errors.isEmpty()) {
            return payload("product", null, "productVariants", null, "userErrors", errors);
        }
        FakeProduct updated = store.products().update(productId, p -> withVariants(p, variants)).orElseThrow();
        List<Views.Variant> changed = updated.variants().stream().filter(v -> changedIds.contains(v.id()))
                .map(v -> new Views.Variant(updated, v)).toList();
        return payload("product", updated, "productVariants", changed, "userErrors", List.of());
    }

    private record VariantInput(String title, String sku, BigDecimal price, Integer inventory) {
        static VariantInput of(Map<String, Object> input, int index, String type, List<Views.UserError> errors) {
            BigDecimal price = Inputs.decimal(input, "price");
            if (price != null && price.signum() < 0) {
                errors.add(error(type, List.of("variants", String.valueOf(index), "price"),
                        "Price must be greater than or equal to 0", "NEGATIVE_PRICE_VALUE"));
            }
            Map<String, Object> item = Inputs.object(input, "inventoryItem");
            Inputs.onlySupported(item, "InventoryItemInput", Set.of("sku", "tracked"));
            List<Map<String, Object>> options = Inputs.objects(input, "optionValues");
            for (Map<String, Object> option : options) {
                Inputs.onlySupported(option, "VariantOptionValueInput", Set.of("name", "optionName", "optionId"));
            }
            String title = options.isEmpty() ? null
                    : String.join(" / ", options.stream().map(o -> Inputs.string(o, "name")).toList());
            Integer inventory = null;
            for (Map<String, Object> level : Inputs.objects(input, "inventoryQuantities")) {
                Object quantity = level.get("availableQuantity");
                inventory = (inventory == null ? 0 : inventory) + (quantity == null ? 0 : ((Number) quantity).intValue());
            }
            return new VariantInput(title, Inputs.string(item, "sku"), price == null ? null : Views.cents(price),
                    inventory);
        }
    }

    private static int indexOf(List<FakeVariant> variants, long id) {
        for (int i = 0; i < variants.size(); i++) {
            if (variants.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    private static List<FakeVariant> renumber(List<FakeVariant> variants) {
        List<FakeVariant> positioned = new ArrayList<>(variants.size());
        for (int i = 0; i < variants.size(); i++) {
            FakeVariant v = variants.get(i);
            positioned.add(new FakeVariant(v.id(), v.title(), v.sku(), v.price(), v.inventoryQuantity(), i + 1,
                    v.createdAt(), v.updatedAt()));
        }
        return positioned;
    }

    private static FakeProduct withVariants(FakeProduct p, List<FakeVariant> variants) {
        return new FakeProduct(p.id(), p.title(), p.handle(), p.vendor(), p.productType(), p.status(), p.tags(),
                variants, p.createdAt(), p.updatedAt());
    }

    // Webhook subscriptions

    private static Object webhookCreate(DataFetchingEnvironment env) {
        RequestContext ctx = RequestContext.of(env);
        String topic = env.getArgument("topic");
        Map<String, Object> input = env.getArgument("webhookSubscription");
        Inputs.onlySupported(input, "WebhookSubscriptionInput", Set.of("uri", "callbackUrl", "format"));
        String address = Inputs.string(input, "uri") != null ? Inputs.string(input, "uri")
                : Inputs.string(input, "callbackUrl");
        List<String> field = List.of("webhookSubscription", Inputs.string(input, "uri") != null ? "uri" : "callbackUrl");
        if (blank(address)) {
            return payload("webhookSubscription", null, "userErrors", List.of(userError(field, "Address can't be blank")));
        }
        if (address.startsWith("pubsub://") || address.startsWith("arn:")) {
            throw GraphqlFailure.notImplemented("Pub/Sub and EventBridge webhook subscriptions");
        }
        if (!address.matches("https?://[^\\s/]+.*")) {
            return payload("webhookSubscription", null, "userErrors", List.of(userError(field, "Address is invalid")));
        }
        String format = Inputs.string(input, "format") == null ? "JSON" : Inputs.string(input, "format");
        try {
            WebhookSubscription created = ctx.shop().subscriptions().add(topic, address, format);
            return payload("webhookSubscription", created, "userErrors", List.of());
        } catch (IllegalArgumentException taken) {
            return payload("webhookSubscription", null, "userErrors",
                    List.of(userError(field, "Address for this topic has already been taken")));
        }
    }

    private static Object webhookDelete(DataFetchingEnvironment env) {
        RequestContext ctx = RequestContext.of(env);
        long id = Gid.idOf(env.getArgument("id"), "WebhookSubscription");
        if (ctx.shop().subscriptions().remove(id).isEmpty()) {
            return payload("deletedWebhookSubscriptionId", null, "userErrors",
                    List.of(userError(List.of("id"), "Webhook subscription does not exist")));
        }
        return payload("deletedWebhookSubscriptionId", Gid.of("WebhookSubscription", id), "userErrors", List.of());
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String emptyToNull(String s) {
        return blank(s) ? null : s;
    }
}
