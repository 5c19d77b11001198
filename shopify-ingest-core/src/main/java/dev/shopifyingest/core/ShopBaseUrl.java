package dev.shopifyingest.core;

import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Where a store's Admin endpoints live: maps a {@link ShopDomain} to the base URL that paths such
 * as {@code admin/oauth/authorize} or {@code admin/api/2026-10/graphql.json} are appended to.
 *
 * <p>In production this is always {@link #https()}, {@code https://{domain}/}. Tests and demos
 * replace it to send every request to a fake Shopify on localhost; the OAuth flow and the Admin
 * API client both resolve URLs through it, so one override redirects all traffic.
 *
 * <p>Implementations must be thread-safe and cheap; they are called for every request.
 */
@FunctionalInterface
public interface ShopBaseUrl {

    /**
     * Returns the base URL for a store. Paths are appended to it as relative segments, so a base
     * with a path such as {@code http://localhost:8080/shops/my-store/} is honoured.
     *
     * @param shop the store
     * @return its base URL, without query or fragment
     */
    HttpUrl resolve(ShopDomain shop);

    /**
     * The real Shopify: {@code https://{domain}/}.
     *
     * @return the production resolver
     */
    static ShopBaseUrl https() {
        return shop -> new HttpUrl.Builder().scheme("https").host(shop.value()).build();
    }

    /**
     * Sends every store to the same base URL, for a fake server that serves all stores (or only
     * one).
     *
     * @param base the base URL, for example a fake server's {@code http://localhost:41234/}
     * @return a resolver that ignores the store
     */
    static ShopBaseUrl fixed(HttpUrl base) {
        Objects.requireNonNull(base, "base");
        return shop -> base;
    }

    /**
     * Resolves a path below the store's base URL.
     *
     * @param shop the store
     * @param relativePath segments separated by {@code /}, for example {@code admin/oauth/access_token}
     * @return the full URL
     */
    default HttpUrl resolve(ShopDomain shop, String relativePath) {
        HttpUrl base = Objects.requireNonNull(resolve(shop), "ShopBaseUrl returned null");
        return base.newBuilder().query(null).fragment(null).addPathSegments(relativePath).build();
    }
}
