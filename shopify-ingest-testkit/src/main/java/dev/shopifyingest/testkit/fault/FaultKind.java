package dev.shopifyingest.testkit.fault;

import java.util.EnumSet;
import java.util.Set;

/**
 * The kinds of fault FakeShopify can inject, each with the endpoints it makes sense on. Counted
 * per kind by {@link Faults#fired(FaultKind)}.
 */
public enum FaultKind {
    /** An HTTP 5xx with a Shopify-like JSON body. */
    SERVER_ERROR(Endpoint.GRAPHQL, Endpoint.BULK_DOWNLOAD, Endpoint.OAUTH_TOKEN),
    /** HTTP 429 with a {@code Retry-After} header, as Shopify's REST-style rate limit answers. */
    TOO_MANY_REQUESTS(Endpoint.GRAPHQL, Endpoint.BULK_DOWNLOAD, Endpoint.OAUTH_TOKEN),
    /** The GraphQL THROTTLED error, sent as HTTP 429 (what some clients report seeing). */
    THROTTLED(Endpoint.GRAPHQL),
    /** The connection is reset before any response byte (WireMock {@code CONNECTION_RESET_BY_PEER}). */
    CONNECTION_RESET(Endpoint.GRAPHQL, Endpoint.BULK_DOWNLOAD, Endpoint.OAUTH_TOKEN),
    /** Garbage bytes, then the connection closes (WireMock {@code RANDOM_DATA_THEN_CLOSE}). */
    RANDOM_DATA_THEN_CLOSE(Endpoint.GRAPHQL, Endpoint.BULK_DOWNLOAD, Endpoint.OAUTH_TOKEN),
    /** A 200 status line, then a broken chunk and a closed connection: a reset mid-body. */
    MALFORMED_RESPONSE_CHUNK(Endpoint.GRAPHQL, Endpoint.BULK_DOWNLOAD, Endpoint.OAUTH_TOKEN),
    /** The connection closes without any response (WireMock {@code EMPTY_RESPONSE}). */
    EMPTY_RESPONSE(Endpoint.GRAPHQL, Endpoint.BULK_DOWNLOAD, Endpoint.OAUTH_TOKEN),
    /** The real response, sent after a delay. */
    SLOW_RESPONSE(Endpoint.GRAPHQL, Endpoint.BULK_DOWNLOAD, Endpoint.OAUTH_TOKEN),
    /** HTTP 200 with a JSON content type and a body that is not valid JSON. */
    MALFORMED_JSON(Endpoint.GRAPHQL, Endpoint.OAUTH_TOKEN),
    /** A complete HTTP response whose JSONL body is cut at a fraction of its length, mid-line. */
    TRUNCATED_BODY(Endpoint.BULK_DOWNLOAD),
    /** HTTP 402 {@code {"errors":"Unavailable Shop"}}: the shop is frozen for an unpaid balance. */
    SHOP_FROZEN(Endpoint.GRAPHQL),
    /** HTTP 423: the shop is locked. */
    SHOP_LOCKED(Endpoint.GRAPHQL),
    /** HTTP 200 with the GraphQL error code {@code SHOP_INACTIVE}. */
    GRAPHQL_SHOP_INACTIVE(Endpoint.GRAPHQL),
    /** HTTP 200 with the GraphQL error code {@code ACCESS_DENIED}. */
    GRAPHQL_ACCESS_DENIED(Endpoint.GRAPHQL),
    /** HTTP 200 with the GraphQL error code {@code INTERNAL_SERVER_ERROR} and a {@code requestId}. */
    GRAPHQL_INTERNAL_ERROR(Endpoint.GRAPHQL),
    /** HTTP 200 with the GraphQL error code {@code THROTTLED} and an empty bucket. */
    GRAPHQL_THROTTLED(Endpoint.GRAPHQL),
    /** HTTP 200 with the GraphQL error code {@code MAX_COST_EXCEEDED}. */
    MAX_COST_EXCEEDED(Endpoint.GRAPHQL),
    /** The real answer, with an {@code X-Shopify-API-Deprecated-Reason} header. */
    DEPRECATED_API_USE(Endpoint.GRAPHQL),
    /** The same delivery (same webhook id) is POSTed twice. */
    DUPLICATE_DELIVERY(Endpoint.WEBHOOK_DELIVERY),
    /** The delivery's first attempt waits before it is sent. */
    DELAYED_DELIVERY(Endpoint.WEBHOOK_DELIVERY),
    /** Deliveries are held until a batch is full, then released in a shuffled order. */
    OUT_OF_ORDER_DELIVERY(Endpoint.WEBHOOK_DELIVERY);

    private final Set<Endpoint> endpoints;

    FaultKind(Endpoint first, Endpoint... rest) {
        this.endpoints = EnumSet.of(first, rest);
    }

    /** Whether this kind of fault can be injected at {@code endpoint}. */
    public boolean appliesTo(Endpoint endpoint) {
        return endpoints.contains(endpoint);
    }
}
