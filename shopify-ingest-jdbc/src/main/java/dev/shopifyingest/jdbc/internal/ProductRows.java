package dev.shopifyingest.jdbc.internal;

import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.Product;
import dev.shopifyingest.core.model.ProductVariant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Products: {@code products} with {@code product_variants}. */
final class ProductRows extends EntityRows<Product> {

    private static final String UPSERT = """
            insert into products as t (shop_id, id, title, handle, vendor, product_type, status, tags, created_at,
                    updated_at, last_seen_at, raw)
            select ?, u.id, u.title, u.handle, u.vendor, u.product_type, u.status,
                   array(select e from jsonb_array_elements_text(u.tags::jsonb) with ordinality as x(e, n) order by n),
                   u.created_at::timestamptz, u.updated_at::timestamptz, ?, u.raw::jsonb
            from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[])
                 as u(id, title, handle, vendor, product_type, status, tags, created_at, updated_at, raw)
            on conflict (shop_id, id) do update set
                title = excluded.title, handle = excluded.handle, vendor = excluded.vendor,
                product_type = excluded.product_type, status = excluded.status, tags = excluded.tags,
                created_at = excluded.created_at, updated_at = excluded.updated_at, raw = excluded.raw,
                deleted_at = null, last_seen_at = excluded.last_seen_at
            where case when t.deleted_at is null then excluded.updated_at >= coalesce(t.updated_at, '-infinity')
                       else excluded.updated_at > t.deleted_at end
            returning t.id, (t.xmax = 0) as inserted
            """;

    private static final String INSERT_VARIANTS = """
            insert into product_variants (shop_id, product_id, id, list_index, title, sku, price, inventory_quantity,
                    position, created_at, updated_at)
            select ?, u.product_id, u.id, u.list_index, u.title, u.sku, u.price::numeric, u.inventory_quantity,
                   u.position, u.created_at::timestamptz, u.updated_at::timestamptz
            from unnest(?::bigint[], ?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[],
                        ?::text[], ?::text[])
                 as u(product_id, id, list_index, title, sku, price, inventory_quantity, position, created_at,
                      updated_at)
            on conflict (shop_id, product_id, id) do nothing
            """;

    private static final String SELECT_VARIANTS = """
            select v.product_id, v.id, v.title, v.sku, v.price, v.inventory_quantity, v.position, v.created_at,
                   v.updated_at
            from product_variants v
            where v.shop_id = ? and v.product_id = any(?::bigint[])
            order by v.product_id, v.list_index""";

    static final String COLUMNS = """
            t.id, t.title, t.handle, t.vendor, t.product_type, t.status, t.tags, t.created_at, t.updated_at,
            t.raw::text as raw""";

    private record VariantRow(long productId, int index, ProductVariant variant) {
    }

    ProductRows() {
        super(EntityType.PRODUCT, "products", List.of("product_variants"), "raw = null");
    }

    @Override
    String parentColumn() {
        return "product_id";
    }

    @Override
    String upsertSql() {
        return UPSERT;
    }

    @Override
    void bindUpsert(Params params, long shopId, List<Product> rows, Instant now) throws SQLException {
        params.bigint(shopId).instant(now)
                .bigints(rows, Product::id)
                .texts(rows, Product::title)
                .texts(rows, Product::handle)
                .texts(rows, Product::vendor)
                .texts(rows, Product::productType)
                .texts(rows, Product::status)
                .stringLists(rows, Product::tags)
                .instants(rows, Product::createdAt)
                .instants(rows, Product::updatedAt)
                .texts(rows, Product::rawJson);
    }

    @Override
    void insertChildren(Connection connection, long shopId, List<Product> parents) throws SQLException {
        List<VariantRow> rows = new ArrayList<>();
        for (Product product : parents) {
            for (int i = 0; i < product.variants().size(); i++) {
                rows.add(new VariantRow(product.id(), i, product.variants().get(i)));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_VARIANTS)) {
            new Params(connection, statement).bigint(shopId)
                    .bigints(rows, VariantRow::productId)
                    .bigints(rows, r -> r.variant().id())
                    .ints(rows, VariantRow::index)
                    .texts(rows, r -> r.variant().title())
                    .texts(rows, r -> r.variant().sku())
                    .decimals(rows, r -> r.variant().price())
                    .ints(rows, r -> r.variant().inventoryQuantity())
                    .ints(rows, r -> r.variant().position())
                    .instants(rows, r -> r.variant().createdAt())
                    .instants(rows, r -> r.variant().updatedAt());
            statement.executeUpdate();
        }
    }

    @Override
    List<Product> select(Connection connection, long shopId, String condition, long argument, int limit)
            throws SQLException {
        String sql = "select " + COLUMNS + " from products t where t.shop_id = ? and t.deleted_at is null and "
                + condition + " order by t.id limit ?";
        List<ResultRow> parents = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, shopId);
            statement.setLong(2, argument);
            statement.setInt(3, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    parents.add(new ResultRow(rs.getLong("id"), rs.getString("title"), rs.getString("handle"),
                            rs.getString("vendor"), rs.getString("product_type"), rs.getString("status"),
                            Params.strings(rs, "tags"), Params.instant(rs, "created_at"),
                            Params.instant(rs, "updated_at"), CustomerRows.rawOrEmpty(rs)));
                }
            }
        }
        if (parents.isEmpty()) {
            return List.of();
        }
        Map<Long, List<ProductVariant>> variants = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(SELECT_VARIANTS)) {
            new Params(connection, statement).bigint(shopId).bigints(parents, ResultRow::id);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    variants.computeIfAbsent(rs.getLong("product_id"), k -> new ArrayList<>())
                            .add(new ProductVariant(rs.getLong("id"), rs.getString("title"), rs.getString("sku"),
                                    rs.getBigDecimal("price"), Params.nullableInt(rs, "inventory_quantity"),
                                    rs.getInt("position"), Params.instant(rs, "created_at"),
                                    Params.instant(rs, "updated_at")));
                }
            }
        }
        List<Product> out = new ArrayList<>(parents.size());
        for (ResultRow p : parents) {
            out.add(new Product(p.id(), p.title(), p.handle(), p.vendor(), p.productType(), p.status(), p.tags(),
                    variants.getOrDefault(p.id(), List.of()), p.createdAt(), p.updatedAt(), p.raw()));
        }
        return out;
    }

    private record ResultRow(long id, String title, String handle, String vendor, String productType, String status,
                             List<String> tags, Instant createdAt, Instant updatedAt, String raw) {
    }
}
