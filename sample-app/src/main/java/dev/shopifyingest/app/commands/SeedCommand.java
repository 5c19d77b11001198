package dev.shopifyingest.app.commands;

import dev.shopifyingest.app.commands.ShopConnection.ShopInfo;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.graphql.ShopifyUserErrorsException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code seed}: fills a store with realistic data through Admin GraphQL mutations: customers
 * ({@code customerCreate}), products with priced variants ({@code productCreate} with
 * {@code productOptions}, then {@code productVariantsBulkCreate}) and orders of those customers and
 * variants ({@code orderCreate}, backdated with {@code processedAt}), as {@link SeedPlan} computes
 * them from {@code --seed}. A customer whose email is already taken (a re-run with the same seed)
 * is reused rather than failing.
 */
final class SeedCommand {

    static final String USAGE = """
            Usage: seed [--orders N] [--customers N] [--products N] [--months N] [--seed N]
              --orders N     orders to create, 0 to 100000 (default 360)
              --customers N  customers to create, 1 to 50000 (default 120)
              --products N   products to create, 1 to 1000 (default 20)
              --months N     spread the orders evenly over the last N months, 1 to 60 (default 12)
              --seed N       the seed of the generated data; the same seed gives the same data (default 42)""";

    /** The scopes {@code seed} needs. */
    static final Set<String> SCOPES = Set.of("write_customers", "write_products", "write_orders");

    private static final GraphqlOperation CUSTOMER_CREATE = new GraphqlOperation("SeedCustomer", """
            mutation SeedCustomer($input: CustomerInput!) {
              customerCreate(input: $input) { customer { id } userErrors { field message } }
            }
            """);
    private static final GraphqlOperation CUSTOMER_BY_EMAIL = new GraphqlOperation("SeedCustomerByEmail", """
            query SeedCustomerByEmail($query: String!) {
              customers(first: 1, query: $query) { nodes { id } }
            }
            """);
    private static final GraphqlOperation PRODUCT_CREATE = new GraphqlOperation("SeedProduct", """
            mutation SeedProduct($product: ProductCreateInput!) {
              productCreate(product: $product) { product { id } userErrors { field message } }
            }
            """);
    private static final GraphqlOperation VARIANTS_CREATE = new GraphqlOperation("SeedVariants", """
            mutation SeedVariants($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
              productVariantsBulkCreate(productId: $productId, variants: $variants,
                  strategy: REMOVE_STANDALONE_VARIANT) {
                productVariants { id title }
                userErrors { field message code }
              }
            }
            """);
    private static final GraphqlOperation ORDER_CREATE = new GraphqlOperation("SeedOrder", """
            mutation SeedOrder($order: OrderCreateOrderInput!) {
              orderCreate(order: $order) { order { id } userErrors { field message code } }
            }
            """);

    private final ShopConnection connection;
    private final PrintStream out;
    private final Clock clock;

    SeedCommand(ShopConnection connection, PrintStream out, Clock clock) {
        this.connection = connection;
        this.out = out;
        this.clock = clock;
    }

    /** The options of {@code seed}, checked. */
    record Options(int orders, int customers, int products, int months, long seed) {

        /** Reads and checks the command line. */
        static Options parse(List<String> args) {
            CommandLine line = CommandLine.parse(args, Set.of("orders", "customers", "products", "months", "seed"),
                    Set.of(), USAGE);
            if (!line.positionals().isEmpty()) {
                throw line.error("Unexpected argument '" + line.positionals().getFirst() + "'.");
            }
            return new Options(line.integer("orders", 360, 0, 100_000), line.integer("customers", 120, 1, 50_000),
                    line.integer("products", 20, 1, 1_000), line.integer("months", 12, 1, 60),
                    line.longValue("seed", 42));
        }
    }

