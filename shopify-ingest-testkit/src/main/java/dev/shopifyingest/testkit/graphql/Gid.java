package dev.shopifyingest.testkit.graphql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Shopify global id, {@code gid://shopify/{Type}/{id}} (PROTOCOL §7). Query parameters such as
 * {@code ?model_name=...} are accepted and ignored.
 *
 * @param type the resource type, e.g. {@code Order}
 * @param id the numeric id
 */
record Gid(String type, long id) {

    private static final Pattern FORMAT = Pattern.compile("gid://shopify/([A-Za-z][A-Za-z0-9]*)/(\\d{1,20})(\\?.*)?");

    /** Parses {@code text}, failing the field with Shopify's "Invalid global id" error when malformed. */
    static Gid parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw GraphqlFailure.invalidGlobalId(text);
        }
        try {
            return new Gid(m.group(1), Long.parseLong(m.group(2)));
        } catch (NumberFormatException e) {
            throw GraphqlFailure.invalidGlobalId(text);
        }
    }

    /** Parses a GID that must name {@code expectedType}; another type yields {@code -1} (nothing found). */
    static long idOf(String text, String expectedType) {
        Gid gid = parse(text);
        return gid.type().equals(expectedType) ? gid.id() : -1;
    }

    static String of(String type, long id) {
        return "gid://shopify/" + type + "/" + id;
    }
}
