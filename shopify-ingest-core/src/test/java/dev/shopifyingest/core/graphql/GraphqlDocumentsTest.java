package dev.shopifyingest.core.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.core.fetch.BulkExport;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.testkit.graphql.AdminGraphql;
import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every GraphQL document the library sends is valid against Shopify's Admin API 2026-10 schema
 * (the one FakeShopify executes), and uses nothing the schema deprecates: a field or argument
 * Shopify does not have fails here, naming the file, before it can fail in production.
 */
class GraphqlDocumentsTest {

    private static final String DIRECTORY = "/dev/shopifyingest/core/graphql/";

    static Stream<Arguments> documents() {
        List<Arguments> documents = new ArrayList<>();
        for (String name : operationNames()) {
            if (name.startsWith("bulk/")) {
                // The inner queries of bulk exports, as BulkExport sends them: with and without a filter.
                EntityType type = switch (name) {
                    case "bulk/Customers" -> EntityType.CUSTOMER;
                    case "bulk/Products" -> EntityType.PRODUCT;
                    case "bulk/Orders" -> EntityType.ORDER;
                    default -> throw new AssertionError("A bulk document BulkExport does not know: " + name);
                };
                documents.add(Arguments.of(name + " (all)", BulkExport.queryFor(type, null)));
                documents.add(Arguments.of(name + " (since)",
                        BulkExport.queryFor(type, Instant.parse("2026-10-01T00:00:00Z"))));
            } else {
                documents.add(Arguments.of(name, GraphqlOperation.named(name).document()));
            }
        }
        return documents.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void validatesAgainstShopifysSchema(String name, String text) {
        GraphQLSchema schema = AdminGraphql.schema();
        Document document;
        try {
            document = Parser.parse(text);
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(name + ".graphql is not valid GraphQL: " + e.getMessage(), e);
        }

        List<ValidationError> errors = new Validator().validateDocument(schema, document, Locale.ROOT);

        assertThat(errors).as("%s.graphql against Shopify's 2026-10 schema: %s", name,
                errors.stream().map(ValidationError::getMessage).toList()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void usesNothingShopifyDeprecates(String name, String text) {
        GraphQLSchema schema = AdminGraphql.schema();
        Document document = Parser.parse(text);
        List<String> deprecated = new ArrayList<>();
        for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
            GraphQLObjectType root = operation.getOperation() == OperationDefinition.Operation.MUTATION
                    ? schema.getMutationType() : schema.getQueryType();
            collectDeprecated(schema, document, root, operation.getSelectionSet(), deprecated);
        }

        assertThat(deprecated).as("what %s.graphql uses that Shopify deprecates", name).isEmpty();
    }

    // Walks the selections with their schema types (the documents are valid: the test above says so).
    private static void collectDeprecated(GraphQLSchema schema, Document document, GraphQLType parent,
                                          SelectionSet selections, List<String> deprecated) {
        if (selections == null) {
            return;
        }
        for (Selection<?> selection : selections.getSelections()) {
            switch (selection) {
                case Field field when parent instanceof GraphQLFieldsContainer container -> {
                    GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
                    if (definition == null) {
                        continue; // __typename
                    }
                    if (definition.isDeprecated()) {
                        deprecated.add(container.getName() + "." + field.getName() + ": "
                                + definition.getDeprecationReason());
                    }
                    for (Argument argument : field.getArguments()) {
                        GraphQLArgument argumentDefinition = definition.getArgument(argument.getName());
                        if (argumentDefinition != null && argumentDefinition.isDeprecated()) {
                            deprecated.add(container.getName() + "." + field.getName() + "(" + argument.getName()
                                    + "): " + argumentDefinition.getDeprecationReason());
                        }
                    }
                    collectDeprecated(schema, document, GraphQLTypeUtil.unwrapAll(definition.getType()),
                            field.getSelectionSet(), deprecated);
                }
                case InlineFragment fragment -> collectDeprecated(schema, document,
                        fragment.getTypeCondition() == null ? parent
                                : schema.getType(fragment.getTypeCondition().getName()),
                        fragment.getSelectionSet(), deprecated);
                case FragmentSpread spread -> {
                    FragmentDefinition definition = document.getDefinitionsOfType(FragmentDefinition.class).stream()
                            .filter(f -> f.getName().equals(spread.getName())).findFirst().orElseThrow();
                    collectDeprecated(schema, document, schema.getType(definition.getTypeCondition().getName()),
                            definition.getSelectionSet(), deprecated);
                }
                default -> {
                }
            }
        }
    }

    @Test
    void theSchemaRefusesAFieldShopifyDoesNotHave() {
        Document document = Parser.parse("query { shop { name ordersCountLegacy } }");

        List<ValidationError> errors = new Validator().validateDocument(AdminGraphql.schema(), document, Locale.ROOT);

        assertThat(errors).extracting(ValidationError::getMessage).singleElement().asString()
                .contains("ordersCountLegacy");
    }

    @Test
    void findsTheDocumentsItChecks() {
        assertThat(operationNames()).contains("OrdersPage", "CustomersPage", "ProductsPage", "OrderLineItemsPage",
                "bulk/Orders", "bulk/Customers", "bulk/Products", "BulkOperationRunQuery");
    }

    // Every .graphql file under the resource directory, as names GraphqlOperation.named accepts.
    private static List<String> operationNames() {
        // Found through a file known to be there: test classes share the package directory.
        URL url = GraphqlOperation.class.getResource(DIRECTORY + "OrdersPage.graphql");
        assertThat(url).as("the .graphql documents on the class path").isNotNull();
        try {
            Path root = Path.of(url.toURI()).getParent();
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(p -> p.toString().endsWith(".graphql"))
                        .map(p -> root.relativize(p).toString().replace('\\', '/'))
                        .map(n -> n.substring(0, n.length() - ".graphql".length()))
                        .sorted()
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
