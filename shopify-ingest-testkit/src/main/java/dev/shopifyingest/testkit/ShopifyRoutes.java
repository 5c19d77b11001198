package dev.shopifyingest.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.common.InputStreamSource;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.shopifyingest.testkit.fault.Endpoint;
import dev.shopifyingest.testkit.fault.Fault;
import dev.shopifyingest.testkit.fault.FaultKind;
import dev.shopifyingest.testkit.fault.Faults;
import dev.shopifyingest.testkit.graphql.GraphqlCall;
import dev.shopifyingest.testkit.graphql.GraphqlReply;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.oauth.AccessToken;
import dev.shopifyingest.testkit.oauth.OAuthReply;
import dev.shopifyingest.testkit.oauth.OAuthServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FakeShopify's HTTP side: one WireMock response transformer that the fake's stubs name, which
 * routes each request to the Admin API, bulk download or OAuth handling and injects the faults the
 * plan selects. Going through stubs keeps every request in WireMock's journal.
 */
final class ShopifyRoutes implements ResponseTransformerV2 {

    static final String NAME = "fake-shopify-routes";
    static final String ROUTE = "route";

    private static final Logger LOG = LoggerFactory.getLogger(ShopifyRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final Pattern GRAPHQL_PATH = Pattern.compile("/admin/api/([^/]+)/graphql\\.json");
    // Shopify's quarterly versions (any yyyy-mm is accepted and falls forward) and "unstable".
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}|unstable");
    private static final Pattern BULK_PATH = Pattern.compile("/fake-shopify/bulk/([A-Za-z0-9._-]+)");
    private static final String NOT_FOUND = "{\"errors\":\"Not Found\"}";

