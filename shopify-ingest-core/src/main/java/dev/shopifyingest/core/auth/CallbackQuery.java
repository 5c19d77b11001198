package dev.shopifyingest.core.auth;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The query of an OAuth callback, flattened the way Shopify signs it.
 *
 * <p>Follows Shopify's own validator (shopify-app-js {@code hmac-validator.ts} with
 * {@code processed-query.ts}): repeated keys are joined with commas; {@code hmac} and
 * {@code signature} are left out; keys are sorted; each key and value is form-URL-encoded (as
 * {@code URLSearchParams} does) with spaces as {@code %20}; pairs are joined with {@code &}.
 */
final class CallbackQuery {

    private final Map<String, String> values;

    private CallbackQuery(Map<String, String> values) {
        this.values = values;
    }

    /** Flattens a parsed query; keys with a null or empty list of values count as absent. */
    static CallbackQuery of(Map<String, List<String>> params) {
        Map<String, String> flat = new LinkedHashMap<>();
        params.forEach(
                (key, list) -> {
                    if (key == null || list == null || list.isEmpty()) {
                        return;
                    }
                    List<String> nonNull = new ArrayList<>(list.size());
                    for (String v : list) {
                        nonNull.add(v == null ? "" : v);
                    }
                    flat.put(key, String.join(",", nonNull));
                });
        return new CallbackQuery(flat);
    }

    /**
     * Parses a raw query string ({@code a=1&b=2}, an optional leading {@code ?} ignored).
     *
     * @throws IllegalArgumentException if the percent-encoding is broken
     */
    static Map<String, List<String>> parseRaw(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String query = rawQuery.startsWith("?") ? rawQuery.substring(1) : rawQuery;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** The value of a parameter (repeated values joined with commas), or null if absent. */
    String get(String key) {
        return values.get(key);
    }

    /** The text Shopify signs: every parameter but {@code hmac} and {@code signature}. */
    String signedMessage() {
        TreeMap<String, String> sorted = new TreeMap<>(values);
        sorted.remove("hmac");
        sorted.remove("signature");
        StringJoiner joined = new StringJoiner("&");
        sorted.forEach((key, value) -> joined.add(encode(key) + "=" + encode(value)));
        return joined.toString();
    }

    /**
     * {@code application/x-www-form-urlencoded} as WHATWG's {@code URLSearchParams} writes it (Java's
     * {@link URLEncoder} keeps the same safe set), then {@code +} to {@code %20} as Shopify signs.
     */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
