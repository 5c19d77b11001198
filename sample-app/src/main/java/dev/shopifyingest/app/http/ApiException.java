package dev.shopifyingest.app.http;

import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request that the app refuses, with the status, machine-readable code and human message the
 * client gets as {@code {"error":{"code":"...","message":"..."}}}. Handlers and filters throw it;
 * {@link ErrorResponses} turns it into the response. Messages are shown to users: they say what
 * was wrong and never contain secrets.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Status status;
    private final String code;
    private final Map<String, String> headers;

    /**
     * Creates the exception.
     *
     * @param status  the HTTP status (4xx or 5xx)
     * @param code    a stable, lower-snake-case code clients may branch on
     * @param message a message for people
     */
    public ApiException(Status status, String code, String message) {
        this(status, code, message, Map.of());
    }

    private ApiException(Status status, String code, String message, Map<String, String> headers) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
        this.headers = Map.copyOf(headers);
    }

    /**
     * The same error with one more response header, such as {@code Retry-After} or {@code Allow}.
     *
     * @param name  the header's name
     * @param value its value
     * @return a new exception
     */
    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(status, code, getMessage(), more);
    }

    /** 400 with a code and message. */
    public static ApiException badRequest(String code, String message) {
        return new ApiException(Status.BAD_REQUEST_400, code, message);
    }

    /** 401: the request needs a valid session. */
    public static ApiException unauthenticated() {
        return new ApiException(Status.UNAUTHORIZED_401, "unauthenticated", "Log in to continue.");
    }

    /** 403 with a code and message. */
    public static ApiException forbidden(String code, String message) {
        return new ApiException(Status.FORBIDDEN_403, code, message);
    }

    /** The HTTP status. */
    public Status status() {
        return status;
    }

    /** The machine-readable code. */
    public String code() {
        return code;
    }

    /** Extra response headers. */
    public Map<String, String> headers() {
        return headers;
    }
}
