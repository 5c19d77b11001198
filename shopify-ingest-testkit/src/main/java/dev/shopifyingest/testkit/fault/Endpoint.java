package dev.shopifyingest.testkit.fault;

/** Where FakeShopify can inject a fault: one of its HTTP routes, or its outgoing webhook deliveries. */
public enum Endpoint {
    /** {@code POST /admin/api/{version}/graphql.json}. */
    GRAPHQL,
    /** {@code GET /fake-shopify/bulk/{fileName}}, the download of a bulk operation's JSONL result. */
    BULK_DOWNLOAD,
    /** {@code POST /admin/oauth/access_token}, every grant type. */
    OAUTH_TOKEN,
    /** Webhook deliveries the fake POSTs to subscribers (one "request" = one delivery, not one attempt). */
    WEBHOOK_DELIVERY
}
