package dev.shopifyingest.jdbc.internal;

import dev.shopifyingest.core.model.Customer;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.model.Money;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Customers: {@code customers}. */
final class CustomerRows extends EntityRows<Customer> {

    /**
     * Fields a webhook omitted ({@code tags}, {@code number_of_orders}, {@code amount_spent}) keep
     * their stored values. Personal fields of a redacted customer stay erased whatever version arrives.
     */
    private static final String UPSERT = """
            insert into customers as t (shop_id, id, first_name, last_name, email, phone, state, tags,
                    number_of_orders, amount_spent, amount_spent_currency, created_at, updated_at, last_seen_at, raw)
            select ?, u.id, u.first_name, u.last_name, u.email, u.phone, u.state,
                   case when u.tags is not null then
                       array(select e from jsonb_array_elements_text(u.tags::jsonb) with ordinality as x(e, n) order by n)
                   end,
                   u.number_of_orders, u.amount_spent::numeric, u.amount_spent_currency,
                   u.created_at::timestamptz, u.updated_at::timestamptz, ?, u.raw::jsonb
            from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 as u(id, first_name, last_name, email, phone, state, tags, number_of_orders, amount_spent,
                      amount_spent_currency, created_at, updated_at, raw)
            on conflict (shop_id, id) do update set
                first_name = case when t.redacted_at is null then excluded.first_name end,
                last_name = case when t.redacted_at is null then excluded.last_name end,
                email = case when t.redacted_at is null then excluded.email end,
                phone = case when t.redacted_at is null then excluded.phone end,
                state = excluded.state,
                tags = case when t.redacted_at is null then coalesce(excluded.tags, t.tags) else '{}' end,
                number_of_orders = coalesce(excluded.number_of_orders, t.number_of_orders),
                amount_spent = case when excluded.amount_spent is null then t.amount_spent else excluded.amount_spent end,
                amount_spent_currency = case when excluded.amount_spent is null then t.amount_spent_currency
                                             else excluded.amount_spent_currency end,
                created_at = excluded.created_at,
                updated_at = excluded.updated_at,
                raw = case when t.redacted_at is null then excluded.raw end,
                deleted_at = null,
                last_seen_at = excluded.last_seen_at
            where case when t.deleted_at is null then excluded.updated_at >= coalesce(t.updated_at, '-infinity')
                       else excluded.updated_at > t.deleted_at end
            returning t.id, (t.xmax = 0) as inserted
            """;

    static final String COLUMNS = """
            t.id, t.first_name, t.last_name, t.email, t.phone, t.state, t.tags, t.number_of_orders, t.amount_spent,
            t.amount_spent_currency, t.created_at, t.updated_at, t.raw::text as raw""";

    CustomerRows() {
        super(EntityType.CUSTOMER, "customers", List.of(),
                "first_name = null, last_name = null, email = null, phone = null, tags = '{}', raw = null");
    }

    @Override
    String upsertSql() {
        return UPSERT;
    }

    @Override
    void bindUpsert(Params params, long shopId, List<Customer> rows, Instant now) throws SQLException {
        params.bigint(shopId).instant(now)
                .bigints(rows, Customer::id)
                .texts(rows, Customer::firstName)
                .texts(rows, Customer::lastName)
                .texts(rows, Customer::email)
                .texts(rows, Customer::phone)
                .texts(rows, Customer::state)
                .stringLists(rows, Customer::tags)
                .nullableBigints(rows, Customer::numberOfOrders)
                .decimals(rows, c -> c.amountSpent() == null ? null : c.amountSpent().amount())
                .texts(rows, c -> c.amountSpent() == null ? null : c.amountSpent().currencyCode())
                .instants(rows, Customer::createdAt)
                .instants(rows, Customer::updatedAt)
                .texts(rows, Customer::rawJson);
    }

    @Override
    void insertChildren(Connection connection, long shopId, List<Customer> parents) {
        // customers have no child rows
    }

    @Override
    List<Customer> select(Connection connection, long shopId, String condition, long argument, int limit)
            throws SQLException {
        String sql = "select " + COLUMNS + " from customers t where t.shop_id = ? and t.deleted_at is null and "
                + condition + " order by t.id limit ?";
        List<Customer> out = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, shopId);
            statement.setLong(2, argument);
            statement.setInt(3, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
        }
        return out;
    }

    static Customer map(ResultSet rs) throws SQLException {
        BigDecimal spent = rs.getBigDecimal("amount_spent");
        String currency = rs.getString("amount_spent_currency");
        return new Customer(rs.getLong("id"), rs.getString("first_name"), rs.getString("last_name"),
                rs.getString("email"), rs.getString("phone"), rs.getString("state"), Params.nullableStrings(rs, "tags"),
                Params.nullableLong(rs, "number_of_orders"),
                spent == null || currency == null ? null : new Money(spent, currency),
                Params.instant(rs, "created_at"), Params.instant(rs, "updated_at"), rawOrEmpty(rs));
    }

    static String rawOrEmpty(ResultSet rs) throws SQLException {
        String raw = rs.getString("raw");
        return raw == null ? "{}" : raw;
    }
}