    /** A reply before it becomes a WireMock response. */
    private record Reply(int status, Map<String, String> headers, byte[] body, InputStreamSource stream,
                         com.github.tomakehurst.wiremock.http.Fault connectionFault, long delayMillis) {

        static Reply of(int status, Map<String, String> headers, String body) {
            return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8), null, null, 0);
        }

        static Reply json(int status, String body) {
            return of(status, Map.of("Content-Type", JSON_TYPE), body);
        }

        static Reply connectionFault(com.github.tomakehurst.wiremock.http.Fault fault) {
            return new Reply(200, Map.of(), new byte[0], null, fault, 0);
        }

        Reply delayed(long millis) {
            return new Reply(status, headers, body, stream, connectionFault, delayMillis + millis);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, more, body, stream, connectionFault, delayMillis);
        }
    }

    private final OAuthServer oauth;
    private final Faults faults;
    private final GraphqlBackend graphql;
    private final ThrottleSettings throttle;
    private final String apiVersion;

    ShopifyRoutes(OAuthServer oauth, Faults faults, GraphqlBackend graphql, ThrottleSettings throttle,
                  String apiVersion) {
        this.oauth = oauth;
        this.faults = faults;
        this.graphql = graphql;
        this.throttle = throttle;
        this.apiVersion = apiVersion;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public Response transform(Response response, ServeEvent event) {
        LoggedRequest request = event.getRequest();
        String route = event.getTransformerParameters().getString(ROUTE, "not-found");
        Reply reply;
        try {
            reply = switch (route) {
                case "graphql" -> graphql(request);
                case "bulk" -> bulk(request);
                case "authorize" -> fromOAuth(oauth.authorize(queryParameters(request)));
                case "token" -> withFault(Endpoint.OAUTH_TOKEN, () -> token(request), () -> null);
                case "access-scopes" -> accessScopes(request);
                default -> Reply.json(404, NOT_FOUND);
            };
        } catch (RuntimeException e) {
            LOG.warn("FakeShopify failed to answer {} {}", request.getMethod(), path(request), e);
            reply = Reply.json(500, "{\"errors\":\"Internal Server Error\"}");
        }
        return toResponse(response, reply);
    }

    // ---- Admin GraphQL ------------------------------------------------------------------------

    private Reply graphql(LoggedRequest request) {
        Matcher path = GRAPHQL_PATH.matcher(path(request));
        if (!path.matches() || !VERSION.matcher(path.group(1)).matches()) {
            return Reply.json(404, NOT_FOUND);
        }
        String requestId = UUID.randomUUID().toString();
        Reply reply = withFault(Endpoint.GRAPHQL, () -> executeGraphql(request), () -> requestId);
        return reply.connectionFault() != null ? reply
                : reply.withHeader("X-Shopify-API-Version", apiVersion).withHeader("X-Request-Id", requestId);
    }

    private Reply executeGraphql(LoggedRequest request) {
        Optional<AccessToken> token = authenticate(request);
        if (token.isEmpty()) {
            return Reply.json(401, OAuthServer.INVALID_TOKEN_BODY);
        }
        String contentType = Optional.ofNullable(header(request, "Content-Type")).orElse("")
                .toLowerCase(Locale.ROOT);
        String body = request.getBodyAsString();
        if (contentType.startsWith("application/graphql")) {
            body = writeJson(Map.of("query", body));
        } else if (!contentType.startsWith("application/json")) {
            return Reply.json(400, "{\"errors\":{\"query\":\"Required parameter missing or invalid\"}}");
        }
        String debug = header(request, "Shopify-GraphQL-Cost-Debug");
        boolean costDebug = "1".equals(debug) || "true".equalsIgnoreCase(debug);
        GraphqlReply reply = graphql.execute(new GraphqlCall(body, token.get().scopes(), costDebug));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JSON_TYPE);
        headers.putAll(reply.headers());
        return Reply.of(reply.status(), headers, reply.body());
    }

    private Optional<AccessToken> authenticate(LoggedRequest request) {
        return oauth.authenticate(header(request, "X-Shopify-Access-Token"));
    }

    private Reply accessScopes(LoggedRequest request) {
        Optional<AccessToken> token = authenticate(request);
        if (token.isEmpty()) {
            return Reply.json(401, OAuthServer.INVALID_TOKEN_BODY);
        }
        List<Map<String, String>> handles = token.get().scopes().stream().sorted().map(s -> Map.of("handle", s))
                .toList();
        return Reply.json(200, writeJson(Map.of("access_scopes", handles)));
    }

    // ---- bulk results -------------------------------------------------------------------------

    private Reply bulk(LoggedRequest request) {
        Matcher path = BULK_PATH.matcher(path(request));
        if (!path.matches()) {
            return Reply.json(404, NOT_FOUND);
        }
        Optional<Fault> fault = faults.select(Endpoint.BULK_DOWNLOAD);
        if (fault.isPresent() && fault.get().kind() == FaultKind.TRUNCATED_BODY) {
            return bulkFile(path.group(1), fault.get().fraction());
        }
        return applyFault(fault, () -> bulkFile(path.group(1), 1.0), () -> null);
    }

    private Reply bulkFile(String fileName, double fraction) {
        Optional<Path> file = graphql.bulkResult(fileName).filter(Files::isRegularFile);
        if (file.isEmpty()) {
            return Reply.json(404, NOT_FOUND);
        }
        long size;
        try {
            size = Files.size(file.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long limit = fraction >= 1.0 ? size : (long) Math.floor(size * fraction);
        InputStreamSource stream = () -> {
            try {
                return new LimitedInputStream(Files.newInputStream(file.get()), limit);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return new Reply(200, Map.of("Content-Type", "application/jsonl"), null, stream, null, 0);
    }

    /** Reads at most {@code limit} bytes of the stream it wraps. */
    private static final class LimitedInputStream extends FilterInputStream {
        private long left;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    // ---- OAuth --------------------------------------------------------------------------------

    private Reply token(LoggedRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        queryParameters(request).forEach((k, v) -> params.put(k, v.get(0)));
        String contentType = Optional.ofNullable(header(request, "Content-Type")).orElse("").toLowerCase(Locale.ROOT);
        String body = request.getBodyAsString();
        if (contentType.startsWith("application/json")) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.isObject()) {
                    node.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
                }
            } catch (JsonProcessingException e) {
                return Reply.json(400,
                        "{\"error\":\"invalid_request\",\"error_description\":\"The request body is not valid JSON\"}");
            }
        } else if (!body.isEmpty()) {
            decodeQuery(body).forEach((k, v) -> params.put(k, v.get(0)));
        }
        return fromOAuth(oauth.token(params));
    }

    private static Reply fromOAuth(OAuthReply reply) {
        return Reply.of(reply.status(), reply.headers(), reply.body());
    }

    // ---- faults -------------------------------------------------------------------------------

    private Reply withFault(Endpoint endpoint, Supplier<Reply> real, Supplier<String> requestId) {
        return applyFault(faults.select(endpoint), real, requestId);
    }

    private Reply applyFault(Optional<Fault> selected, Supplier<Reply> real, Supplier<String> requestId) {
        if (selected.isEmpty()) {
            return real.get();
        }
        Fault fault = selected.get();
        return switch (fault.kind()) {
            case SERVER_ERROR -> Reply.json(fault.status(), "{\"errors\":\"" + reasonPhrase(fault.status()) + "\"}");
            case TOO_MANY_REQUESTS -> Reply.json(429, "{\"errors\":\"Exceeded 2 calls per second for api client. "
                    + "Reduce request rates to resume uninterrupted service.\"}")
                    .withHeader("Retry-After", seconds(fault.delay().toMillis()));
            case THROTTLED -> Reply.json(429, throttledBody()).withHeader("Retry-After", "1.0");
            case CONNECTION_RESET -> Reply.connectionFault(
                    com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER);
            case RANDOM_DATA_THEN_CLOSE -> Reply.connectionFault(
                    com.github.tomakehurst.wiremock.http.Fault.RANDOM_DATA_THEN_CLOSE);
            case MALFORMED_RESPONSE_CHUNK -> Reply.connectionFault(
                    com.github.tomakehurst.wiremock.http.Fault.MALFORMED_RESPONSE_CHUNK);
            case EMPTY_RESPONSE -> Reply.connectionFault(com.github.tomakehurst.wiremock.http.Fault.EMPTY_RESPONSE);
            case SLOW_RESPONSE -> real.get().delayed(fault.delay().toMillis());
            case MALFORMED_JSON -> Reply.json(200, "{\"data\":{\"shop\":{\"name\":\"Demo St");
            case SHOP_FROZEN -> Reply.json(402, "{\"errors\":\"Unavailable Shop\"}");
            case SHOP_LOCKED -> Reply.json(423, "{\"errors\":\"This store is unavailable\"}");
            case GRAPHQL_SHOP_INACTIVE -> Reply.json(200, graphqlError("Shop is inactive. The shop is not currently "
                    + "active, so the request cannot be fulfilled.", "SHOP_INACTIVE", null));
            case GRAPHQL_ACCESS_DENIED -> Reply.json(200, accessDeniedBody(fault.text()));
            case GRAPHQL_THROTTLED -> Reply.json(200, throttledBody());
            case MAX_COST_EXCEEDED -> Reply.json(200, writeJson(Map.of("errors",
                    List.of(GraphqlReply.maxCostExceededError(2003, 1000)))));
            case DEPRECATED_API_USE -> real.get().withHeader("X-Shopify-API-Deprecated-Reason", fault.text());
            case GRAPHQL_INTERNAL_ERROR -> {
                String id = Optional.ofNullable(requestId.get()).orElseGet(() -> UUID.randomUUID().toString());
                yield Reply.json(200, graphqlError("Internal error. Looks like something went wrong on our end.\n"
                        + "Request ID: " + id + " (include this in support requests).", "INTERNAL_SERVER_ERROR", id));
            }
            case TRUNCATED_BODY, DUPLICATE_DELIVERY, DELAYED_DELIVERY, OUT_OF_ORDER_DELIVERY ->
                    throw new IllegalStateException(fault.kind() + " does not apply to this route");
        };
    }

    private String throttledBody() {
        Map<String, Object> throttleStatus = new LinkedHashMap<>();
        throttleStatus.put("maximumAvailable", throttle.maximumAvailable());
        throttleStatus.put("currentlyAvailable", 0);
        throttleStatus.put("restoreRate", throttle.restoreRate());
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("requestedQueryCost", 100);
        cost.put("actualQueryCost", null);
        cost.put("throttleStatus", throttleStatus);
        return writeJson(Map.of(
                "errors", List.of(Map.of("message", "Throttled", "extensions",
                        Map.of("code", "THROTTLED", "documentation", "https://shopify.dev/api/usage/rate-limits"))),
                "extensions", Map.of("cost", cost)));
    }

    // The shape of the engine's own denial of a field whose scope the token lacks.
    private static String accessDeniedBody(String scope) {
        String required = "`" + scope + "` access scope.";
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", "ACCESS_DENIED");
        extensions.put("documentation", "https://shopify.dev/api/usage/access-scopes");
        extensions.put("requiredAccess", required);
        return writeJson(Map.of("errors", List.of(Map.of("message", "Access denied for orders field. Required access: "
                + required, "extensions", extensions))));
    }

    private static String graphqlError(String message, String code, String requestId) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code);
        if (requestId != null) {
            extensions.put("requestId", requestId);
        }
        return writeJson(Map.of("errors", List.of(Map.of("message", message, "extensions", extensions))));
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Server Error";
        };
    }

    // Whole seconds, rounded up, written with a decimal as Shopify does ("2.0").
    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", Math.ceil(millis / 1000.0));
    }

    // ---- HTTP plumbing ------------------------------------------------------------------------

    private static Response toResponse(Response base, Reply reply) {
        List<HttpHeader> headers = new ArrayList<>();
        reply.headers().forEach((k, v) -> headers.add(new HttpHeader(k, v)));
        Response.Builder out = Response.Builder.like(base).but().status(reply.status())
                .headers(new HttpHeaders(headers)).configured(true);
        if (reply.stream() != null) {
            out.body(reply.stream());
        } else {
            out.body(reply.body());
        }
        if (reply.connectionFault() != null) {
            out.fault(reply.connectionFault());
        }
        if (reply.delayMillis() > 0) {
            out.incrementInitialDelay(reply.delayMillis());
        }
        return out.build();
    }

    private static String path(LoggedRequest request) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static String header(LoggedRequest request, String name) {
        HttpHeader header = request.header(name);
        return header.isPresent() ? header.firstValue() : null;
    }

    private static Map<String, List<String>> queryParameters(LoggedRequest request) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        return q < 0 ? Map.of() : decodeQuery(url.substring(q + 1));
    }

    static Map<String, List<String>> decodeQuery(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }
}
