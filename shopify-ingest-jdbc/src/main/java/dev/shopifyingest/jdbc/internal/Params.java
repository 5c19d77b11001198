package dev.shopifyingest.jdbc.internal;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Binds a statement's parameters in order, most of them as arrays that {@code unnest(...)} turns
 * back into rows: one statement and one round trip per batch and table, with a plan PostgreSQL
 * can cache, whatever the batch size. Instants and decimals travel as text and are cast in SQL,
 * which is exact.
 */
final class Params {

    private final Connection connection;
    private final PreparedStatement statement;
    private int index;

    Params(Connection connection, PreparedStatement statement) {
        this.connection = connection;
        this.statement = statement;
    }

    Params bigint(long value) throws SQLException {
        statement.setLong(++index, value);
        return this;
    }

    Params instant(Instant value) throws SQLException {
        statement.setObject(++index, value == null ? null : OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        return this;
    }

    Params text(String value) throws SQLException {
        statement.setString(++index, value);
        return this;
    }

    <T> Params bigints(List<T> rows, ToLongFunction<T> column) throws SQLException {
        Long[] values = new Long[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.applyAsLong(rows.get(i));
        }
        return array("int8", values);
    }

    <T> Params nullableBigints(List<T> rows, Function<T, Long> column) throws SQLException {
        Long[] values = new Long[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return array("int8", values);
    }

    Params bigints(long[] values) throws SQLException {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return array("int8", boxed);
    }

    <T> Params ints(List<T> rows, Function<T, Integer> column) throws SQLException {
        Integer[] values = new Integer[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return array("int4", values);
    }

    <T> Params booleans(List<T> rows, Function<T, Boolean> column) throws SQLException {
        Boolean[] values = new Boolean[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return array("bool", values);
    }

    <T> Params texts(List<T> rows, Function<T, String> column) throws SQLException {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return array("text", values);
    }

    <T> Params instants(List<T> rows, Function<T, Instant> column) throws SQLException {
        return texts(rows, row -> {
            Instant value = column.apply(row);
            return value == null ? null : value.toString();
        });
    }

    <T> Params decimals(List<T> rows, Function<T, BigDecimal> column) throws SQLException {
        return texts(rows, row -> {
            BigDecimal value = column.apply(row);
            return value == null ? null : value.toPlainString();
        });
    }

    /** Each row's list of strings as one JSON array text, for {@code jsonb_array_elements_text}. */
    <T> Params stringLists(List<T> rows, Function<T, List<String>> column) throws SQLException {
        return texts(rows, row -> {
            List<String> values = column.apply(row);
            return values == null ? null : JsonText.array(values);
        });
    }

    private Params array(String type, Object[] values) throws SQLException {
        Array array = connection.createArrayOf(type, values);
        statement.setArray(++index, array);
        return this;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** An array column that may be null ("not reported"), as null. */
    static List<String> nullableStrings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? null : List.of((String[]) array.getArray());
    }

    static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
