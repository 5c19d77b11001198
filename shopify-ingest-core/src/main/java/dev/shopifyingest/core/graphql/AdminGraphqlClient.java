package dev.shopifyingest.core.graphql;

import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.internal.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shopify's Admin GraphQL API for any number of shops, respecting each shop's limits.
 *
 * <p>The client learns each shop's leaky bucket from the {@code extensions.cost} of every
 * response and waits before a query the bucket cannot afford, so a paced caller is not refused.
 * A THROTTLED reply or HTTP 429 (honouring {@code Retry-After}), HTTP 5xx, Shopify's
 * {@code INTERNAL_SERVER_ERROR} and broken connections are retried with exponential backoff and
 * jitter; only when retries run out does a call fail, with a {@link ShopifyApiException} subtype
 * saying what to do. A 401 first asks the {@link AccessTokenSource} for a fresh token.
 *
 * <p>Thread-safe; share one instance per application.
 */
public final class AdminGraphqlClient {

    /** The Admin API version the project is built and tested against. */
    public static final String DEFAULT_API_VERSION = "2026-10";

    private static final Logger LOG = LoggerFactory.getLogger(AdminGraphqlClient.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String DEPRECATION_HEADER = "X-Shopify-API-Deprecated-Reason";
    /** Shopify refuses any single query whose requested cost exceeds this. */
    private static final double MAX_SINGLE_QUERY_COST = 1_000;
    /** A shop's kind of retried failure is logged at WARN at most once in this long; DEBUG otherwise. */
    private static final Duration FAILURE_REPORT_INTERVAL = Duration.ofHours(1);

    private final OkHttpClient http;
    private final ShopBaseUrl baseUrl;
    private final String apiVersion;
    private final Clock clock;
    private final Sleeper sleeper;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Random jitter;
    private final DeprecationListener deprecations;
    private final Map<ShopDomain, CostBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Double> lastRequestedCost = new ConcurrentHashMap<>();
    private final Set<String> reportedDeprecations = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> reportedFailures = new ConcurrentHashMap<>();

    private AdminGraphqlClient(Builder builder) {
        this.http = builder.http;
        this.baseUrl = builder.baseUrl;
        this.apiVersion = builder.apiVersion;
        this.clock = builder.clock;
        this.sleeper = builder.sleeper;
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.jitter = builder.jitter;
        this.deprecations = builder.deprecations;
    }

    /** A builder with production defaults: real Shopify over HTTPS, API version 2026-10. */
    public static Builder builder() {
        return new Builder();
    }

    /** The API version this client requests. */
    public String apiVersion() {
        return apiVersion;
    }

    /**
     * Runs one operation for one shop and returns its data.
     *
     * @param shop the shop
     * @param tokens its access token
     * @param operation the query or mutation
     * @param variables the operation's variables (values: strings, numbers, booleans, lists, maps, nulls)
     * @throws ShopifyApiException when Shopify refuses the call or keeps failing after every retry
     */
    public GraphqlResponse execute(ShopDomain shop, AccessTokenSource tokens, GraphqlOperation operation,
                                   Map<String, ?> variables) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(operation, "operation");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", operation.document());
        body.put("variables", variables == null ? Map.of() : variables);
        RequestBody requestBody = RequestBody.create(Json.write(body), JSON);
        Request.Builder request = new Request.Builder()
                .url(baseUrl.resolve(shop, "admin/api/" + apiVersion + "/graphql.json"))
                .header("Accept", "application/json")
                .post(requestBody);
        CostBucket bucket = buckets.computeIfAbsent(shop, s -> new CostBucket());
        String costKey = costKey(shop, operation, variables);
        String token = tokens.accessToken();
        Set<String> secrets = new HashSet<>();
        secrets.add(token);
        boolean refreshed = false;
        Exception lastFailure = null;
        String lastRequestId = null;
        int throttledAttempts = 0;

        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            // A query of a shape not seen yet may cost up to the single-query limit: wait for that much.
            pause(bucket.reserve(lastRequestedCost.getOrDefault(costKey, MAX_SINGLE_QUERY_COST), clock.instant()));
            Attempt outcome;
            try (Response response = http.newCall(request.header("X-Shopify-Access-Token", token).build()).execute()) {
                reportDeprecation(shop, response);
                outcome = interpret(shop, operation, response, bucket, costKey, secrets);
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new ShopifyApiException("The call to Shopify for " + shop + " was interrupted", e);
                }
                outcome = Attempt.retry(e);
            } catch (IOException e) {
                outcome = Attempt.retry(e);
            }
            if (outcome.response != null) {
                return outcome.response;
            }
            if (outcome.unauthorized) {
                String fresh = refreshed ? null : tokens.refreshAfterRejection(token);
                if (fresh == null) {
                    throw new ShopifyAccessRevokedException(shop.value(), 401);
                }
                LOG.info("Shopify rejected the access token for {}; retrying once with a refreshed one", shop);
                token = fresh;
                secrets.add(token);
                refreshed = true;
                attempt--;
                continue;
            }
            lastFailure = outcome.failure;
            lastRequestId = outcome.requestId;
            if (outcome.throttled) {
                throttledAttempts++;
            }
            if (attempt < maxAttempts) {
                // Exponential backoff by attempt, unless Shopify said how long to wait.
                Duration delay = outcome.delay != null ? outcome.delay : backoff(attempt);
                String reason = lastFailure == null ? "throttled"
                        : redact(String.valueOf(lastFailure.getMessage()), secrets);
                if (firstReportInInterval(shop, lastFailure)) {
                    // One line per shop and kind of failure, no stack trace: a bad hour at Shopify must
                    // not flood the log, yet every kind of trouble is named.
                    LOG.warn("Shopify call {} for {} failed ({}); retrying in {} ms. Further {} failures for this "
                            + "shop in the next hour are logged at DEBUG.", operation.name(), shop, reason,
                            delay.toMillis(), failureKind(lastFailure));
                } else {
                    LOG.debug("Retrying {} for {} in {} ms (attempt {} of {}): {}", operation.name(), shop,
                            delay.toMillis(), attempt, maxAttempts, reason);
                }
                pause(delay);
            }
        }
        if (throttledAttempts == maxAttempts) {
            throw new ShopifyThrottledException(shop.value(), maxAttempts);
        }
        String cause = lastFailure == null ? "throttled" : redact(String.valueOf(lastFailure.getMessage()), secrets);
        LOG.warn("Shopify kept failing for {} on {} after {} attempts: {}", operation.name(), shop, maxAttempts, cause);
        throw new ShopifyServerException("Shopify kept failing for " + operation.name() + " on " + shop + " after "
                + maxAttempts + " attempts: " + cause + ". Try again later.", lastFailure, lastRequestId);
    }

    /** Whether this kind of failure for this shop was not reported in the last interval; if so, it is now. */
    private boolean firstReportInInterval(ShopDomain shop, Exception failure) {
        Instant now = clock.instant();
        boolean[] first = {false};
        reportedFailures.compute(shop.value() + " " + failureKind(failure), (key, last) -> {
            if (last == null || !now.isBefore(last.plus(FAILURE_REPORT_INTERVAL))) {
                first[0] = true;
                return now;
            }
            return last;
        });
        return first[0];
    }

    /** A failure's kind: {@code throttled}, the HTTP status ({@code HTTP 503}) or the exception's class. */
    private static String failureKind(Exception failure) {
        if (failure == null) {
            return "throttled";
        }
        String message = String.valueOf(failure.getMessage());
        if (message.startsWith("HTTP ")) {
            int end = message.indexOf(' ', 5);
            return end < 0 ? message : message.substring(0, end);
        }
        return failure.getClass().getSimpleName();
    }

    /**
     * What one attempt came to: a response, or a reason to retry, after {@code delay} when Shopify
     * said how long to wait, else after the attempt's backoff.
     */
    private record Attempt(GraphqlResponse response, Duration delay, Exception failure, String requestId,
                           boolean throttled, boolean unauthorized) {
        static Attempt done(GraphqlResponse response) {
            return new Attempt(response, null, null, null, false, false);
        }

        static Attempt retry(Exception failure) {
            return new Attempt(null, null, failure, null, false, false);
        }

        /** A server-side failure whose response carried Shopify's request id (or null). */
        static Attempt retry(Exception failure, String requestId) {
            return new Attempt(null, null, failure, requestId, false, false);
        }

        static Attempt throttled(Duration wait) {
            return new Attempt(null, wait, null, null, true, false);
        }

        static Attempt rejectedToken() {
            return new Attempt(null, null, null, null, false, true);
        }
    }

    private Attempt interpret(ShopDomain shop, GraphqlOperation operation, Response response, CostBucket bucket,
                              String costKey, Set<String> secrets) throws IOException {
        int status = response.code();
        String text;
        try (ResponseBody body = response.body()) {
            text = body == null ? "" : body.string();
        }
        switch (status) {
            case 401 -> {
                return Attempt.rejectedToken();
            }
            case 403 -> throw new ShopifyAccessRevokedException(shop.value(), 403);
            case 402 -> throw new ShopUnavailableException(shop.value(), ShopUnavailableException.Reason.FROZEN);
            case 423 -> throw new ShopUnavailableException(shop.value(), ShopUnavailableException.Reason.LOCKED);
            case 404 -> throw new ShopifyApiException("Shopify answered 404 for " + shop
                    + ": the shop does not exist or the API version " + apiVersion + " is not served.");
            case 429 -> {
                // Either a REST-style rate limit (Retry-After) or GraphQL's THROTTLED sent as 429,
                // whose cost extension says how long the bucket needs: wait for the longer of the two.
                QueryCost cost = costOf(parseObjectOrNull(text));
                Duration bucketWait = Duration.ZERO;
                if (cost != null) {
                    bucket.observe(cost, clock.instant());
                    bucketWait = bucket.timeUntil(cost.requested(), clock.instant());
                }
                Duration retryAfter = retryAfter(response).orElse(Duration.ZERO);
                Duration wait = retryAfter.compareTo(bucketWait) >= 0 ? retryAfter : bucketWait;
                return Attempt.throttled(wait.isZero() ? null : wait);
            }
            default -> {
                if (status >= 500) {
                    return Attempt.retry(new IOException("HTTP " + status + requestIdOf(response)),
                            response.header("X-Request-Id"));
                }
                if (status != 200) {
                    throw new ShopifyApiException("Shopify answered HTTP " + status + " for " + operation.name()
                            + " on " + shop + requestIdOf(response));
                }
            }
        }
        Map<String, Object> json = parseObjectOrNull(text);
        if (json == null) {
            return Attempt.retry(new IOException("Shopify's response is not a JSON object" + requestIdOf(response)));
        }
        QueryCost cost = costOf(json);
        if (cost != null) {
            bucket.observe(cost, clock.instant());
            if (cost.actual() != null) {
                lastRequestedCost.put(costKey, cost.requested());
            }
        }
        List<Map<String, Object>> errors = errorsOf(json);
        if (!errors.isEmpty()) {
            List<String> codes = new ArrayList<>();
            List<String> messages = new ArrayList<>();
            String requestId = response.header("X-Request-Id");
            String requiredAccess = null;
            for (Map<String, Object> error : errors) {
                Map<String, Object> extensions = Json.object(error, "extensions");
                codes.add(extensions == null ? null : Json.string(extensions, "code"));
                messages.add(Json.string(error, "message"));
                if (extensions != null && Json.string(extensions, "requestId") != null) {
                    requestId = Json.string(extensions, "requestId");
                }
                if (extensions != null && requiredAccess == null) {
                    requiredAccess = Json.string(extensions, "requiredAccess");
                }
            }
            // Shopify's own words go into exception messages, so a token it quoted back is cut out.
            String joined = redact(String.join("; ", messages.stream().map(String::valueOf).toList()), secrets);
            if (codes.contains("THROTTLED")) {
                if (cost != null && cost.requested() > 0) {
                    lastRequestedCost.put(costKey, cost.requested());
                }
                double needed = cost != null ? cost.requested() : 0;
                Duration wait = bucket.timeUntil(needed, clock.instant());
                return Attempt.throttled(wait.isZero() ? null : wait);
            }
            if (codes.contains("INTERNAL_SERVER_ERROR")) {
                return Attempt.retry(new IOException("Shopify internal error: " + joined), requestId);
            }
            if (codes.contains("MAX_COST_EXCEEDED")) {
                throw new ShopifyQueryCostException(operation.name(), joined);
            }
            if (codes.contains("ACCESS_DENIED")) {
                throw new ShopifyAccessDeniedException(shop.value(), joined,
                        ShopifyAccessDeniedException.scopeNamedIn(requiredAccess != null ? requiredAccess : joined));
            }
            if (codes.contains("SHOP_INACTIVE")) {
                throw new ShopUnavailableException(shop.value(), ShopUnavailableException.Reason.INACTIVE);
            }
            throw new ShopifyGraphqlException("Shopify rejected " + operation.name() + " on " + shop + ": " + joined,
                    codes.stream().filter(Objects::nonNull).toList());
        }
        Map<String, Object> data = Json.object(json, "data");
        if (data == null) {
            throw new ShopifyGraphqlException("Shopify returned no data for " + operation.name() + " on " + shop,
                    List.of());
        }
        return Attempt.done(new GraphqlResponse(data, cost));
    }

    // Requests of one operation cost about the same when their sizes (first, lineItemsFirst, ...) match.
    private static String costKey(ShopDomain shop, GraphqlOperation operation, Map<String, ?> variables) {
        StringBuilder key = new StringBuilder(shop.value()).append('|').append(operation.name());
        if (variables != null) {
            new TreeMap<String, Object>(variables).forEach((name, value) -> {
                if (value instanceof Number) {
                    key.append('|').append(name).append('=').append(value);
                }
            });
        }
        return key.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseObjectOrNull(String text) {
        try {
            return Json.parse(text) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (Json.MalformedJsonException e) {
            return null;
        }
    }

    private static String redact(String text, Set<String> secrets) {
        String result = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                result = result.replace(secret, "<redacted>");
            }
        }
        return result;
    }

    private static List<Map<String, Object>> errorsOf(Map<String, Object> json) {
        Object errors = json.get("errors");
        if (errors == null) {
            return List.of();
        }
        if (errors instanceof String message) {
            // REST-style error bodies carry a plain string.
            return List.of(Map.of("message", message));
        }
        return Json.objects(json, "errors");
    }

    private static QueryCost costOf(Map<String, Object> json) {
        if (json == null) {
            return null;
        }
        Map<String, Object> extensions = Json.object(json, "extensions");
        Map<String, Object> cost = extensions == null ? null : Json.object(extensions, "cost");
        if (cost == null) {
            return null;
        }
        Map<String, Object> throttle = Json.object(cost, "throttleStatus");
        if (throttle == null) {
            return null;
        }
        BigDecimal actual = Json.decimal(cost, "actualQueryCost");
        BigDecimal requested = Json.decimal(cost, "requestedQueryCost");
        return new QueryCost(requested == null ? 0 : requested.doubleValue(),
                actual == null ? null : actual.doubleValue(),
                Json.decimal(throttle, "maximumAvailable").doubleValue(),
                Json.decimal(throttle, "currentlyAvailable").doubleValue(),
                Json.decimal(throttle, "restoreRate").doubleValue());
    }

    private static java.util.Optional<Duration> retryAfter(Response response) {
        String header = response.header("Retry-After");
        if (header == null) {
            return java.util.Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(header.trim());
            return seconds >= 0 ? java.util.Optional.of(Duration.ofMillis((long) (seconds * 1000)))
                    : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static String requestIdOf(Response response) {
        String id = response.header("X-Request-Id");
        return id == null ? "" : " (request id " + id + ")";
    }

    private void reportDeprecation(ShopDomain shop, Response response) {
        String reason = response.header(DEPRECATION_HEADER);
        if (reason != null && reportedDeprecations.add(shop.value() + "|" + reason)) {
            LOG.warn("Shopify reports a deprecated API use for {} on API version {}: {}", shop, apiVersion, reason);
            if (deprecations != null) {
                try {
                    deprecations.onDeprecatedUse(shop, apiVersion, reason);
                } catch (RuntimeException e) {
                    LOG.warn("The deprecation listener failed for {}", shop, e);
                }
            }
        }
    }

    // Exponential backoff with "equal jitter": half fixed, half random, capped.
    private Duration backoff(int attempt) {
        long base = initialBackoff.toMillis() << Math.min(20, attempt - 1);
        long capped = Math.min(maxBackoff.toMillis(), base);
        long half = capped / 2;
        synchronized (jitter) {
            return Duration.ofMillis(half + (half == 0 ? 0 : (long) (jitter.nextDouble() * half)));
        }
    }

    private void pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShopifyApiException("Interrupted while waiting for Shopify's rate limit", e);
        }
    }

    /** Waits; injectable so that embedders can use virtual time. */
    @FunctionalInterface
    public interface Sleeper {
        /** Blocks for {@code duration}. */
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Options of an {@link AdminGraphqlClient}. */
    public static final class Builder {
        private OkHttpClient http;
        private ShopBaseUrl baseUrl = ShopBaseUrl.https();
        private String apiVersion = DEFAULT_API_VERSION;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());
        private int maxAttempts = 8;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Random jitter = new Random();
        private DeprecationListener deprecations;

        private Builder() {
        }

        /**
         * Who hears Shopify's deprecation notices (the {@code X-Shopify-API-Deprecated-Reason}
         * header), once per shop and reason; default none (they are logged either way).
         */
        public Builder deprecationListener(DeprecationListener listener) {
            this.deprecations = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The HTTP client (share one per application); default: 10 s connect, 60 s read timeouts. */
        public Builder httpClient(OkHttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** Where shops are reached; tests point this at a fake Shopify. */
        public Builder baseUrl(ShopBaseUrl baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The Admin API version, e.g. {@code 2026-10}. */
        public Builder apiVersion(String apiVersion) {
            if (apiVersion == null || !apiVersion.matches("\\d{4}-\\d{2}|unstable")) {
                throw new IllegalArgumentException("An API version looks like 2026-10 (or is 'unstable'), got "
                        + apiVersion);
            }
            this.apiVersion = apiVersion;
            return this;
        }

        /** The clock used to track each shop's bucket. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How the client waits; default {@code Thread.sleep}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Attempts per call, including the first (default 8). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Backoff before the first retry, doubling each time up to {@code max}. */
        public Builder backoff(Duration initial, Duration max) {
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("Backoff needs 0 <= initial <= max");
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** The random source of backoff jitter (seed it for reproducible tests). */
        public Builder jitter(Random jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /** The client. */
        public AdminGraphqlClient build() {
            if (http == null) {
                http = new OkHttpClient.Builder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .readTimeout(Duration.ofSeconds(60))
                        .build();
            }
            return new AdminGraphqlClient(this);
        }
    }
}
