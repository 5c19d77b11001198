package dev.shopifyingest.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.insights.InsightsUnavailableException;
import dev.shopifyingest.jdbc.StoreUnavailableException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every 4xx and 5xx response a JSON {@link ErrorBody}, whatever produced it: an
 * {@link ApiException} from a handler, Helidon's own "no route" (404) or "body too large" (413),
 * a malformed request rejected before routing, or an unexpected exception (500, logged with an
 * incident id that the response repeats, never with the exception's text in the response).
 */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    /** What a 503 asks clients to wait before trying again. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final ObjectMapper mapper;
    private final long maxRequestBytes;

    /**
     * Creates the error responses.
     *
     * @param mapper          the JSON mapper
     * @param maxRequestBytes the request-body limit, quoted in 413 messages
     */
    public ErrorResponses(ObjectMapper mapper, long maxRequestBytes) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.maxRequestBytes = maxRequestBytes;
    }

    /**
     * Registers the error handlers of a routing: for errors raised by filters and handlers.
     *
     * @param routing the routing
     */
    public void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, this::apiError)
                .error(HttpException.class, this::httpError)
                .error(Throwable.class, this::unexpectedError);
    }

    /**
     * The handlers for errors the server meets outside routing: malformed requests, bodies over
     * the limit, headers too large.
     *
     * @return direct handlers answering in JSON
     */
    public DirectHandlers directHandlers() {
        DirectHandler handler = (request, eventType, status, headers, message) -> {
            byte[] body = bytes(bodyFor(status));
            DirectHandler.TransportResponse.Builder response = DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, HeaderValues.CONTENT_TYPE_JSON.values())
                    .entity(body);
            return response.build();
        };
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    private void apiError(ServerRequest request, ServerResponse response, ApiException e) {
        e.headers().forEach((name, value) -> response.header(HeaderNames.create(name), value));
        Json.send(mapper, response, e.status(), ErrorBody.of(e.code(), e.getMessage()));
    }

    private void httpError(ServerRequest request, ServerResponse response, HttpException e) {
        Status status = e.status();
        if (status.code() >= 500) {
            unexpectedError(request, response, e);
            return;
        }
        Json.send(mapper, response, status, bodyFor(status));
    }

    private void unexpectedError(ServerRequest request, ServerResponse response, Throwable e) {
        if (isDatabaseBusyOrGone(e)) {
            LOG.warn("No database connection for {} {}: {}", request.prologue().method().text(), request.path().path(),
                    e.getMessage());
            response.header(HeaderNames.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
            Json.send(mapper, response, Status.SERVICE_UNAVAILABLE_503, ErrorBody.of("unavailable",
                    "The service is busy or its database is unreachable. Try again in a few seconds."));
            return;
        }
        String incident = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        LOG.error("Unexpected error, incident {}, on {} {}", incident, request.prologue().method().text(),
                request.path().path(), e);
        Json.send(mapper, response, Status.INTERNAL_SERVER_ERROR_500, ErrorBody.of("internal_error",
                "Something went wrong on our side (incident " + incident + "). Try again later."));
    }

    /**
     * Whether the request failed for want of a database connection (every pooled connection busy
     * for the pool's timeout, or the database down): an overload or an outage, not a bug, so the
     * client is told to come back rather than shown an incident.
     */
    static boolean isDatabaseBusyOrGone(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof StoreUnavailableException
                    || cause instanceof InsightsUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private ErrorBody bodyFor(Status status) {
        return switch (status.code()) {
            case 400 -> ErrorBody.of("bad_request", "The request is malformed.");
            case 401 -> ErrorBody.of("unauthenticated", "Log in to continue.");
            case 403 -> ErrorBody.of("forbidden", "This request is not allowed.");
            case 404 -> ErrorBody.of("not_found", "There is nothing at this address.");
            case 405 -> ErrorBody.of("method_not_allowed", "This address does not accept this method.");
            case 408 -> ErrorBody.of("request_timeout", "The request took too long to arrive.");
            case 413 -> ErrorBody.of("payload_too_large",
                    "The request body is larger than the limit of " + maxRequestBytes + " bytes.");
            case 414 -> ErrorBody.of("uri_too_long", "The request address is too long.");
            case 415 -> ErrorBody.of("unsupported_media_type", "The request body has an unsupported content type.");
            case 429 -> ErrorBody.of("too_many_requests", "Too many requests. Try again later.");
            case 431 -> ErrorBody.of("headers_too_large", "The request headers are too large.");
            case 503 -> ErrorBody.of("unavailable", "The service is unavailable. Try again later.");
            case 505 -> ErrorBody.of("http_version_not_supported", "This HTTP version is not supported.");
            default -> status.code() >= 500
                    ? ErrorBody.of("internal_error", "Something went wrong on our side. Try again later.")
                    : ErrorBody.of("http_" + status.code(), status.reasonPhrase());
        };
    }

    private byte[] bytes(ErrorBody body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Two strings in a record: cannot happen, but never leave a client without a body.
            return "{\"error\":{\"code\":\"internal_error\",\"message\":\"Error.\"}}".getBytes(StandardCharsets.UTF_8);
        }
    }
}
