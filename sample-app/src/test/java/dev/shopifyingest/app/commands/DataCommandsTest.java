package dev.shopifyingest.app.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.ServedRequest;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeLineItem;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeVariant;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seed} and {@code purge} as the jar runs them, against a FakeShopify over real HTTP that
 * starts with an empty store.
 */
class DataCommandsTest {

    @TempDir
    Path workingDirectory;

    private FakeShopify fake;

    /** What one command run printed and returned. */
    private record Run(int status, String out, String err) {
    }

    @BeforeEach
    void start() {
        fake = FakeShopify.builder()
                .store(StoreFixture.builder().orders(0).customers(0).products(0).seed(1).build())
                .throttle(ThrottleSettings.PLUS)
                .start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void seedThenPurgeFillsTheStoreRealisticallyAndEmptiesItAgain() {
        Instant before = Instant.now();
        Run seeded = run(tokenEnvironment(), "", "seed", "--orders", "48", "--customers", "10", "--products", "4",
                "--months", "12", "--seed", "7");

        assertThat(seeded.status()).as(seeded.err()).isZero();
        assertThat(seeded.out()).contains("Seeding demo-store.myshopify.com", "customers 10/10", "products 4/4",
                "orders 48/48", "Done in ");
        List<FakeCustomer> customers = fake.store().customers().all().toList();
        List<FakeProduct> products = fake.store().products().all().toList();
        List<FakeOrder> orders = fake.store().orders().all().toList();
        assertThat(customers).hasSize(10).allSatisfy(c -> {
            assertThat(c.firstName()).isNotBlank();
            assertThat(c.email()).matches("[a-z.]+\\d*@example\\.(com|org|net)");
            assertThat(c.address().city()).isNotBlank();
            assertThat(c.tags()).contains("shopify-ingest-seed");
        });
        assertThat(products).hasSize(4).allSatisfy(p -> {
            assertThat(p.variants()).hasSizeBetween(2, 4)
                    .allSatisfy(v -> assertThat(v.price()).isPositive())
                    .noneMatch(v -> v.title().equals("Default Title"));
            assertThat(p.variants()).extracting(FakeVariant::sku).doesNotContainNull();
        });
        // Every order belongs to a seeded customer and sells seeded variants.
        Set<Long> customerIds = customers.stream().map(FakeCustomer::id).collect(Collectors.toSet());
        Set<Long> variantIds = products.stream().flatMap(p -> p.variants().stream()).map(FakeVariant::id)
                .collect(Collectors.toSet());
        assertThat(orders).hasSize(48).allSatisfy(o -> {
            assertThat(customerIds).contains(o.customerId());
            assertThat(o.lineItems()).isNotEmpty().extracting(FakeLineItem::variantId).allMatch(variantIds::contains);
            assertThat(o.financialStatus()).isEqualTo("PAID");
            assertThat(o.totalPrice()).isPositive();
        });
        // processedAt is spread evenly over the twelve months before the run: 48 orders, about 4 a month.
        Instant start = before.atZone(ZoneOffset.UTC).minusMonths(12).toInstant().minusSeconds(1);
        int[] perMonth = new int[12];
        for (FakeOrder order : orders) {
            assertThat(order.processedAt()).isAfter(start).isBefore(Instant.now());
            int month = 0;
            while (month < 11 && !order.processedAt().isBefore(start.atZone(ZoneOffset.UTC).plusMonths(month + 1)
                    .toInstant())) {
                month++;
            }
            perMonth[month]++;
        }
        assertThat(Arrays.stream(perMonth).boxed().toList()).as(Arrays.toString(perMonth)).allMatch(n -> n >= 3 && n <= 5);
        assertThat(orders.stream().filter(o -> o.closedAt() != null).count()).isBetween(40L, 46L);

        // Shopify keeps customers who have orders: purging them first deletes none and says why.
        Run customersFirst = run(tokenEnvironment(), "", "purge", "customers", "--yes");
        assertThat(customersFirst.status()).isZero();
        long withOrders = orders.stream().map(FakeOrder::customerId).distinct().count();
        assertThat(customersFirst.out()).contains("Deleted " + Progress.count(10 - withOrders, "customers") + " ("
                + withOrders
                + " kept: " + withOrders + " × Customer can’t be deleted because they have associated orders;");
        assertThat(fake.store().customers().size()).isEqualTo((int) withOrders);

        Run purged = run(tokenEnvironment(), "", "purge", "orders", "products", "customers", "--yes");
        assertThat(purged.status()).as(purged.err()).isZero();
        assertThat(purged.out()).contains("Found on demo-store.myshopify.com: 48 orders, 4 products, " + withOrders
                + " customers.",
                "orders 48/48", "Deleted 48 orders; 4 products; " + withOrders + " customers.");
        assertThat(fake.store().orders().size()).isZero();
        assertThat(fake.store().products().size()).isZero();
        assertThat(fake.store().customers().size()).isZero();

        Run again = run(tokenEnvironment(), "", "purge", "customers", "orders", "products");
        assertThat(again.status()).isZero();
        assertThat(again.out()).contains("Found on demo-store.myshopify.com: 0 orders, 0 products, 0 customers.",
                "Nothing to delete.");
    }

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        assertThat(SeedPlan.create(7, 30, 8, 100, now, 12)).isEqualTo(SeedPlan.create(7, 30, 8, 100, now, 12));
        assertThat(SeedPlan.create(8, 30, 8, 100, now, 12).customers())
                .isNotEqualTo(SeedPlan.create(7, 30, 8, 100, now, 12).customers());
    }

