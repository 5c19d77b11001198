package dev.shopifyingest.core.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One GraphQL document the client sends. The project's operations live as {@code .graphql}
 * resources (one operation per file) so a test can validate each against Shopify's schema.
 *
 * @param name the operation name, used for cost estimates and logs
 * @param document the GraphQL text
 */
public record GraphqlOperation(String name, String document) {

    private static final String RESOURCE_DIR = "/dev/shopifyingest/core/graphql/";

    /** Checks both fields. */
    public GraphqlOperation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
        if (document.isBlank()) {
            throw new IllegalArgumentException("A GraphQL operation needs a document");
        }
    }

    /**
     * Loads one of the project's operations by file name without extension, e.g. {@code OrdersPage}.
     *
     * @throws IllegalArgumentException when there is no such operation
     */
    public static GraphqlOperation named(String name) {
        try (InputStream in = GraphqlOperation.class.getResourceAsStream(RESOURCE_DIR + name + ".graphql")) {
            if (in == null) {
                throw new IllegalArgumentException("No GraphQL operation named " + name);
            }
            return new GraphqlOperation(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
