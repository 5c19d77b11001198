package dev.shopifyingest.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.LineItem;
import dev.shopifyingest.core.model.Money;
import dev.shopifyingest.core.model.Order;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.model.ProductVariant;
import dev.shopifyingest.core.model.Refund;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** What the store's tests share: the migrated database, pools, stores and entity factories. */
final class TestStores {

    /** A password-authenticated login role that is a member of the application role, as production pools use. */
    static final String LOGIN_ROLE = "shopify_ingest_test_login";
    static final String LOGIN_PASSWORD = "test-login-password";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestStores() {
    }

    /** A database per test class, copied from a template migrated once per JVM. */
    static PostgresDatabase migratedDatabase() {
        return PostgresDatabase.migratedWith("shopify-ingest-jdbc",
                dataSource -> PostgresStore.builder().dataSource(dataSource).build().migrate());
    }

    /** A pool that logs in as the superuser, as the owner that migrated. */
    static HikariDataSource superuserPool(PostgresDatabase db) {
        return pool(db.jdbcUrl(), db.user(), db.password(), 4);
    }

    /** A pool that logs in as an ordinary role granted the application role. */
    static HikariDataSource loginPool(PostgresDatabase db) {
        db.server().execute("""
                do $$ begin
                    create role %s login password '%s' nosuperuser nobypassrls;
                exception when duplicate_object then null;
                end $$""".formatted(LOGIN_ROLE, LOGIN_PASSWORD));
        db.server().execute("grant " + PostgresStore.DEFAULT_APPLICATION_ROLE + " to " + LOGIN_ROLE);
        return pool(db.jdbcUrl(), LOGIN_ROLE, LOGIN_PASSWORD, 4);
    }

    static HikariDataSource pool(String url, String user, String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    static TokenCipher cipher(String keyId, int seed) {
        return TokenCipher.builder().currentKey(keyId, key(seed)).build();
    }

    static byte[] key(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return key;
    }

    static PostgresStore store(javax.sql.DataSource dataSource, Clock clock) {
        return PostgresStore.builder()
                .dataSource(dataSource)
                .tokenCipher(cipher("k1", 1))
                .clock(clock)
                .build();
    }

    static ShopDomain domain(String handle) {
        return new ShopDomain(handle + ".myshopify.com");
    }

    static AccessToken token(String handle) {
        return new AccessToken(domain(handle), "shpat_secret_" + handle, Set.of("read_orders", "read_customers"),
                null, null, null);
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static Customer customer(long id, Instant updatedAt, String firstName) {
        return new Customer(id, firstName, "Doe", firstName.toLowerCase() + id + "@example.com", "+4930" + id,
                "ENABLED", List.of("vip", "t" + id), 3L, Money.of("120.50", "EUR"), T0, updatedAt,
                "{\"id\": " + id + ", \"first_name\": \"" + firstName + "\"}");
    }

    static Product product(long id, Instant updatedAt, String title, int variants) {
        List<ProductVariant> list = new java.util.ArrayList<>();
        for (int i = 1; i <= variants; i++) {
            list.add(new ProductVariant(id * 100 + i, title + " " + i, "SKU-" + id + "-" + i,
                    new BigDecimal("9.90"), i == 1 ? null : 5 * i, i, T0, updatedAt));
        }
        return new Product(id, title, "p-" + id, "Acme", "Widget", "ACTIVE", List.of("new"), list, T0, updatedAt,
                "{\"id\": " + id + ", \"title\": \"" + title + "\"}");
    }

    static Order order(long id, Long customerId, Instant updatedAt, String version, int lines) {
        List<LineItem> items = new java.util.ArrayList<>();
        for (int i = 1; i <= lines; i++) {
            items.add(new LineItem(id * 1000 + i, 7L, 701L, "Widget " + version, "Large", "SKU-" + i, i, i,
                    new BigDecimal("10.00"), new BigDecimal(10 * i + ".00"), new BigDecimal("0.00")));
        }
        List<Refund> refunds = lines > 1
                ? List.of(new Refund(id * 10 + 1, updatedAt, new BigDecimal("5.00"), "note " + version))
                : List.of();
        return new Order(id, "#" + id, customerId, "buyer" + id + "@example.com", T0, T0.plusSeconds(60), updatedAt,
                null, null, false, "PAID", "UNFULFILLED", "EUR", new BigDecimal("100.00"), new BigDecimal("0.00"),
                new BigDecimal("4.90"), new BigDecimal("19.00"), new BigDecimal("123.90"), new BigDecimal("118.90"),
                refunds.isEmpty() ? BigDecimal.ZERO : new BigDecimal("5.00"), null, items, refunds,
                "{\"id\": " + id + ", \"version\": \"" + version + "\"}");
    }
}
