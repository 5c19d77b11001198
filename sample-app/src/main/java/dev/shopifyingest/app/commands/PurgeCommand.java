package dev.shopifyingest.app.commands;

import dev.shopifyingest.app.commands.ShopConnection.ShopInfo;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.graphql.ShopifyUserErrorsException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code purge orders|products|customers}: empties a store of the chosen kinds. It lists what it
 * will delete, asks for confirmation on standard input unless {@code --yes}, then deletes one by
 * one through {@code orderDelete}, {@code productDelete} and {@code customerDelete}, paced by
 * Shopify's query cost. Orders go first (Shopify keeps a customer who has orders), then products,
 * then customers. What Shopify refuses to delete is counted and explained, not fatal, so a
 * re-run picks up where the last one stopped and a run on an empty store deletes nothing.
 */
final class PurgeCommand {

    static final String USAGE = """
            Usage: purge orders|products|customers... [--yes]
              orders, products, customers  what to delete, one or more
              --yes                        delete without asking for confirmation""";

    /** What can be purged, in the order it is purged. */
    enum Kind {
        /** Orders, through {@code orderDelete}. */
        ORDERS("orders", "write_orders", "orderDelete", """
                query PurgeListOrders($after: String) {
                  orders(first: 250, after: $after, sortKey: ID) { nodes { id } pageInfo { hasNextPage endCursor } }
                }
                """, """
                mutation PurgeOrder($id: ID!) {
                  orderDelete(orderId: $id) { deletedId userErrors { field message code } }
                }
                """),
        /** Products, with their variants, through {@code productDelete}. */
        PRODUCTS("products", "write_products", "productDelete", """
                query PurgeListProducts($after: String) {
                  products(first: 250, after: $after, sortKey: ID) { nodes { id } pageInfo { hasNextPage endCursor } }
                }
                """, """
                mutation PurgeProduct($id: ID!) {
                  productDelete(input: {id: $id}) { deletedProductId userErrors { field message } }
                }
                """),
        /** Customers without orders, through {@code customerDelete}. */
        CUSTOMERS("customers", "write_customers", "customerDelete", """
                query PurgeListCustomers($after: String) {
                  customers(first: 250, after: $after, sortKey: ID) { nodes { id } pageInfo { hasNextPage endCursor } }
                }
                """, """
                mutation PurgeCustomer($id: ID!) {
                  customerDelete(input: {id: $id}) { deletedCustomerId userErrors { field message } }
                }
                """);

        private final String word;
        private final String scope;
        private final String mutation;
        private final GraphqlOperation list;
        private final GraphqlOperation delete;

        Kind(String word, String scope, String mutation, String list, String delete) {
            this.word = word;
            this.scope = scope;
            this.mutation = mutation;
            this.list = new GraphqlOperation("PurgeList" + capitalized(word), list);
            this.delete = new GraphqlOperation("Purge" + capitalized(word), delete);
        }

        private static String capitalized(String word) {
            return Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
    }

    private final ShopConnection connection;
    private final BufferedReader in;
    private final PrintStream out;

    PurgeCommand(ShopConnection connection, BufferedReader in, PrintStream out) {
        this.connection = connection;
        this.in = in;
        this.out = out;
    }

    /**
     * The options of {@code purge}, checked.
     *
     * @param kinds what to delete, in purge order
     * @param yes whether to skip the confirmation
     */
    record Options(Set<Kind> kinds, boolean yes) {

        /** Reads and checks the command line. */
        static Options parse(List<String> args) {
            CommandLine line = CommandLine.parse(args, Set.of(), Set.of("yes"), USAGE);
            if (line.positionals().isEmpty()) {
                throw line.error("Say what to purge: orders, products or customers (one or more).");
            }
            Set<Kind> kinds = EnumSet.noneOf(Kind.class);
            for (String word : line.positionals()) {
                Kind kind = null;
                for (Kind candidate : Kind.values()) {
                    if (candidate.word.equals(word.toLowerCase(Locale.ROOT))) {
                        kind = candidate;
                    }
                }
                if (kind == null) {
                    throw line.error("Unknown kind '" + word + "': purge orders, products or customers.");
                }
                kinds.add(kind);
            }
            return new Options(kinds, line.flag("yes"));
        }
    }

