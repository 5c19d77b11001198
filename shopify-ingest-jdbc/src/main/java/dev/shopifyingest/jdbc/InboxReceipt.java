package dev.shopifyingest.jdbc;

/** What {@link WebhookInbox#receive} did with a delivery; either way, answer Shopify with 200. */
public enum InboxReceipt {
    /** The delivery is new and was stored for processing. */
    STORED,
    /** The same delivery (same shop and webhook id: a Shopify retry) was stored before; nothing changed. */
    DUPLICATE
}
