package dev.shopifyingest.app.http;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A handler for the other methods of a path, answering 405 with an {@code Allow} header.
 * Register it with {@code any(path, ...)} after the path's real routes.
 */
public final class MethodNotAllowed {

    private MethodNotAllowed() {
    }

    /**
     * A 405 handler for a path.
     *
     * @param allowed the methods the path does accept
     * @return the handler
     */
    public static Handler allowing(Method... allowed) {
        String allow = Arrays.stream(allowed).map(Method::text).collect(Collectors.joining(", "));
        ApiException error = new ApiException(Status.METHOD_NOT_ALLOWED_405, "method_not_allowed",
                "This address accepts " + allow + " only.").withHeader("Allow", allow);
        return (request, response) -> {
            throw error;
        };
    }
}
