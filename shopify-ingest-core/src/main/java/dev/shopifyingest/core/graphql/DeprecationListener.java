package dev.shopifyingest.core.graphql;

import dev.shopifyingest.core.ShopDomain;

/**
 * Hears Shopify's {@code X-Shopify-API-Deprecated-Reason} response header: a request used a
 * deprecated field or an API version near the end of its support. Register one with
 * {@link AdminGraphqlClient.Builder#deprecationListener(DeprecationListener)} to record or show it.
 *
 * <p>The client calls it once per shop and reason for its lifetime, on the calling thread of the
 * request that received the header; an exception it throws is logged and does not fail the call.
 */
@FunctionalInterface
public interface DeprecationListener {

    /**
     * Shopify reported a deprecated use for {@code shop}.
     *
     * @param shop       the shop whose request carried the header
     * @param apiVersion the API version the client requests
     * @param reason     Shopify's reason, as sent (never contains a secret)
     */
    void onDeprecatedUse(ShopDomain shop, String apiVersion, String reason);
}
