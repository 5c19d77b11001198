package dev.shopifyingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationTest {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    private static final List<String> TENANT_TABLES = List.of("customers", "order_line_items", "orders",
            "product_variants", "products", "refunds", "shops", "sync_checkpoints", "webhook_inbox");

    @Test
    void migratesAnEmptyDatabaseAndRerunningChangesNothing() {
        PostgresStore store = PostgresStore.builder().dataSource(db.dataSource()).schema("ingest_mt").build();

        assertThat(store.migrate()).isGreaterThanOrEqualTo(1);
        assertThat(store.migrate()).isZero();

        Jdbi jdbi = Jdbi.create(db.dataSource());
        List<String> forced = jdbi.withHandle(h -> h.createQuery("""
                        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = 'ingest_mt' and c.relkind = 'r'
                          and c.relrowsecurity and c.relforcerowsecurity
                        order by c.relname""").mapTo(String.class).list());
        assertThat(forced).containsExactlyElementsOf(TENANT_TABLES);
        boolean roleIsSafe = jdbi.withHandle(h -> h.createQuery("""
                        select not rolsuper and not rolbypassrls from pg_roles where rolname = 'shopify_ingest_app'""")
                .mapTo(Boolean.class).one());
        assertThat(roleIsSafe).isTrue();
    }
}
