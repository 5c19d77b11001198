package dev.shopifyingest.testkit.graphql;

import graphql.language.AstPrinter;
import graphql.language.Node;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading mutation input objects (graphql-java hands them over as maps) and refusing, loudly,
 * input fields FakeShopify would otherwise have to drop silently.
 */
final class Inputs {

    private Inputs() {
    }

    /**
     * Fails with "FakeShopify does not implement Type.field" for any field of {@code input} that
     * is set (not null, not an empty list) but not in {@code supported}.
     */
    static void onlySupported(Map<String, Object> input, String type, Set<String> supported) {
        if (input == null) {
            return;
        }
        Set<String> unsupported = new TreeSet<>();
        GraphQLInputObjectType schemaType = ShopifySchema.get().schema().getTypeAs(type);
        input.forEach((key, value) -> {
            boolean set = value != null && !(value instanceof Collection<?> c && c.isEmpty())
                    && !isDefault(schemaType, key, value);
            if (set && !supported.contains(key)) {
                unsupported.add(key);
            }
        });
        if (!unsupported.isEmpty()) {
            throw GraphqlFailure.notImplemented(String.join(", ", unsupported.stream().map(f -> type + "." + f).toList())
                    + " (FakeShopify supports " + type + "." + String.join(", ", new TreeSet<>(supported)) + ")");
        }
    }

    // graphql-java fills in schema defaults (OrderCreateOrderInput.test = false): those were not asked for.
    private static boolean isDefault(GraphQLInputObjectType type, String field, Object value) {
        GraphQLInputObjectField definition = type == null ? null : type.getFieldDefinition(field);
        if (definition == null || !definition.hasSetDefaultValue()) {
            return false;
        }
        Object literal = definition.getInputFieldDefaultValue().getValue();
        String printed = literal instanceof Node<?> node ? AstPrinter.printAst(node) : String.valueOf(literal);
        return printed.equals(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> input, String key) {
        return input == null ? null : (Map<String, Object>) input.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Map<String, Object> input, String key) {
        Object value = input == null ? null : input.get(key);
        return value == null ? List.of() : new ArrayList<>((List<Map<String, Object>>) value);
    }

    static String string(Map<String, Object> input, String key) {
        Object value = input == null ? null : input.get(key);
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Map<String, Object> input, String key) {
        Object value = input == null ? null : input.get(key);
        return value == null ? List.of() : List.copyOf((List<String>) value);
    }

    static BigDecimal decimal(Map<String, Object> input, String key) {
        Object value = input == null ? null : input.get(key);
        return value == null ? null : new BigDecimal(value.toString());
    }

    static boolean has(Map<String, Object> input, String key) {
        return input != null && input.containsKey(key);
    }

    /** Shopify's cap on input arrays. */
    static void checkSize(List<?> list) {
        if (list.size() > Pager.MAX_PAGE_SIZE) {
            throw GraphqlFailure.of("MAX_INPUT_SIZE_EXCEEDED", "The input array size of " + list.size()
                    + " is greater than the maximum allowed of " + Pager.MAX_PAGE_SIZE + ".");
        }
    }
}
