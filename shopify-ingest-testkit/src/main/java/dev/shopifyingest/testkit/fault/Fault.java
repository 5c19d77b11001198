package dev.shopifyingest.testkit.fault;

import java.time.Duration;
import java.util.Objects;

/**
 * One fault to inject, made by the static factories below and scheduled with {@link Faults}. A
 * fault is an immutable value: the same instance may be scheduled on several rules.
 */
public final class Fault {

    private final FaultKind kind;
    private final int status;
    private final Duration delay;
    private final double fraction;
    private final int batchSize;
    private final long seed;
    private final String text;

    private Fault(FaultKind kind, int status, Duration delay, double fraction, int batchSize, long seed) {
        this(kind, status, delay, fraction, batchSize, seed, null);
    }

    private Fault(FaultKind kind, int status, Duration delay, double fraction, int batchSize, long seed, String text) {
        this.kind = kind;
        this.status = status;
        this.delay = delay;
        this.fraction = fraction;
        this.batchSize = batchSize;
        this.seed = seed;
        this.text = text;
    }

    private static Fault of(FaultKind kind) {
        return new Fault(kind, 0, Duration.ZERO, 0, 0, 0);
    }

    private static Fault withText(FaultKind kind, String text, String name) {
        Objects.requireNonNull(text, name);
        if (text.isBlank() || text.contains("\n") || text.contains("\r")) {
            throw new IllegalArgumentException(name + " must be one non-blank line, got '" + text + "'");
        }
        return new Fault(kind, 0, Duration.ZERO, 0, 0, 0, text);
    }

    /** HTTP 503 with {@code {"errors":"Service Unavailable"}}. */
    public static Fault serverError() {
        return serverError(503);
    }

