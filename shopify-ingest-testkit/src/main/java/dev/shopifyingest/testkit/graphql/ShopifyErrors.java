package dev.shopifyingest.testkit.graphql;

import graphql.GraphQLError;
import graphql.InvalidSyntaxError;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GraphQL errors in the shape Shopify answers them. Shopify runs graphql-ruby, so validation
 * messages and codes are graphql-ruby's ("Field 'x' doesn't exist on type 'Y'" with
 * {@code undefinedField}); graphql-java's own wording is translated here, with locations and a
 * path that starts with the operation ({@code ["query", "shop", "x"]}) as graphql-ruby's does.
 */
final class ShopifyErrors {

    /** Where Shopify points for rate limit errors. */
    static final String RATE_LIMITS_DOCUMENTATION = "https://shopify.dev/api/usage/rate-limits";
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern PREFIX = Pattern.compile("^Validation error \\([^)]*\\) : ");

    private ShopifyErrors() {
    }

    /** A pre-execution error (syntax or validation) as Shopify shapes it. */
    static Map<String, Object> of(GraphQLError error, Document document) {
        Map<String, Object> shaped = new LinkedHashMap<>();
        if (error instanceof InvalidSyntaxError) {
            shaped.put("message", error.getMessage());
            putLocations(shaped, error.getLocations());
            return shaped;
        }
        if (!(error instanceof ValidationError validation)) {
            shaped.put("message", error.getMessage());
            putLocations(shaped, error.getLocations());
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("code", requestCode(error.getMessage()));
            if (error.getExtensions() != null) {
                extensions.putAll(error.getExtensions());
            }
            shaped.put("extensions", extensions);
            return shaped;
        }
        String description = PREFIX.matcher(validation.getDescription() == null ? validation.getMessage()
                : validation.getDescription()).replaceFirst("");
        List<String> quoted = quoted(description);
        List<String> queryPath = validation.getQueryPath() == null ? List.of() : validation.getQueryPath();
        String fieldName = queryPath.isEmpty() ? "" : queryPath.getLast();
        Map<String, Object> extensions = new LinkedHashMap<>();
        String message;
        Object type = validation.getValidationErrorType();
        if (type == ValidationErrorType.FieldUndefined && quoted.size() >= 2) {
            message = "Field '" + quoted.get(0) + "' doesn't exist on type '" + quoted.get(1) + "'";
            extensions.put("code", "undefinedField");
            extensions.put("typeName", quoted.get(1));
            extensions.put("fieldName", quoted.get(0));
        } else if (type == ValidationErrorType.UnknownArgument && !quoted.isEmpty()) {
            message = "Field '" + fieldName + "' doesn't accept argument '" + quoted.get(0) + "'";
            extensions.put("code", "argumentNotAccepted");
            extensions.put("name", fieldName);
            extensions.put("typeName", "Field");
            extensions.put("argumentName", quoted.get(0));
        } else if (type == ValidationErrorType.MissingFieldArgument && !quoted.isEmpty()) {
            message = "Field '" + fieldName + "' is missing required arguments: " + quoted.get(0);
            extensions.put("code", "missingRequiredArguments");
            extensions.put("className", "Field");
            extensions.put("name", fieldName);
            extensions.put("arguments", quoted.get(0));
        } else if (type == ValidationErrorType.SubselectionRequired && quoted.size() >= 2) {
            message = "Field must have selections (field '" + quoted.get(1) + "' returns " + quoted.get(0)
                    + " but has no selections. Did you mean '" + quoted.get(1) + " { ... }'?)";
            extensions.put("code", "selectionMismatch");
            extensions.put("nodeName", "field '" + quoted.get(1) + "'");
            extensions.put("typeName", quoted.get(0));
        } else if (type == ValidationErrorType.SubselectionNotAllowed && quoted.size() >= 2) {
            message = "Selections can't be made on scalars (field '" + quoted.get(1) + "' returns " + quoted.get(0)
                    + " but has selections)";
            extensions.put("code", "selectionMismatch");
            extensions.put("nodeName", "field '" + quoted.get(1) + "'");
            extensions.put("typeName", quoted.get(0));
        } else if (type == ValidationErrorType.UndefinedVariable && !quoted.isEmpty()) {
            message = "Variable $" + quoted.get(0) + " is used by " + operationLabel(document) + " but not declared";
            extensions.put("code", "variableNotDefined");
            extensions.put("variableName", quoted.get(0));
        } else if (type == ValidationErrorType.UnusedVariable && !quoted.isEmpty()) {
            message = "Variable $" + quoted.get(0) + " is declared by " + operationLabel(document) + " but not used";
            extensions.put("code", "variableNotUsed");
            extensions.put("variableName", quoted.get(0));
        } else if (type == ValidationErrorType.WrongType) {
            message = description;
            extensions.put("code", "argumentLiteralsIncompatible");
        } else if (type == ValidationErrorType.VariableTypeMismatch) {
            message = description;
            extensions.put("code", "variableMismatch");
        } else if (type == ValidationErrorType.UnknownType) {
            message = description;
            extensions.put("code", "undefinedType");
        } else {
            message = description;
            String name = String.valueOf(type);
            extensions.put("code", name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1));
        }
        shaped.put("message", message);
        putLocations(shaped, validation.getLocations());
        if (!queryPath.isEmpty()) {
            List<Object> path = new ArrayList<>();
            path.add(operationLabel(document));
            path.addAll(queryPath);
            shaped.put("path", path);
        }
        shaped.put("extensions", extensions);
        return shaped;
    }

    /** A fetcher-time error ({@link GraphqlFailure} or graphql-java's own) in the response's shape. */
    static Map<String, Object> ofExecution(GraphQLError error) {
        Map<String, Object> shaped = new LinkedHashMap<>();
        shaped.put("message", error.getMessage());
        putLocations(shaped, error.getLocations());
        if (error.getPath() != null) {
            shaped.put("path", error.getPath());
        }
        if (error.getExtensions() != null && !error.getExtensions().isEmpty()) {
            shaped.put("extensions", error.getExtensions());
        } else if (error.getPath() == null) {
            shaped.put("extensions", Map.of("code", requestCode(error.getMessage())));
        }
        return shaped;
    }

    /** The code of a request-level error: a bad variable value, or another problem with the request. */
    static String requestCode(String message) {
        return message != null && message.startsWith("Variable") ? "INVALID_VARIABLE" : GraphqlFailure.BAD_REQUEST;
    }

    /** Shopify's body for a request that asked for more than the single-query cost limit. */
    static Map<String, Object> maxCostExceeded(int cost, int maxCost) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", "MAX_COST_EXCEEDED");
        extensions.put("cost", cost);
        extensions.put("maxCost", maxCost);
        extensions.put("documentation", RATE_LIMITS_DOCUMENTATION);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "Query cost is " + cost + ", which exceeds the single query max cost limit (" + maxCost
                + ").\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n"
                + "cost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations"
                + " should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api"
                + " for usage details.\n");
        error.put("extensions", extensions);
        return error;
    }

    /** Shopify's THROTTLED error. */
    static Map<String, Object> throttled() {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", "THROTTLED");
        extensions.put("documentation", RATE_LIMITS_DOCUMENTATION);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "Throttled");
        error.put("extensions", extensions);
        return error;
    }

    /** The operation as graphql-ruby names it at the head of error paths: {@code query} or {@code query Name}. */
    static String operationLabel(Document document) {
        if (document == null) {
            return "query";
        }
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (operations.isEmpty()) {
            return "query";
        }
        OperationDefinition operation = operations.getFirst();
        String kind = operation.getOperation().name().toLowerCase(Locale.ROOT);
        return operation.getName() == null ? kind : kind + " " + operation.getName();
    }

    private static List<String> quoted(String text) {
        List<String> values = new ArrayList<>();
        Matcher m = QUOTED.matcher(text);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static void putLocations(Map<String, Object> shaped, List<SourceLocation> locations) {
        if (locations != null && !locations.isEmpty()) {
            shaped.put("locations", locations.stream().map(l -> {
                Map<String, Object> location = new LinkedHashMap<>();
                location.put("line", l.getLine());
                location.put("column", l.getColumn());
                return location;
            }).toList());
        }
    }
}
