/**
 * The Shopify resources the project ingests, as immutable records: customers, products with
 * variants, orders with line items and refunds. Money is exact; times are UTC instants; each
 * record keeps the JSON it came from for fields the model does not name.
 */
package dev.shopifyingest.core.model;
