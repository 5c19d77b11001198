package dev.shopifyingest.jdbc.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.TokenCipher;
import java.time.Clock;

/**
 * The jdbc guide's "Build the store and migrate", as code that compiles and runs (see
 * {@code ExamplesTest}). Regions between {@code tag::} and {@code end::} comments are quoted in
 * {@code docs/library-guide-jdbc.md}.
 */
final class StoreSetupExample {

    /** The pool the store uses, for the caller to close, and the migrated store. */
    record PooledStore(HikariDataSource pool, PostgresStore store) {
    }

    private StoreSetupExample() {
    }

    /** Builds the store once per application and migrates it. */
    static PooledStore buildAndMigrate(HikariConfig hikariConfig, byte[] key2026, byte[] key2025) {
        // tag::build[]
        HikariDataSource pool = new HikariDataSource(hikariConfig);     // any DataSource

        PostgresStore store = PostgresStore.builder()
                .dataSource(pool)
                .schema("shopify_ingest")                 // default; the store's tables live only here
                .applicationRole("shopify_ingest_app")    // default; the role every transaction runs as
                .tokenCipher(TokenCipher.builder()
                        .currentKey("2026-01", key2026)       // 32 bytes from your secret store
                        .olderKey("2025-06", key2025)         // still decrypts tokens stored earlier
                        .build())
                .clock(Clock.systemUTC())                 // default
                .build();

        store.migrate();   // creates schema, tables, policies and (if allowed) the role; idempotent
        // end::build[]
        return new PooledStore(pool, store);
    }
}
