package dev.shopifyingest.testkit.graphql;

import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shopify's calculated query cost (PROTOCOL §2), computed on the normalized operation so that
 * fragments, aliases and {@code @skip}/{@code @include} count as executed:
 * <ul>
 *   <li>a scalar or enum field costs 0; introspection fields cost 0;</li>
 *   <li>an object field costs 1 plus its selection; an interface or union field costs 1 plus the
 *       most expensive of its per-type selections;</li>
 *   <li>a connection costs {@code 2 + size × (cost of one node)}, where size is {@code first} or
 *       {@code last} and one node is its {@code edges { node }} and/or {@code nodes} selection
 *       (each an object: 1 plus its fields); {@code edges}, {@code cursor} and {@code pageInfo}
 *       are free;</li>
 *   <li>a list of objects costs its size (the {@code first} argument, the number of
 *       {@code ids}, else 1) times one element;</li>
 *   <li>a mutation costs 10 per top-level field, whatever it selects.</li>
 * </ul>
 * The actual cost applies the same rules to the response: a connection costs 2 plus each node
 * returned, a list each element returned.
 */
final class QueryCost {

    static final int MUTATION_COST = 10;
    static final int CONNECTION_COST = 2;

    private QueryCost() {
    }

    /**
     * The requested cost and, for {@code Shopify-GraphQL-Cost-Debug}, one entry per costed field.
     */
    record Requested(int total, List<Map<String, Object>> fields) {
    }

