/**
 * The tenant-isolated PostgreSQL store for Shopify data. Start at {@link dev.shopifyingest.jdbc.PostgresStore}:
 * it migrates its own schema, registers shops ({@link dev.shopifyingest.jdbc.ShopRegistry}), is the sync
 * engine's sink and checkpoint store, keeps a webhook inbox ({@link dev.shopifyingest.jdbc.WebhookInbox}),
 * reads each tenant's data ({@link dev.shopifyingest.jdbc.TenantStore}) and announces changes
 * ({@link dev.shopifyingest.jdbc.ChangeFeed}). Tenants are kept apart by PostgreSQL's row-level security.
 */
package dev.shopifyingest.jdbc;