    @Test
    void aSecondSeedWithTheSameSeedReusesTheCustomersInsteadOfFailing() {
        assertThat(run(tokenEnvironment(), "", "seed", "--orders", "3", "--customers", "3", "--products", "1")
                .status()).isZero();
        Run second = run(tokenEnvironment(), "", "seed", "--orders", "3", "--customers", "3", "--products", "1");

        assertThat(second.status()).as(second.err()).isZero();
        assertThat(second.out()).contains("3 customers (3 already existed)");
        assertThat(fake.store().customers().size()).isEqualTo(3);
        assertThat(fake.store().orders().size()).isEqualTo(6);
    }

    @Test
    void aWrongAccessTokenIsNamedAndNothingElseIsAttempted() {
        Map<String, String> environment = tokenEnvironment();
        environment.put("SHOPIFY_ACCESS_TOKEN", "shpat_wrong0000000000000000000000");

        Run run = run(environment, "", "seed", "--orders", "5");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("Shopify refused the credentials in SHOPIFY_ACCESS_TOKEN for"
                + " demo-store.myshopify.com (HTTP 401)", "Nothing was changed").doesNotContain("shpat_wrong");
        assertThat(graphqlRequests()).hasSize(1);
        assertThat(fake.store().customers().size()).isZero();
    }

    @Test
    void missingScopesAreNamedBeforeAnythingIsChanged() {
        Map<String, String> environment = tokenEnvironment();
        environment.put("SHOPIFY_ACCESS_TOKEN", fake.issueToken(Set.of("write_customers", "read_products")));

        Run run = run(environment, "", "seed", "--orders", "5");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("lack the access scopes write_orders, write_products on demo-store.myshopify.com",
                "Nothing was changed");
        assertThat(graphqlRequests()).hasSize(1);
        assertThat(fake.store().customers().size()).isZero();
    }

