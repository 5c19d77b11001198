package dev.shopifyingest.jdbc;

import static dev.shopifyingest.jdbc.TestStores.at;
import static dev.shopifyingest.jdbc.TestStores.customer;
import static dev.shopifyingest.jdbc.TestStores.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationTest {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    private static final List<String> TENANT_TABLES = List.of("customer_data_requests", "customers", "order_line_items", "orders",
            "product_variants", "products", "refunds", "shops", "sync_checkpoints", "webhook_inbox");

    private static List<String> forcedRlsTables(String schema) {
        return Jdbi.create(db.dataSource()).withHandle(h -> h.createQuery("""
                        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = :schema and c.relkind = 'r' and c.relrowsecurity and c.relforcerowsecurity
                        order by c.relname""").bind("schema", schema).mapTo(String.class).list());
    }

    @Test
    void migratesAnEmptyDatabaseAndRerunningChangesNothing() {
        PostgresStore store = PostgresStore.builder().dataSource(db.dataSource()).schema("ingest_mt").build();

        assertThat(store.migrate()).isGreaterThanOrEqualTo(1);
        assertThat(store.migrate()).isZero();

        assertThat(forcedRlsTables("ingest_mt")).containsExactlyElementsOf(TENANT_TABLES);
        boolean roleIsSafe = Jdbi.create(db.dataSource()).withHandle(h -> h.createQuery("""
                        select not rolsuper and not rolbypassrls from pg_roles where rolname = 'shopify_ingest_app'""")
                .mapTo(Boolean.class).one());
        assertThat(roleIsSafe).isTrue();
    }

    @Test
    void version5TurnsTheSampleAppsPrefixedFailuresIntoStatuses() {
        String schema = "ingest_v5";
        org.flywaydb.core.Flyway.configure(PostgresStore.class.getClassLoader())
                .dataSource(db.dataSource()).schemas(schema).defaultSchema(schema).createSchemas(true)
                .table(dev.shopifyingest.jdbc.internal.Migrations.HISTORY_TABLE)
                .locations(dev.shopifyingest.jdbc.internal.Migrations.LOCATION)
                .placeholders(java.util.Map.of("schema", schema, "applicationRole", "shopify_ingest_app"))
                .target("4").load().migrate();
        Jdbi.create(db.dataSource()).useTransaction(h -> {
            h.execute("set local shopify_ingest.scope = 'registry'");
            for (String[] row : new String[][] {
                    {"a.myshopify.com", "FAILED", "[reconnect_needed] Connect the shop again."},
                    {"b.myshopify.com", "FAILED", "[unavailable] The shop is frozen."},
                    {"c.myshopify.com", "FAILED", "The last sync failed: HTTP 503"},
                    {"d.myshopify.com", "IDLE", null}}) {
                h.createUpdate("insert into " + schema + ".shops (domain, sync_status, sync_status_detail, installed_at,"
                                + " created_at, updated_at) values (:domain, :status, :detail, now(), now(), now())")
                        .bind("domain", row[0]).bind("status", row[1]).bind("detail", row[2]).execute();
            }
        });

        PostgresStore.builder().dataSource(db.dataSource()).schema(schema).build().migrate();

        List<String> rows = Jdbi.create(db.dataSource()).inTransaction(h -> {
            h.execute("set local shopify_ingest.scope = 'registry'");
            return h.createQuery("select domain || ' ' || sync_status || ' ' || coalesce(sync_status_detail, '-')"
                    + " from " + schema + ".shops order by domain").mapTo(String.class).list();
        });
        assertThat(rows).containsExactly(
                "a.myshopify.com RECONNECT_NEEDED Connect the shop again.",
                "b.myshopify.com UNAVAILABLE The shop is frozen.",
                "c.myshopify.com FAILED The last sync failed: HTTP 503",
                "d.myshopify.com IDLE -");
    }

    @Test
    void instancesStartingTogetherMigrateOnce() throws Exception {
        PostgresStore first = PostgresStore.builder().dataSource(db.dataSource()).schema("ingest_race").build();
        PostgresStore second = PostgresStore.builder().dataSource(db.dataSource()).schema("ingest_race").build();

        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(first::migrate);
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(second::migrate);

        int applied = a.get(60, TimeUnit.SECONDS);
        int appliedToo = b.get(60, TimeUnit.SECONDS);

        assertThat(Math.min(applied, appliedToo)).isZero();
        assertThat(Math.max(applied, appliedToo)).isPositive();
        assertThat(first.migrate()).isZero();
        assertThat(forcedRlsTables("ingest_race")).containsExactlyElementsOf(TENANT_TABLES);
    }

    @Test
    void aCustomSchemaAndRoleLeaveTheApplicationsOwnTablesAlone() {
        Jdbi jdbi = Jdbi.create(db.dataSource());
        jdbi.useHandle(h -> h.execute("create table public.orders (id bigint primary key, note text);"
                + " insert into public.orders values (1, 'the application''s own')"));
        PostgresStore store = PostgresStore.builder()
                .dataSource(db.dataSource())
                .schema("shop_data")
                .applicationRole("shop_data_app")
                .tokenCipher(TestStores.cipher("k1", 1))
                .clock(new TestClock(at(1)))
                .build();

        store.migrate();
        long shopId = store.shops().register(token("embedded")).shopId();
        store.sink().accept(new IngestBatch(TestStores.domain("embedded"), List.of(customer(1, at(1), "Ann")),
                List.of(), null));

        assertThat(store.forShop(shopId).customers().count()).isEqualTo(1);
        String actingRole = store.forShop(shopId).inTransaction(h -> h.createQuery("select current_user")
                .mapTo(String.class).one());
        String note = jdbi.withHandle(h -> h.createQuery("select note from public.orders").mapTo(String.class).one());
        assertThat(actingRole).isEqualTo("shop_data_app");
        assertThat(note).isEqualTo("the application's own");
        assertThat(forcedRlsTables("shop_data")).containsExactlyElementsOf(TENANT_TABLES);
    }

    @Test
    void refusesToMigrateForAnApplicationRoleThatWouldBypassRowLevelSecurity() {
        db.server().execute("do $$ begin create role rls_bypasser nologin bypassrls;"
                + " exception when duplicate_object then null; end $$");
        PostgresStore store = PostgresStore.builder().dataSource(db.dataSource()).schema("ingest_unsafe")
                .applicationRole("rls_bypasser").build();

        assertThatThrownBy(store::migrate)
                .isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("ingest_unsafe")
                .hasStackTraceContaining("bypasses row-level security");
    }
}
