package dev.shopifyingest.testkit.graphql;

import dev.shopifyingest.testkit.store.Position;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque connection cursors: base64 of the sort order's name and the {@link Position} of the
 * node, so paging resumes exactly after the last node returned even while entities change. A
 * cursor from a connection sorted another way is rejected, never misread.
 */
final class Cursor {

    private static final String VERSION = "fs1";

    private Cursor() {
    }

    static String encode(String sortName, Position position) {
        String plain = VERSION + ":" + sortName + ":" + position.key() + ":" + position.id();
        return Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a cursor of a connection sorted by {@code sortName}.
     *
     * @throws GraphqlFailure when the cursor is malformed or belongs to another sort order
     */
    static Position decode(String cursor, String sortName, String connection) {
        String plain;
        try {
            plain = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(cursor, connection);
        }
        String[] parts = plain.split(":");
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw invalid(cursor, connection);
        }
        if (!parts[1].equals(sortName)) {
            throw GraphqlFailure.badRequest("The cursor '" + cursor + "' was issued for the `" + connection
                    + "` connection sorted by " + parts[1] + ", but this request sorts by " + sortName
                    + ". Cursors are only valid with the sortKey they were issued for.");
        }
        try {
            return new Position(Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        } catch (NumberFormatException e) {
            throw invalid(cursor, connection);
        }
    }

    private static GraphqlFailure invalid(String cursor, String connection) {
        return GraphqlFailure.badRequest("Invalid cursor '" + cursor + "' for the `" + connection + "` connection.");
    }
}
