package dev.shopifyingest.core.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Comparing requested with granted access scopes, honouring the scopes Shopify implies. */
final class AccessScopes {

    /** {@code write_x} implies {@code read_x}, also with the {@code unauthenticated_} prefix (as in shopify-app-js). */
    private static final Pattern WRITE = Pattern.compile("^(unauthenticated_)?write_(.+)$");

    private AccessScopes() {}

    /** Splits Shopify's comma-separated {@code scope} field. */
    static Set<String> parse(String commaSeparated) {
        Set<String> scopes = new LinkedHashSet<>();
        if (commaSeparated == null) {
            return scopes;
        }
        for (String part : commaSeparated.split(",")) {
            String scope = part.strip();
            if (!scope.isEmpty()) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    /** The requested scopes that neither appear in nor are implied by the granted ones, in request order. */
    static List<String> missing(Collection<String> requested, Collection<String> granted) {
        Set<String> covered = new HashSet<>(granted);
        for (String scope : granted) {
            Matcher m = WRITE.matcher(scope);
            if (m.matches()) {
                covered.add((m.group(1) == null ? "" : m.group(1)) + "read_" + m.group(2));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String scope : requested) {
            if (!covered.contains(scope)) {
                missing.add(scope);
            }
        }
        return missing;
    }
}
