package dev.shopifyingest.testkit;

import dev.shopifyingest.testkit.graphql.GraphqlCall;
import dev.shopifyingest.testkit.graphql.GraphqlReply;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the GraphQL engine, so the HTTP side is tested on its own: it records each call
 * and answers a fixed body; bulk result files are whatever the test registers.
 */
final class StandInGraphql implements GraphqlBackend {

    static final String ANSWER = "{\"data\":{\"shop\":{\"name\":\"Demo Store\"}}}";

    final List<GraphqlCall> calls = new CopyOnWriteArrayList<>();
    final Map<String, Path> bulkFiles = new ConcurrentHashMap<>();

    @Override
    public GraphqlReply execute(GraphqlCall call) {
        calls.add(call);
        return new GraphqlReply(200, ANSWER, Map.of());
    }

    @Override
    public Optional<Path> bulkResult(String fileName) {
        return Optional.ofNullable(bulkFiles.get(fileName));
    }
}
