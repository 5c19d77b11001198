/** Implementation details of the store: SQL per table, transactions, notifications. No compatibility promise. */
package dev.shopifyingest.jdbc.internal;
