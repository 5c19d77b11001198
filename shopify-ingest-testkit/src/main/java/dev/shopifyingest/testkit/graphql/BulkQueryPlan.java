package dev.shopifyingest.testkit.graphql;

import graphql.execution.RawVariables;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLUnmodifiedType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bulk query, checked against Shopify's rules (PROTOCOL §4) and turned into what the runner
 * needs: the top-level connection to scan with its arguments, the query that fetches a batch of
 * nodes ({@code nodes(ids:)} with the node selection), and where nested connections sit in a
 * node's result, to be written as separate JSONL lines with {@code __parentId}.
 *
 * @param connection the top-level connection: {@code orders}, {@code customers} or {@code products}
 * @param nodeType the node's object type, e.g. {@code Order}
 * @param arguments the connection's resolved arguments ({@code query}, {@code sortKey}, ...)
 * @param batchQuery the GraphQL document that fetches the nodes of one batch ({@code $ids})
 * @param nested the nested connections, by result-key path from the node
 */
record BulkQueryPlan(String connection, String nodeType, Map<String, Object> arguments, String batchQuery,
                     List<Nested> nested) {

    static final int MAX_CONNECTIONS = 5;
    static final int MAX_DEPTH = 2;
    private static final Map<String, String> ROOTS = Map.of("orders", "Order", "customers", "Customer",
            "products", "Product");

    /**
     * A nested connection inside each node.
     *
     * @param path result keys from the node object to the connection field
     * @param nodes result keys from the connection to its node objects ({@code edges, node} or {@code nodes})
     */
    record Nested(List<String> path, List<String> nodes) {
    }

    /** Thrown when the query breaks a bulk rule; the message becomes a {@code userErrors} entry. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Checks {@code query} and plans its execution. */
    static BulkQueryPlan of(String query) {
        ShopifySchema shopify = ShopifySchema.get();
        GraphQLSchema schema = shopify.schema();
        ShopifySchema.ParsedQuery parsed = shopify.parse(query);
        if (!parsed.valid()) {
            throw new Invalid("Invalid bulk query: " + ShopifyErrors.of(parsed.errors().getFirst(), parsed.document())
                    .get("message"));
        }
        Document document = parsed.document();
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (operations.size() != 1 || operations.getFirst().getOperation() != OperationDefinition.Operation.QUERY) {
            throw new Invalid("Invalid bulk query: a bulk query contains exactly one query operation.");
        }
        if (!operations.getFirst().getVariableDefinitions().isEmpty()) {
            throw new Invalid("Invalid bulk query: bulk queries cannot declare variables.");
        }
        ExecutableNormalizedOperation operation = ExecutableNormalizedOperationFactory
                .createExecutableNormalizedOperationWithRawVariables(schema, document, null, RawVariables.emptyVariables());
        List<ExecutableNormalizedField> roots = operation.getTopLevelFields().stream()
                .filter(f -> !f.getName().startsWith("__")).toList();
        if (roots.size() != 1) {
            throw new Invalid("Invalid bulk query: a bulk query selects exactly one top-level field, not "
                    + roots.size() + ".");
        }
        ExecutableNormalizedField root = roots.getFirst();
        if (root.getName().equals("node") || root.getName().equals("nodes")) {
            throw new Invalid("Invalid bulk query: the top-level `node` and `nodes` fields can't be used in bulk queries.");
        }
        if (!isConnection(root.getType(schema))) {
            throw new Invalid("Invalid bulk query: bulk queries must contain at least one connection.");
        }
        checkConnections(root, schema);
        String nodeType = ROOTS.get(root.getName());
        if (nodeType == null) {
            throw new Invalid(GraphqlFailure.notImplemented("bulk queries over `" + root.getName()
                    + "` (FakeShopify runs bulk queries over orders, customers and products)").getMessage());
        }
        SelectionSet nodeSelection = nodeSelection(document, operations.getFirst(), root.getName());
        Set<String> fragments = new LinkedHashSet<>();
        collectFragments(nodeSelection, document, fragments);
        StringBuilder batch = new StringBuilder("query FakeShopifyBulkBatch($ids: [ID!]!) { nodes(ids: $ids) { ... on ")
                .append(nodeType).append(' ').append(AstPrinter.printAst(nodeSelection)).append(" } }");
        for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
            if (fragments.contains(fragment.getName())) {
                batch.append('\n').append(AstPrinter.printAst(fragment));
            }
        }
        String batchQuery = batch.toString();
        ShopifySchema.ParsedQuery batchParsed = shopify.parse(batchQuery);
        if (!batchParsed.valid()) {
            throw new Invalid("Invalid bulk query: " + ShopifyErrors.of(batchParsed.errors().getFirst(),
                    batchParsed.document()).get("message"));
        }
        ExecutableNormalizedField nodes = ExecutableNormalizedOperationFactory
                .createExecutableNormalizedOperationWithRawVariables(schema, batchParsed.document(), null,
                        RawVariables.of(Map.of("ids", List.of()))).getTopLevelFields().getFirst();
        List<Nested> nested = new ArrayList<>();
        for (ExecutableNormalizedField child : nodes.getChildren()) {
            findNested(child, new ArrayList<>(), schema, nested);
        }
        if (!nested.isEmpty() && nodes.getChildren().stream()
                .noneMatch(f -> f.getName().equals("id") && f.getResultKey().equals("id"))) {
            throw new Invalid("Invalid bulk query: the parent 'node' field for a nested connection must select the"
                    + " 'id' field without an alias. Connection fields without 'id': " + root.getName() + ".");
        }
        checkImplemented(root, nodes, shopify.fields());
        return new BulkQueryPlan(root.getName(), nodeType, root.getResolvedArguments(), batchQuery, List.copyOf(nested));
    }

    static boolean isConnection(GraphQLOutputType type) {
        GraphQLType unwrapped = type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
        return unwrapped instanceof GraphQLUnmodifiedType named && named.getName().endsWith("Connection");
    }

    private static boolean isList(GraphQLOutputType type) {
        GraphQLType unwrapped = type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
        return unwrapped instanceof GraphQLList;
    }

    // At most five connections, nested at most two deep, never inside a list.
    private static void checkConnections(ExecutableNormalizedField root, GraphQLSchema schema) {
        int[] count = {0};
        walk(root, 0, false, schema, count);
        if (count[0] > MAX_CONNECTIONS) {
            throw new Invalid("Invalid bulk query: bulk queries cannot contain more than " + MAX_CONNECTIONS
                    + " connections, this one has " + count[0] + ".");
        }
    }

    private static void walk(ExecutableNormalizedField field, int depth, boolean inList, GraphQLSchema schema,
                             int[] count) {
        GraphQLOutputType type = field.getType(schema);
        int here = depth;
        boolean list = inList;
        if (isConnection(type)) {
            if (inList) {
                throw new Invalid("Invalid bulk query: queries that contain a connection field within a list field"
                        + " are not currently supported (" + field.getName() + ").");
            }
            count[0]++;
            here = depth + 1;
            if (here > MAX_DEPTH) {
                throw new Invalid("Invalid bulk query: bulk queries cannot contain connections nested more than "
                        + MAX_DEPTH + " levels deep (" + field.getName() + ").");
            }
            list = false;
        } else if (isList(type) && depth > 0 && !field.getName().equals("edges") && !field.getName().equals("nodes")) {
            list = true;
        }
        for (ExecutableNormalizedField child : field.getChildren()) {
            walk(child, here, list, schema, count);
        }
    }

    // The selection set of the connection's nodes: edges { node { ... } } and/or nodes { ... }.
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static SelectionSet nodeSelection(Document document, OperationDefinition operation, String rootName) {
        List<Selection> selections = new ArrayList<>();
        for (Field root : fields(operation.getSelectionSet(), document)) {
            if (!root.getName().equals(rootName) || root.getSelectionSet() == null) {
                continue;
            }
            for (Field child : fields(root.getSelectionSet(), document)) {
                if (child.getName().equals("nodes") && child.getSelectionSet() != null) {
                    selections.addAll(child.getSelectionSet().getSelections());
                } else if (child.getName().equals("edges") && child.getSelectionSet() != null) {
                    for (Field edge : fields(child.getSelectionSet(), document)) {
                        if (edge.getName().equals("node") && edge.getSelectionSet() != null) {
                            selections.addAll(edge.getSelectionSet().getSelections());
                        }
                    }
                }
            }
        }
        if (selections.isEmpty()) {
            throw new Invalid("Invalid bulk query: select the nodes of the `" + rootName
                    + "` connection (edges { node { ... } } or nodes { ... }).");
        }
        return SelectionSet.newSelectionSet(selections).build();
    }

    // The fields of a selection set, looking through inline fragments and fragment spreads.
    private static List<Field> fields(SelectionSet set, Document document) {
        List<Field> fields = new ArrayList<>();
        for (Selection<?> selection : set.getSelections()) {
            switch (selection) {
                case Field field -> fields.add(field);
                case InlineFragment inline -> fields.addAll(fields(inline.getSelectionSet(), document));
                case FragmentSpread spread -> document.getDefinitionsOfType(FragmentDefinition.class).stream()
                        .filter(f -> f.getName().equals(spread.getName())).findFirst()
                        .ifPresent(f -> fields.addAll(fields(f.getSelectionSet(), document)));
                default -> { }
            }
        }
        return fields;
    }

    private static void collectFragments(SelectionSet set, Document document, Set<String> names) {
        if (set == null) {
            return;
        }
        for (Selection<?> selection : set.getSelections()) {
            switch (selection) {
                case Field field -> collectFragments(field.getSelectionSet(), document, names);
                case InlineFragment inline -> collectFragments(inline.getSelectionSet(), document, names);
                case FragmentSpread spread -> {
                    if (names.add(spread.getName())) {
                        document.getDefinitionsOfType(FragmentDefinition.class).stream()
                                .filter(f -> f.getName().equals(spread.getName())).findFirst()
                                .ifPresent(f -> collectFragments(f.getSelectionSet(), document, names));
                    }
                }
                default -> { }
            }
        }
    }

    private static void findNested(ExecutableNormalizedField field, List<String> path, GraphQLSchema schema,
                                   List<Nested> nested) {
        List<String> here = new ArrayList<>(path);
        here.add(field.getResultKey());
        if (isConnection(field.getType(schema))) {
            for (ExecutableNormalizedField child : field.getChildren()) {
                if (child.getName().equals("nodes")) {
                    nested.add(new Nested(List.copyOf(here), List.of(child.getResultKey())));
                } else if (child.getName().equals("edges")) {
                    child.getChildren().stream().filter(e -> e.getName().equals("node")).findFirst()
                            .ifPresent(node -> nested.add(new Nested(List.copyOf(here),
                                    List.of(child.getResultKey(), node.getResultKey()))));
                }
            }
            return;
        }
        for (ExecutableNormalizedField child : field.getChildren()) {
            findNested(child, here, schema, nested);
        }
    }

    // Bulk results are files, not responses: a field the fake lacks is refused up front, loudly.
    private static void checkImplemented(ExecutableNormalizedField root, ExecutableNormalizedField nodes,
                                         FieldTable fields) {
        if (!fields.implemented("QueryRoot", root.getName())) {
            throw new Invalid(GraphqlFailure.notImplemented("QueryRoot." + root.getName()).getMessage());
        }
        for (ExecutableNormalizedField child : nodes.getChildren()) {
            check(child, fields);
            child.traverseSubTree(f -> check(f, fields));
        }
    }

    private static void check(ExecutableNormalizedField field, FieldTable fields) {
        if (field.getName().startsWith("__")) {
            return;
        }
        boolean implemented = field.getObjectTypeNames().stream().anyMatch(type -> fields.implemented(type, field.getName()));
        if (!implemented) {
            throw new Invalid(GraphqlFailure.notImplemented(String.join("|", field.getObjectTypeNames()) + "."
                    + field.getName()).getMessage());
        }
    }
}