    /**
     * Lists, confirms and deletes.
     *
     * @return the process exit status: 0 when done (or nothing to delete), 1 when the confirmation
     *     was declined
     * @throws CommandFailure when the credentials or scopes are wrong, no confirmation can be read
     *     without {@code --yes} (usage errors; nothing deleted), or Shopify fails
     */
    int run(Options options) {
        ShopInfo shop = connection.verify(options.kinds().stream().map(k -> k.scope).collect(Collectors.toSet()));
        Map<Kind, List<String>> found = new LinkedHashMap<>();
        for (Kind kind : options.kinds()) {
            found.put(kind, list(kind));
        }
        String what = found.entrySet().stream().map(e -> Progress.count(e.getValue().size(), e.getKey().word))
                .collect(Collectors.joining(", "));
        out.println("Found on " + shop.domain() + ": " + what + ".");
        if (found.values().stream().allMatch(List::isEmpty)) {
            out.println("Nothing to delete.");
            return 0;
        }
        if (!options.yes() && !confirmed("Delete " + what + " from " + shop.domain() + "? [y/N] ")) {
            out.println("Nothing was deleted.");
            return CommandFailure.FAILED;
        }
        List<String> summary = new ArrayList<>();
        for (Map.Entry<Kind, List<String>> entry : found.entrySet()) {
            summary.add(delete(entry.getKey(), entry.getValue()));
        }
        out.println("Deleted " + String.join("; ", summary) + ".");
        return 0;
    }

    private List<String> list(Kind kind) {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("after", after);
            Map<String, Object> connectionData = ShopConnection.object(connection.execute(kind.list, variables).data(),
                    kind.word);
            for (Map<String, Object> node : ShopConnection.objects(connectionData, "nodes")) {
                ids.add(String.valueOf(node.get("id")));
            }
            Map<String, Object> page = ShopConnection.object(connectionData, "pageInfo");
            after = Boolean.TRUE.equals(page.get("hasNextPage")) ? String.valueOf(page.get("endCursor")) : null;
        } while (after != null);
        return ids;
    }

    private boolean confirmed(String question) {
        out.print(question);
        out.flush();
        String answer;
        try {
            answer = in.readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null) {
            out.println();
            throw CommandFailure.usage("No answer could be read from standard input, so nothing was deleted. Run"
                    + " purge in a terminal to confirm, or add --yes to delete without asking.");
        }
        String word = answer.strip().toLowerCase(Locale.ROOT);
        return word.equals("y") || word.equals("yes");
    }

    /** Deletes every listed id of one kind; returns the count line, with what Shopify kept and why. */
    private String delete(Kind kind, List<String> ids) {
        Progress progress = new Progress(out, kind.word, ids.size());
        int deleted = 0;
        Map<String, Integer> keptWhy = new LinkedHashMap<>();
        for (String id : ids) {
            try {
                connection.execute(kind.delete, Map.of("id", id)).mutationPayload(kind.mutation);
                deleted++;
            } catch (ShopifyUserErrorsException e) {
                // Gone since it was listed (a concurrent run) counts as done; anything else is kept and explained.
                String reason = e.userErrors().isEmpty() ? e.getMessage() : e.userErrors().getFirst().message();
                if (!reason.toLowerCase(Locale.ROOT).matches(".*(does not exist|can't be found|not found).*")) {
                    keptWhy.merge(reason, 1, Integer::sum);
                }
            }
            progress.advance();
        }
        StringBuilder line = new StringBuilder(Progress.count(deleted, kind.word));
        if (!keptWhy.isEmpty()) {
            int kept = keptWhy.values().stream().mapToInt(Integer::intValue).sum();
            line.append(" (").append(kept).append(" kept: ").append(new TreeSet<>(keptWhy.keySet()).stream()
                    .map(reason -> keptWhy.get(reason) + " × " + reason).collect(Collectors.joining(", ")));
            if (kind == Kind.CUSTOMERS) {
                line.append("; customers with orders stay until their orders are purged");
            }
            line.append(')');
        }
        return line.toString();
    }
}
