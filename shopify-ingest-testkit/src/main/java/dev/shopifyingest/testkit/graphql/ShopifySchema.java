package dev.shopifyingest.testkit.graphql;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.shopifyingest.testkit.store.FakeCustomer;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeProduct;
import dev.shopifyingest.testkit.store.FakeShop;
import dev.shopifyingest.testkit.webhook.WebhookSubscription;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.Document;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.TypeResolver;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.ScalarWiringEnvironment;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shopify's Admin API 2026-10 as an executable graphql-java schema, wired to FakeShopify's data
 * fetchers. Building it takes seconds and hundreds of megabytes, so it is built once per JVM, on
 * first use, and shared by every {@link AdminGraphql}: the fetchers hold no state and read the
 * shop and the token from each request's {@link RequestContext}.
 */
final class ShopifySchema {

    static final String RESOURCE = "/dev/shopifyingest/testkit/schema/admin_2026-10.json.gz";
    private static final Logger LOG = LoggerFactory.getLogger(ShopifySchema.class);
    private static final int PARSE_CACHE_SIZE = 1_000;
    private static final Pattern FILTER_ROW = Pattern.compile("(?m)^\\| ([a-z0-9_.{}]+) \\| [a-z]+ \\|");

    private final GraphQLSchema schema;
    private final GraphQL graphql;
    private final FieldTable fields;
    private final EntitySearch search;
    private final Map<String, ParsedQuery> parsed = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParsedQuery> eldest) {
            return size() > PARSE_CACHE_SIZE;
        }
    };

    /** A query document once parsed and validated: the document, or the errors that stop it. */
    record ParsedQuery(Document document, List<GraphQLError> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    private static final class Holder {
        static final ShopifySchema INSTANCE = load();
    }

    private ShopifySchema(GraphQLSchema schema, FieldTable fields, EntitySearch search) {
        this.schema = schema;
        this.fields = fields;
        this.search = search;
        this.graphql = GraphQL.newGraphQL(schema)
                .defaultDataFetcherExceptionHandler(ShopifySchema::handle)
                .preparsedDocumentProvider((input, compute) ->
                        CompletableFuture.completedFuture(new PreparsedDocumentEntry(parse(input.getQuery()).document())))
                .build();
    }

    /** The shared instance, built on first use. */
    static ShopifySchema get() {
        return Holder.INSTANCE;
    }

    GraphQLSchema schema() {
        return schema;
    }

    GraphQL graphql() {
        return graphql;
    }

    FieldTable fields() {
        return fields;
    }

    EntitySearch search() {
        return search;
    }

    /** Parses and validates {@code query} against the schema; results are cached by query text. */
    ParsedQuery parse(String query) {
        synchronized (parsed) {
            ParsedQuery cached = parsed.get(query);
            if (cached != null) {
                return cached;
            }
        }
        ParseAndValidateResult result = ParseAndValidate.parseAndValidate(schema,
                ExecutionInput.newExecutionInput(query).build());
        ParsedQuery entry = new ParsedQuery(result.getDocument(), List.copyOf(result.getErrors()));
        synchronized (parsed) {
            parsed.put(query, entry);
        }
        return entry;
    }

    private static ShopifySchema load() {
        long started = System.nanoTime();
        Map<String, Object> introspection;
        try (InputStream in = ShopifySchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Shopify's schema is missing from the classpath: " + RESOURCE);
            }
            introspection = Json.MAPPER.readValue(new GZIPInputStream(in), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Shopify's schema " + RESOURCE, e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) introspection.get("data");
        Map<String, Set<String>> filters = searchFilters(data);
        Document sdl = new IntrospectionResultToSchema().createSchemaDefinition(data);
        FieldTable fields = new FieldTable();
        QueryFields.register(fields);
        EntityFields.register(fields);
        MutationFields.register(fields);
        BulkFields.register(fields);
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring().wiringFactory(new Wiring(fields));
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().buildRegistry(sdl),
                wiring.build());
        LOG.info("Built Shopify's Admin API 2026-10 schema ({} types) in {} ms", schema.getAllTypesAsList().size(),
                (System.nanoTime() - started) / 1_000_000);
        return new ShopifySchema(schema, fields, new EntitySearch(filters));
    }

    // Filter names Shopify documents per connection, from the table in each `query:` argument's description.
    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> searchFilters(Map<String, Object> data) {
        Map<String, Set<String>> filters = new HashMap<>();
        Map<String, Object> root = (Map<String, Object>) data.get("__schema");
        for (Map<String, Object> type : (List<Map<String, Object>>) root.get("types")) {
            if (!"QueryRoot".equals(type.get("name"))) {
                continue;
            }
            for (Map<String, Object> field : (List<Map<String, Object>>) type.get("fields")) {
                for (Map<String, Object> arg : (List<Map<String, Object>>) field.get("args")) {
                    if ("query".equals(arg.get("name")) && arg.get("description") instanceof String description) {
                        Set<String> names = new LinkedHashSet<>();
                        Matcher m = FILTER_ROW.matcher(description);
                        while (m.find()) {
                            names.add(m.group(1));
                        }
                        filters.put((String) field.get("name"), names);
                    }
                }
            }
        }
        return filters;
    }

    private static CompletableFuture<DataFetcherExceptionHandlerResult> handle(
            graphql.execution.DataFetcherExceptionHandlerParameters params) {
        Throwable e = params.getException();
        GraphqlErrorBuilder<?> error = GraphqlErrorBuilder.newError().path(params.getPath());
        if (params.getSourceLocation() != null) {
            error.location(params.getSourceLocation());
        }
        if (e instanceof GraphqlFailure failure) {
            error.message("%s", failure.getMessage()).extensions(failure.extensions());
        } else {
            LOG.warn("FakeShopify failed resolving {}", params.getPath(), e);
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("code", "INTERNAL_SERVER_ERROR");
            extensions.put("fakeShopifyCause", String.valueOf(e));
            error.message("%s", "Internal error. Looks like something went wrong on our end.")
                    .extensions(extensions);
        }
        return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult()
                .error(error.build()).build());
    }

    /** Wires every field through the {@link FieldTable}, the custom scalars and one type resolver. */
    private static final class Wiring implements WiringFactory {
        private final FieldTable fields;

        Wiring(FieldTable fields) {
            this.fields = fields;
        }

        @Override
        public boolean providesScalar(ScalarWiringEnvironment environment) {
            return !ScalarInfo.isGraphqlSpecifiedScalar(environment.getScalarTypeDefinition().getName());
        }

        @Override
        public graphql.schema.GraphQLScalarType getScalar(ScalarWiringEnvironment environment) {
            return ShopifyScalars.scalar(environment.getScalarTypeDefinition().getName());
        }

        @Override
        public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
            return true;
        }

        @Override
        public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
            return TYPES;
        }

        @Override
        public boolean providesTypeResolver(UnionWiringEnvironment environment) {
            return true;
        }

        @Override
        public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
            return TYPES;
        }

        @Override
        public boolean providesDataFetcher(FieldWiringEnvironment environment) {
            return true;
        }

        @Override
        public DataFetcher<?> getDataFetcher(FieldWiringEnvironment environment) {
            return fields.fetcher(environment.getParentType().getName(), environment.getFieldDefinition().getName());
        }
    }

    private static final TypeResolver TYPES = env -> {
        Object source = env.getObject();
        String name = switch (source) {
            case FakeOrder o -> "Order";
            case FakeCustomer c -> "Customer";
            case FakeProduct p -> "Product";
            case FakeShop s -> "Shop";
            case Views.Variant v -> "ProductVariant";
            case Views.LineItem l -> "LineItem";
            case Views.Refund r -> "Refund";
            case Views.Address a -> "MailingAddress";
            case Views.HttpEndpoint h -> "WebhookHttpEndpoint";
            case Views.UserError u -> u.typeName();
            case WebhookSubscription w -> "WebhookSubscription";
            case BulkOperation.Snapshot b -> "BulkOperation";
            default -> throw GraphqlFailure.notImplemented("the GraphQL type of " + source.getClass().getSimpleName());
        };
        GraphQLObjectType type = env.getSchema().getObjectType(name);
        if (type == null) {
            throw new IllegalStateException("No object type " + name + " in Shopify's schema");
        }
        return type;
    };
}
