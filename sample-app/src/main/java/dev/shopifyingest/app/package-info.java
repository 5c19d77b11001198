/**
 * The sample app: a Helidon SE server that wires the shopify-ingest libraries into a merchant's
 * dashboard. {@link dev.shopifyingest.app.Main} reads the configuration and wires;
 * {@link dev.shopifyingest.app.AppServer} is the server. Features live in sub-packages:
 * {@code config}, {@code database}, {@code http} (JSON errors and bodies), {@code auth} (accounts
 * and sessions), {@code demo}.
 */
package dev.shopifyingest.app;