    /**
     * Checks the credentials and scopes, then creates everything, printing progress and a summary.
     *
     * @throws CommandFailure when the credentials or scopes are wrong (nothing created) or a
     *     mutation fails (the message says what was created before)
     */
    void run(Options options) {
        ShopInfo shop = connection.verify(SCOPES);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SeedPlan plan = SeedPlan.create(options.seed(), options.customers(), options.products(), options.orders(),
                now, options.months());
        out.println("Seeding " + shop.domain() + " (" + shop.name() + ", " + shop.currency() + "): "
                + Progress.count(options.customers(), "customers") + ", " + Progress.count(options.products(), "products")
                + ", " + Progress.count(options.orders(), "orders") + " over the last "
                + Progress.count(options.months(), "months") + ", seed " + options.seed() + ".");
        long started = System.nanoTime();
        Counts counts = new Counts();
        try {
            List<String> customerIds = createCustomers(plan, counts);
            List<Map<String, String>> variantIds = createProducts(plan, counts);
            createOrders(plan, shop.currency(), customerIds, variantIds, counts);
        } catch (CommandFailure e) {
            out.println("Stopped. Created so far: " + counts + ".");
            throw e;
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        String period = plan.orders().isEmpty() ? "" : " from " + plan.orders().getFirst().processedAt()
                .toString().substring(0, 10) + " to " + plan.orders().getLast().processedAt().toString().substring(0, 10);
        out.println("Done in " + seconds + " s: " + counts + period + ".");
    }

    /** What was created so far. */
    private static final class Counts {
        int customers;
        int reusedCustomers;
        int products;
        int variants;
        int orders;

        @Override
        public String toString() {
            return Progress.count(customers, "customers")
                    + (reusedCustomers > 0 ? " (" + reusedCustomers + " already existed)" : "") + ", "
                    + Progress.count(products, "products") + " with " + Progress.count(variants, "variants") + ", "
                    + Progress.count(orders, "orders");
        }
    }

    private List<String> createCustomers(SeedPlan plan, Counts counts) {
        Progress progress = new Progress(out, "customers", plan.customers().size());
        List<String> ids = new ArrayList<>();
        for (SeedPlan.Customer customer : plan.customers()) {
            Map<String, Object> address = new LinkedHashMap<>();
            address.put("address1", customer.address1());
            address.put("city", customer.place().city());
            address.put("countryCode", customer.place().countryCode());
            if (customer.place().provinceCode() != null) {
                address.put("provinceCode", customer.place().provinceCode());
            }
            address.put("zip", customer.place().zip());
            Map<String, Object> input = Map.of("firstName", customer.firstName(), "lastName", customer.lastName(),
                    "email", customer.email(), "tags", List.of(SeedPlan.TAG), "addresses", List.of(address));
            String id;
            try {
                id = String.valueOf(ShopConnection.object(created(CUSTOMER_CREATE, Map.of("input", input),
                        "customerCreate", "customer " + customer.email()), "customer").get("id"));
            } catch (EmailTaken e) {
                // A re-run with the same seed: the customer is already there, so its orders go to it.
                id = existingCustomer(customer.email());
                counts.reusedCustomers++;
            }
            counts.customers++;
            ids.add(id);
            progress.advance();
        }
        return ids;
    }

    private String existingCustomer(String email) {
        List<Map<String, Object>> nodes = ShopConnection.objects(ShopConnection.object(connection.execute(
                CUSTOMER_BY_EMAIL, Map.of("query", "email:\"" + email + "\"")).data(), "customers"), "nodes");
        if (nodes.isEmpty()) {
            throw CommandFailure.failed("Shopify says the email " + email + " is taken but finds no customer with it;"
                    + " try another --seed.", null);
        }
        return String.valueOf(nodes.getFirst().get("id"));
    }

    /** Creates the products and returns, per product, its variant ids by option value. */
    private List<Map<String, String>> createProducts(SeedPlan plan, Counts counts) {
        Progress progress = new Progress(out, "products", plan.products().size());
        List<Map<String, String>> variantIds = new ArrayList<>();
        for (SeedPlan.Product product : plan.products()) {
            List<Map<String, Object>> values = product.variants().stream()
                    .map(v -> Map.<String, Object>of("name", v.optionValue())).toList();
            Map<String, Object> input = Map.of("title", product.title(), "vendor", product.vendor(),
                    "productType", product.productType(), "status", "ACTIVE", "tags", List.of(SeedPlan.TAG),
                    "productOptions", List.of(Map.of("name", product.optionName(), "values", values)));
            Map<String, Object> created = created(PRODUCT_CREATE, Map.of("product", input), "productCreate",
                    "product " + product.title());
            String productId = String.valueOf(ShopConnection.object(created, "product").get("id"));
            counts.products++;
            List<Map<String, Object>> variants = new ArrayList<>();
            for (SeedPlan.Variant variant : product.variants()) {
                variants.add(Map.of("price", variant.price().toPlainString(),
                        "optionValues", List.of(Map.of("optionName", product.optionName(), "name", variant.optionValue())),
                        "inventoryItem", Map.of("sku", variant.sku())));
            }
            Map<String, Object> bulk = created(VARIANTS_CREATE, Map.of("productId", productId, "variants", variants),
                    "productVariantsBulkCreate", "the variants of " + product.title());
            Map<String, String> byValue = new HashMap<>();
            for (Map<String, Object> variant : ShopConnection.objects(bulk, "productVariants")) {
                byValue.put(String.valueOf(variant.get("title")), String.valueOf(variant.get("id")));
            }
            counts.variants += byValue.size();
            variantIds.add(byValue);
            progress.advance();
        }
        return variantIds;
    }

    private void createOrders(SeedPlan plan, String currency, List<String> customerIds,
                              List<Map<String, String>> variantIds, Counts counts) {
        Progress progress = new Progress(out, "orders", plan.orders().size());
        for (SeedPlan.Order order : plan.orders()) {
            List<Map<String, Object>> lines = new ArrayList<>();
            for (SeedPlan.Line line : order.lines()) {
                SeedPlan.Variant variant = plan.products().get(line.product()).variants().get(line.variant());
                String variantId = variantIds.get(line.product()).get(variant.optionValue());
                if (variantId == null) {
                    throw CommandFailure.failed("Shopify did not return the variant " + variant.optionValue() + " of "
                            + plan.products().get(line.product()).title() + "; no order can use it.", null);
                }
                lines.add(Map.of("variantId", variantId, "quantity", line.quantity()));
            }
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("lineItems", lines);
            input.put("customer", Map.of("toAssociate", Map.of("id", customerIds.get(order.customer()))));
            input.put("processedAt", order.processedAt().toString());
            input.put("financialStatus", "PAID");
            if (order.shipping().signum() > 0) {
                input.put("shippingLines", List.of(Map.of("title", "Standard", "code", "STANDARD",
                        "priceSet", money(order.shipping(), currency))));
            }
            if (order.archived()) {
                input.put("fulfillmentStatus", "FULFILLED");
                input.put("closedAt", order.processedAt().plus(Duration.ofDays(5)).toString());
            }
            created(ORDER_CREATE, Map.of("order", input), "orderCreate", "order " + (progress.done() + 1) + " of "
                    + plan.orders().size());
            counts.orders++;
            progress.advance();
        }
    }

    private static Map<String, Object> money(BigDecimal amount, String currency) {
        return Map.of("shopMoney", Map.of("amount", amount.toPlainString(), "currencyCode", currency));
    }

    /** A customer with this email exists already. */
    private static final class EmailTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EmailTaken() {
            super(null, null, false, false);
        }
    }

    /**
     * Runs a create mutation and returns its payload.
     *
     * @throws EmailTaken when Shopify's only complaint is a taken email
     * @throws CommandFailure naming {@code what} with Shopify's user errors for any other rejection
     */
    private Map<String, Object> created(GraphqlOperation operation, Map<String, ?> variables, String mutation,
                                        String what) {
        try {
            return connection.execute(operation, variables).mutationPayload(mutation);
        } catch (ShopifyUserErrorsException e) {
            if (e.userErrors().stream().allMatch(u -> u.field().contains("email")
                    && u.message().toLowerCase(Locale.ROOT).contains("taken"))) {
                throw new EmailTaken();
            }
            throw CommandFailure.failed("Shopify refused to create " + what + ": " + e.getMessage(), e);
        }
    }
}
