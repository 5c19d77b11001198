package dev.shopifyingest.testkit;

import dev.shopifyingest.testkit.graphql.GraphqlCall;
import dev.shopifyingest.testkit.graphql.GraphqlReply;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the HTTP side needs from the GraphQL engine: {@code AdminGraphql} in production, a small
 * stand-in in tests of the HTTP side itself.
 */
interface GraphqlBackend {

    /** Executes one authenticated request. */
    GraphqlReply execute(GraphqlCall call);

    /** A finished bulk operation's result file, by the file name its URL ends in. */
    Optional<Path> bulkResult(String fileName);
}
