package dev.shopifyingest.testkit.oauth;

/**
 * Which kind of offline access token the fake issues from an authorization code.
 *
 * <p>Since December 2025 Shopify issues an <em>expiring</em> offline token (one hour, with a
 * 90-day refresh token) when the exchange request carries {@code expiring=1}, and a permanent one
 * otherwise. Public apps created from April 2026 must use expiring tokens, all public apps from
 * January 2027; custom apps are exempt.
 */
public enum TokenMode {
    /** Honour the request: {@code expiring=1} (or {@code true}) gives an expiring token, anything else a permanent one. */
    AS_REQUESTED,
    /** Always issue expiring tokens with refresh tokens, whatever the request says (a public app after the mandate). */
    ALWAYS_EXPIRING,
    /** Always issue permanent tokens, ignoring {@code expiring=1} (a custom app, or Shopify before December 2025). */
    NEVER_EXPIRING
}