    /** An HTTP 5xx with {@code {"errors":"<reason phrase>"}}, e.g. 500, 502, 503 or 504. */
    public static Fault serverError(int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("A server error has a 5xx status, got " + status);
        }
        return new Fault(FaultKind.SERVER_ERROR, status, Duration.ZERO, 0, 0, 0);
    }

    /** HTTP 429 with {@code Retry-After} set to {@code retryAfter}, rounded up to whole seconds. */
    public static Fault tooManyRequests(Duration retryAfter) {
        requireNotNegative(retryAfter, "retryAfter");
        return new Fault(FaultKind.TOO_MANY_REQUESTS, 429, retryAfter, 0, 0, 0);
    }

    /** The GraphQL THROTTLED error body with an empty bucket, as HTTP 429 with {@code Retry-After: 1}. */
    public static Fault throttled() {
        return new Fault(FaultKind.THROTTLED, 429, Duration.ofSeconds(1), 0, 0, 0);
    }

    /** The connection is reset before any response. The client sees an {@code IOException}. */
    public static Fault connectionReset() {
        return of(FaultKind.CONNECTION_RESET);
    }

    /** Random bytes, then the connection closes. */
    public static Fault randomDataThenClose() {
        return of(FaultKind.RANDOM_DATA_THEN_CLOSE);
    }

    /** A 200 status line followed by a malformed chunk and a closed connection: a reset mid-body. */
    public static Fault malformedResponseChunk() {
        return of(FaultKind.MALFORMED_RESPONSE_CHUNK);
    }

    /** The connection closes without sending anything. */
    public static Fault emptyResponse() {
        return of(FaultKind.EMPTY_RESPONSE);
    }

    /** The real response, sent no sooner than {@code delay} after the request arrived. */
    public static Fault slowResponse(Duration delay) {
        requireNotNegative(delay, "delay");
        return new Fault(FaultKind.SLOW_RESPONSE, 0, delay, 0, 0, 0);
    }

    /** HTTP 200, {@code Content-Type: application/json}, and a body that stops mid-document. */
    public static Fault malformedJson() {
        return of(FaultKind.MALFORMED_JSON);
    }

    /**
     * The bulk result file cut after {@code fraction} of its bytes (0 &le; fraction &lt; 1), sent as a
     * complete response: the client reads a file whose last line is incomplete.
     */
    public static Fault truncatedBody(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1), got " + fraction);
        }
        return new Fault(FaultKind.TRUNCATED_BODY, 0, Duration.ZERO, fraction, 0, 0);
    }

    /** HTTP 402 {@code {"errors":"Unavailable Shop"}}: the shop is frozen. */
    public static Fault shopFrozen() {
        return new Fault(FaultKind.SHOP_FROZEN, 402, Duration.ZERO, 0, 0, 0);
    }

    /** HTTP 423 {@code {"errors":"This store is unavailable"}}: the shop is locked. */
    public static Fault shopLocked() {
        return new Fault(FaultKind.SHOP_LOCKED, 423, Duration.ZERO, 0, 0, 0);
    }

    /** HTTP 200 with a GraphQL error whose {@code extensions.code} is {@code SHOP_INACTIVE}. */
    public static Fault graphqlShopInactive() {
        return of(FaultKind.GRAPHQL_SHOP_INACTIVE);
    }

    /**
     * HTTP 200 with a GraphQL error whose {@code extensions.code} is {@code ACCESS_DENIED}, for the
     * {@code read_orders} scope (as {@link #graphqlAccessDenied(String)}).
     */
    public static Fault graphqlAccessDenied() {
        return graphqlAccessDenied("read_orders");
    }

    /**
     * HTTP 200 with Shopify's {@code ACCESS_DENIED} for a field that needs {@code scope}: the message
     * says "Required access: `scope` access scope." and {@code extensions.requiredAccess} repeats it,
     * as when a token lacks the scope.
     */
    public static Fault graphqlAccessDenied(String scope) {
        Fault fault = withText(FaultKind.GRAPHQL_ACCESS_DENIED, scope, "scope");
        if (!scope.matches("[a-z_]+")) {
            throw new IllegalArgumentException("A scope looks like read_orders, got '" + scope + "'");
        }
        return fault;
    }

    /**
     * HTTP 200 with the GraphQL {@code THROTTLED} error and an empty bucket in {@code extensions.cost},
     * without {@code data}: how Shopify's documentation shows throttling (the HTTP 429 variant is
     * {@link #throttled()}).
     */
    public static Fault graphqlThrottled() {
        return new Fault(FaultKind.GRAPHQL_THROTTLED, 200, Duration.ZERO, 0, 0, 0);
    }

    /**
     * HTTP 200 with Shopify's {@code MAX_COST_EXCEEDED} error, whatever the query asked for, as if it
     * cost more than the single-query limit of 1,000 points.
     */
    public static Fault maxCostExceeded() {
        return new Fault(FaultKind.MAX_COST_EXCEEDED, 200, Duration.ZERO, 0, 0, 0);
    }

    /**
     * The real answer with the header {@code X-Shopify-API-Deprecated-Reason: reason}, as Shopify
     * sends when a request uses a deprecated field or an API version near its end of support.
     */
    public static Fault deprecatedApiUse(String reason) {
        return withText(FaultKind.DEPRECATED_API_USE, reason, "reason");
    }

    /** HTTP 200 with a GraphQL {@code INTERNAL_SERVER_ERROR} carrying a {@code requestId}. */
    public static Fault graphqlInternalError() {
        return of(FaultKind.GRAPHQL_INTERNAL_ERROR);
    }

    /** The webhook is delivered twice with the same webhook id, event id and body. */
    public static Fault duplicateDelivery() {
        return of(FaultKind.DUPLICATE_DELIVERY);
    }

    /** The webhook's first attempt is sent no sooner than {@code delay} after the event. */
    public static Fault delayedDelivery(Duration delay) {
        requireNotNegative(delay, "delay");
        return new Fault(FaultKind.DELAYED_DELIVERY, 0, delay, 0, 0, 0);
    }

    /**
     * Deliveries are held until {@code batchSize} are waiting, then released in an order shuffled
     * by a {@code Random(seed)}; a shuffle that changes nothing is rotated by one, so a batch of two
     * or more always arrives out of order. {@code WebhookDeliveries.releaseHeld()} releases a
     * partial batch.
     */
    public static Fault outOfOrderDelivery(int batchSize, long seed) {
        if (batchSize < 2) {
            throw new IllegalArgumentException("An out-of-order batch holds at least 2 deliveries, got " + batchSize);
        }
        return new Fault(FaultKind.OUT_OF_ORDER_DELIVERY, 0, Duration.ZERO, 0, batchSize, seed);
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + duration);
        }
    }

    /** What kind of fault this is. */
    public FaultKind kind() {
        return kind;
    }

    /** The HTTP status sent, or 0 when the fault sends none of its own. */
    public int status() {
        return status;
    }

    /** The delay of a slow response or delayed delivery, or the {@code Retry-After} of a 429. */
    public Duration delay() {
        return delay;
    }

    /** The share of the body sent by a truncated body. */
    public double fraction() {
        return fraction;
    }

    /** The batch size of an out-of-order delivery. */
    public int batchSize() {
        return batchSize;
    }

    /** The shuffle seed of an out-of-order delivery. */
    public long seed() {
        return seed;
    }

    /** The missing scope of an access denial, or the reason of a deprecated API use; else null. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SERVER_ERROR, SHOP_FROZEN, SHOP_LOCKED -> kind + "(" + status + ")";
            case TOO_MANY_REQUESTS, SLOW_RESPONSE, DELAYED_DELIVERY -> kind + "(" + delay + ")";
            case TRUNCATED_BODY -> kind + "(" + fraction + ")";
            case OUT_OF_ORDER_DELIVERY -> kind + "(batch " + batchSize + ", seed " + seed + ")";
            case GRAPHQL_ACCESS_DENIED, DEPRECATED_API_USE -> kind + "(" + text + ")";
            default -> kind.toString();
        };
    }
}