    @Test
    void badCommandLinesAndConfigurationAreUsageErrorsThatReachNoStore() {
        assertUsageError(run(tokenEnvironment(), "", "seed", "--orders"), "--orders needs a value.", "Usage: seed");
        assertUsageError(run(tokenEnvironment(), "", "seed", "--orders", "--months", "3"), "--orders needs a value.");
        assertUsageError(run(tokenEnvironment(), "", "seed", "--orders", "many"),
                "--orders must be a whole number from 0 to 100000, got 'many'.");
        assertUsageError(run(tokenEnvironment(), "", "seed", "--months", "0"),
                "--months must be a whole number from 1 to 60, got '0'.");
        assertUsageError(run(tokenEnvironment(), "", "seed", "--seed", "x"), "--seed must be a whole number");
        assertUsageError(run(tokenEnvironment(), "", "seed", "--colour", "red"), "Unknown option '--colour'.",
                "Usage: seed");
        assertUsageError(run(tokenEnvironment(), "", "seed", "--orders", "3", "--orders", "4"),
                "--orders is given twice.");
        assertUsageError(run(tokenEnvironment(), "", "purge"), "Say what to purge", "Usage: purge");
        assertUsageError(run(tokenEnvironment(), "", "purge", "invoices"), "Unknown kind 'invoices'");
        assertUsageError(run(tokenEnvironment(), "", "purge", "orders", "--yes=no"), "--yes takes no value.");
        assertUsageError(run(Map.of(), "", "seed"), "Missing: SHOPIFY_SHOP", "Missing: SHOPIFY_ACCESS_TOKEN");
        Map<String, String> both = tokenEnvironment();
        both.put("SHOPIFY_CLIENT_ID", fake.clientId());
        assertUsageError(run(both, "", "seed"), "Set either SHOPIFY_ACCESS_TOKEN or SHOPIFY_CLIENT_ID and"
                + " SHOPIFY_CLIENT_SECRET, not both.");
        Map<String, String> badUrl = tokenEnvironment();
        badUrl.put("SHOPIFY_ADMIN_URL", "ftp://127.0.0.1/");
        badUrl.put("SHOPIFY_SHOP", "not a shop!");
        assertUsageError(run(badUrl, "", "seed"), "SHOPIFY_SHOP is not a shop", "SHOPIFY_ADMIN_URL must be");

        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void theAdminApiVersionIsShopifyApiVersionAsForTheServer() {
        Map<String, String> environment = tokenEnvironment();
        environment.put("SHOPIFY_API_VERSION", " 2027-01 ");

        Run seeded = run(environment, "", "seed", "--orders", "1", "--customers", "1", "--products", "1");
        List<ServedRequest> seedRequests = graphqlRequests();
        Run purged = run(tokenEnvironment(), "", "purge", "orders", "--yes");
        List<ServedRequest> purgeRequests = graphqlRequests().subList(seedRequests.size(), graphqlRequests().size());

        assertThat(seeded.status()).as(seeded.err()).isZero();
        assertThat(seedRequests).isNotEmpty()
                .extracting(ServedRequest::path).containsOnly("/admin/api/2027-01/graphql.json");
        assertThat(purged.status()).as(purged.err()).isZero();
        assertThat(purgeRequests).as("unset means the default").isNotEmpty()
                .extracting(ServedRequest::path).containsOnly("/admin/api/2026-10/graphql.json");
    }

    @Test
    void anInvalidApiVersionIsAUsageErrorNamingTheVariableBeforeAnyRequest() {
        Map<String, String> environment = tokenEnvironment();
        environment.put("SHOPIFY_API_VERSION", "2026-11");

        Run seed = run(environment, "", "seed", "--orders", "1");
        Run purge = run(environment, "", "purge", "orders", "--yes");

        assertUsageError(seed, "SHOPIFY_API_VERSION must be a Shopify API version such as 2026-10");
        assertUsageError(purge, "SHOPIFY_API_VERSION must be a Shopify API version such as 2026-10");
        assertThat(fake.requests()).isEmpty();
        assertThat(fake.store().orders().size()).isZero();
    }

    @Test
    void purgeDeletesNothingUnlessConfirmed() {
        assertThat(run(tokenEnvironment(), "", "seed", "--orders", "4", "--customers", "2", "--products", "1")
                .status()).isZero();

        Run declined = run(tokenEnvironment(), "n\n", "purge", "orders", "products");
        assertThat(declined.status()).isEqualTo(1);
        assertThat(declined.out()).contains("Delete 4 orders, 1 product from demo-store.myshopify.com? [y/N]",
                "Nothing was deleted.");
        Run noAnswer = run(tokenEnvironment(), "", "purge", "orders");
        assertThat(noAnswer.status()).isEqualTo(2);
        assertThat(noAnswer.err()).contains("No answer could be read from standard input", "--yes");
        Run justEnter = run(tokenEnvironment(), "\n", "purge", "orders");
        assertThat(justEnter.status()).isEqualTo(1);
        assertThat(fake.store().orders().size()).isEqualTo(4);
        assertThat(fake.store().products().size()).isEqualTo(1);
        assertThat(graphqlRequests()).noneMatch(r -> r.body().contains("orderDelete") || r.body().contains("productDelete"));

        Run confirmed = run(tokenEnvironment(), "y\n", "purge", "orders");
        assertThat(confirmed.status()).isZero();
        assertThat(confirmed.out()).contains("Deleted 4 orders.");
        assertThat(fake.store().orders().size()).isZero();
    }

    @Test
    void clientCredentialsReplaceTheAccessToken() {
        Map<String, String> environment = clientCredentialsEnvironment(fake.clientSecret());

        Run run = run(environment, "", "seed", "--orders", "2", "--customers", "1", "--products", "1");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(fake.store().orders().size()).isEqualTo(2);
        assertThat(fake.requests()).filteredOn(r -> r.path().equals("/admin/oauth/access_token")).hasSize(1);

        Run wrong = run(clientCredentialsEnvironment("wrong-secret-5a1c"), "", "purge", "orders", "--yes");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("Shopify refused the client id and secret for demo-store.myshopify.com",
                "SHOPIFY_CLIENT_ID and SHOPIFY_CLIENT_SECRET").doesNotContain("wrong-secret-5a1c");
        assertThat(fake.store().orders().size()).isEqualTo(2);
    }

    private Map<String, String> tokenEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SHOPIFY_SHOP", fake.shopDomain());
        environment.put("SHOPIFY_ACCESS_TOKEN", fake.adminToken());
        environment.put("SHOPIFY_ADMIN_URL", fake.baseUrl());
        return environment;
    }

    private Map<String, String> clientCredentialsEnvironment(String secret) {
        Map<String, String> environment = new HashMap<>();
        environment.put("SHOPIFY_SHOP", "demo-store");
        environment.put("SHOPIFY_CLIENT_ID", fake.clientId());
        environment.put("SHOPIFY_CLIENT_SECRET", secret);
        environment.put("SHOPIFY_ADMIN_URL", fake.baseUrl());
        return environment;
    }

    private List<ServedRequest> graphqlRequests() {
        return new ArrayList<>(fake.requests().stream().filter(ServedRequest::isGraphql).toList());
    }

    private Run run(Map<String, String> environment, String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DataCommands.run(List.of(args), environment, workingDirectory,
                new BufferedReader(new StringReader(input)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertUsageError(Run run, String... fragments) {
        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(fragments);
    }
}
