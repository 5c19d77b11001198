package dev.shopifyingest.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request FakeShopify received, from WireMock's request journal.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param path the path without the query, e.g. {@code /admin/api/2026-10/graphql.json}
 * @param query the raw query string, or {@code null}
 * @param headers request headers by lower-case name (first value of each)
 * @param body the request body as text
 * @param status the status answered; not meaningful when a connection fault was injected
 */
public record ServedRequest(String method, String path, String query, Map<String, String> headers, String body,
                            int status) {

    /** Checks and copies the fields. */
    public ServedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** A request header's first value, by case-insensitive name, or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Method, path and status only: headers may carry an access token, which must not reach logs. */
    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?…") + " → " + status;
    }

    /** Whether this was a request to the Admin GraphQL endpoint, of any version. */
    public boolean isGraphql() {
        return "POST".equals(method) && path.matches("/admin/api/[^/]+/graphql\\.json");
    }
}
