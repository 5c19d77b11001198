package dev.shopifyingest.jdbc;

/** What {@link WebhookInbox#receive} or {@link WebhookInbox#receiveAll} did with a delivery; answer Shopify with 200. */
public enum InboxReceipt {
    /** The delivery is new and was stored for processing. */
    STORED,
    /** The same delivery (same shop and webhook id: a Shopify retry) was stored before; nothing changed. */
    DUPLICATE,
    /**
     * Only from {@link WebhookInbox#receiveAll}: the shop is not registered (where
     * {@link WebhookInbox#receive} throws {@link ShopNotFoundException}); nothing was stored.
     */
    SHOP_NOT_REGISTERED
}
