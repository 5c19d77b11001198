package dev.shopifyingest.testkit.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Every field FakeShopify implements, by schema coordinate ({@code Type.field}). A field not in the
 * table is wired to a fetcher that fails with "FakeShopify does not implement Type.field", so a
 * query never gets a silent {@code null} for something the fake does not model.
 */
final class FieldTable {

    private final Map<String, DataFetcher<?>> fetchers = new HashMap<>();

    /** Registers the fetcher of {@code type.field}. */
    FieldTable put(String type, String field, DataFetcher<?> fetcher) {
        DataFetcher<?> previous = fetchers.putIfAbsent(type + "." + field, Objects.requireNonNull(fetcher));
        if (previous != null) {
            throw new IllegalStateException(type + "." + field + " is wired twice");
        }
        return this;
    }

    /** Registers a field computed from its source object alone. */
    <S> FieldTable value(String type, String field, Class<S> source, Function<? super S, ?> getter) {
        return put(type, field, env -> getter.apply(source.cast(env.getSource())));
    }

    /** Registers several fields whose value is the source map's entry of the same name (payload types). */
    FieldTable mapEntries(String type, List<String> fields) {
        for (String field : fields) {
            put(type, field, env -> ((Map<?, ?>) env.getSource()).get(field));
        }
        return this;
    }

    /** Registers a field computed from its source object and the request. */
    <S> FieldTable withRequest(String type, String field, Class<S> source,
                               BiFunction<? super S, RequestContext, ?> getter) {
        return put(type, field, env -> getter.apply(source.cast(env.getSource()), RequestContext.of(env)));
    }

    /** Whether {@code type.field} is implemented. */
    boolean implemented(String type, String field) {
        return fetchers.containsKey(type + "." + field);
    }

    /** The fetcher for {@code type.field}: the registered one or the loud "not implemented" one. */
    DataFetcher<?> fetcher(String type, String field) {
        DataFetcher<?> fetcher = fetchers.get(type + "." + field);
        return fetcher != null ? fetcher : NOT_IMPLEMENTED;
    }

    private static final DataFetcher<Object> NOT_IMPLEMENTED = (DataFetchingEnvironment env) -> {
        String type = env.getExecutionStepInfo().getObjectType().getName();
        throw GraphqlFailure.notImplemented(type + "." + env.getField().getName());
    };
}
