package dev.shopifyingest.insights;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads a shop's rollup tables as text rows (numbers compared by value), as superuser. */
final class RollupSnapshots {

    static final List<String> TABLES = List.of("insights_daily_sales", "insights_product_days",
            "insights_product_months", "insights_customer_days", "insights_customer_months",
            "insights_customer_firsts", "insights_customer_gaps", "insights_shop_totals");

    private RollupSnapshots() {
    }

    // Numbers by value (10.00 = 10), arrays element by element (the driver's text form of an
    // array depends on whether the statement was prepared on the server).
    private static String text(Object value) throws SQLException {
        if (value instanceof BigDecimal number) {
            return number.stripTrailingZeros().toPlainString();
        }
        if (value instanceof java.sql.Array array) {
            return java.util.Arrays.deepToString((Object[]) array.getArray());
        }
        return String.valueOf(value);
    }

    static Map<String, List<String>> of(DataSource superuser, long shopId) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Connection connection = superuser.getConnection()) {
            for (String table : TABLES) {
                List<String> rows = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement(
                        "select * from shopify_ingest." + table + " where shop_id = ?")) {
                    statement.setLong(1, shopId);
                    try (ResultSet rs = statement.executeQuery()) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            StringBuilder row = new StringBuilder();
                            for (int c = 1; c <= columns; c++) {
                                Object value = rs.getObject(c);
                                row.append(c == 1 ? "" : " | ").append(text(value));
                            }
                            rows.add(row.toString());
                        }
                    }
                }
                rows.sort(null);
                tables.put(table, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return tables;
    }
}