    static Requested requested(ExecutableNormalizedOperation operation, GraphQLSchema schema) {
        List<Map<String, Object>> entries = new ArrayList<>();
        int total = 0;
        for (ExecutableNormalizedField field : operation.getTopLevelFields()) {
            if (field.getName().startsWith("__")) {
                continue;
            }
            if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
                total += MUTATION_COST;
                entries.add(entry(List.of(field.getResultKey()), MUTATION_COST, MUTATION_COST, 0));
            } else {
                total += cost(field, List.of(), schema, entries);
            }
        }
        return new Requested(total, entries);
    }

    private static int cost(ExecutableNormalizedField field, List<String> parentPath, GraphQLSchema schema,
                            List<Map<String, Object>> entries) {
        if (field.getName().startsWith("__")) {
            return 0;
        }
        GraphQLOutputType type = field.getType(schema);
        if (leaf(type)) {
            return 0;
        }
        List<String> path = append(parentPath, field.getResultKey());
        if (BulkQueryPlan.isConnection(type)) {
            int size = size(field);
            int perNode = 0;
            for (ExecutableNormalizedField child : field.getChildren()) {
                if (child.getName().equals("nodes")) {
                    perNode += 1 + childrenCost(child, append(path, child.getResultKey()), schema, entries);
                } else if (child.getName().equals("edges")) {
                    for (ExecutableNormalizedField edgeChild : child.getChildren()) {
                        if (edgeChild.getName().equals("node")) {
                            List<String> nodePath = append(append(path, child.getResultKey()), edgeChild.getResultKey());
                            perNode += 1 + childrenCost(edgeChild, nodePath, schema, entries);
                        }
                    }
                }
            }
            int total = CONNECTION_COST + size * perNode;
            entries.add(entry(path, CONNECTION_COST, total, size * perNode));
            return total;
        }
        int element = 1 + childrenCost(field, path, schema, entries);
        int total = list(type) ? listSize(field) * element : element;
        entries.add(entry(path, 1, total, total - 1));
        return total;
    }

    // Children of an object field; for abstract types, the most expensive per-type selection.
    private static int childrenCost(ExecutableNormalizedField field, List<String> path, GraphQLSchema schema,
                                    List<Map<String, Object>> entries) {
        Map<String, Integer> byType = new LinkedHashMap<>();
        for (ExecutableNormalizedField child : field.getChildren()) {
            int cost = cost(child, path, schema, entries);
            for (String type : child.getObjectTypeNames()) {
                byType.merge(type, cost, Integer::sum);
            }
        }
        return byType.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The cost of what {@code data} holds for the operation. */
    static int actual(ExecutableNormalizedOperation operation, GraphQLSchema schema, Map<String, Object> data) {
        int total = 0;
        for (ExecutableNormalizedField field : operation.getTopLevelFields()) {
            if (field.getName().startsWith("__")) {
                continue;
            }
            if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
                total += MUTATION_COST;
            } else {
                total += actual(field, data == null ? null : data.get(field.getResultKey()), schema);
            }
        }
        return total;
    }

    private static int actual(ExecutableNormalizedField field, Object value, GraphQLSchema schema) {
        if (field.getName().startsWith("__")) {
            return 0;
        }
        GraphQLOutputType type = field.getType(schema);
        if (leaf(type)) {
            return 0;
        }
        if (BulkQueryPlan.isConnection(type)) {
            int total = CONNECTION_COST;
            if (!(value instanceof Map<?, ?> connection)) {
                return total;
            }
            for (ExecutableNormalizedField child : field.getChildren()) {
                Object childValue = connection.get(child.getResultKey());
                if (child.getName().equals("nodes") && childValue instanceof List<?> nodes) {
                    for (Object node : nodes) {
                        total += objectActual(child, node, schema);
                    }
                } else if (child.getName().equals("edges") && childValue instanceof List<?> edges) {
                    for (ExecutableNormalizedField edgeChild : child.getChildren()) {
                        if (!edgeChild.getName().equals("node")) {
                            continue;
                        }
                        for (Object edge : edges) {
                            Object node = edge instanceof Map<?, ?> e ? e.get(edgeChild.getResultKey()) : null;
                            total += objectActual(edgeChild, node, schema);
                        }
                    }
                }
            }
            return total;
        }
        if (value instanceof List<?> list) {
            int total = 0;
            for (Object element : list) {
                total += objectActual(field, element, schema);
            }
            return total;
        }
        return objectActual(field, value, schema);
    }

    private static int objectActual(ExecutableNormalizedField field, Object value, GraphQLSchema schema) {
        if (!(value instanceof Map<?, ?> object)) {
            return 1;
        }
        Map<String, Integer> byType = new LinkedHashMap<>();
        Set<String> types = new LinkedHashSet<>();
        for (ExecutableNormalizedField child : field.getChildren()) {
            if (!object.containsKey(child.getResultKey())) {
                continue;
            }
            int cost = actual(child, object.get(child.getResultKey()), schema);
            for (String type : child.getObjectTypeNames()) {
                types.add(type);
                byType.merge(type, cost, Integer::sum);
            }
        }
        return 1 + (types.isEmpty() ? 0 : byType.values().stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    private static int size(ExecutableNormalizedField field) {
        Object first = field.getResolvedArguments().get("first");
        Object last = field.getResolvedArguments().get("last");
        Object size = first != null ? first : last;
        return size instanceof Number n ? Math.max(0, n.intValue()) : 0;
    }

    private static int listSize(ExecutableNormalizedField field) {
        Object first = field.getResolvedArguments().get("first");
        if (first instanceof Number n) {
            return Math.max(0, n.intValue());
        }
        if (field.getResolvedArguments().get("ids") instanceof List<?> ids) {
            return ids.size();
        }
        return 1;
    }

    private static boolean leaf(GraphQLOutputType type) {
        GraphQLType named = type;
        while (named instanceof GraphQLNonNull || named instanceof GraphQLList) {
            named = named instanceof GraphQLNonNull n ? n.getWrappedType() : ((GraphQLList) named).getWrappedType();
        }
        return named instanceof GraphQLScalarType || named instanceof GraphQLEnumType;
    }

    private static boolean list(GraphQLOutputType type) {
        GraphQLType unwrapped = type instanceof GraphQLNonNull n ? n.getWrappedType() : type;
        return unwrapped instanceof GraphQLList;
    }

    private static List<String> append(List<String> path, String key) {
        List<String> extended = new ArrayList<>(path.size() + 1);
        extended.addAll(path);
        extended.add(key);
        return extended;
    }

    private static Map<String, Object> entry(List<String> path, int defined, int total, int children) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", path);
        entry.put("definedCost", defined);
        entry.put("requestedTotalCost", total);
        entry.put("requestedChildrenCost", children);
        return entry;
    }
}
