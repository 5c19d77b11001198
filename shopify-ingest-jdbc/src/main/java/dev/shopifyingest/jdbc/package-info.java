/** Placeholder until this module gains its first type. */
package dev.shopifyingest.jdbc;
