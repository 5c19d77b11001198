package dev.shopifyingest.app.security;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The row count and a checksum of every row of every table in the app's and the store's schemas
 * ({@code app}, {@code shopify_ingest}; tables found in the catalog, so new ones are included):
 * two equal snapshots mean nothing was written in between. Taken as the pool's login role, which
 * is not limited by row-level security in the tests' embedded PostgreSQL (a superuser).
 *
 * @param tables {@code schema.table} → {@code "count md5"}
 */
record DatabaseSnapshot(Map<String, String> tables) {

    /** Takes a snapshot. */
    static DatabaseSnapshot of(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("""
                    select table_schema || '.' || table_name from information_schema.tables
                    where table_schema in ('app', 'shopify_ingest') and table_type = 'BASE TABLE'
                    order by 1""")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            // One round trip for every table.
            String everyTable = names.stream()
                    .map(name -> "select '" + name + "', count(*) || ' ' || coalesce(md5(string_agg(t::text, '|'"
                            + " order by t::text)), '-') from " + name + " t")
                    .collect(Collectors.joining(" union all "));
            Map<String, String> tables = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery(everyTable)) {
                while (rows.next()) {
                    tables.put(rows.getString(1), rows.getString(2));
                }
            }
            return new DatabaseSnapshot(tables);
        }
    }
}
