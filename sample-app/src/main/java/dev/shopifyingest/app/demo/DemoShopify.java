package dev.shopifyingest.app.demo;

import dev.shopifyingest.app.config.AppConfig;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.store.StoreFixture;
import okhttp3.HttpUrl;

/**
 * The demo's Shopify: an in-process {@link FakeShopify} on a free local port, serving a generated
 * store with twelve months of orders (the testkit's default fixture), that knows the app by the
 * demo's generated client id and secret.
 */
public final class DemoShopify {

    private DemoShopify() {
    }

    /**
     * Starts the fake. The caller closes it.
     *
     * @param config the demo configuration, whose Shopify credentials the fake will accept
     * @return the running fake
     */
    public static FakeShopify start(AppConfig config) {
        if (!config.demoMode()) {
            throw new IllegalArgumentException("The fake Shopify is for demo mode only");
        }
        return FakeShopify.builder()
                .store(StoreFixture.builder().build())
                // A Shopify Plus-sized bucket: the first sync of the demo store takes seconds, not
                // the minutes a standard plan's 100 points/s would make a visitor wait.
                .throttle(ThrottleSettings.PLUS)
                .clientId(config.shopifyApiKey())
                .clientSecret(config.shopifyApiSecret().text())
                .start();
    }

    /**
     * Where each shop's Shopify is in the demo: the fake's shop goes to the in-process fake, every
     * other shop to the real {@code https://{domain}}.
     *
     * @param fake the running fake
     * @return the resolver for the OAuth flow and the Admin API client
     */
    public static ShopBaseUrl baseUrls(FakeShopify fake) {
        ShopDomain demoShop = ShopDomain.parse(fake.shopDomain());
        HttpUrl fakeUrl = HttpUrl.get(fake.baseUrl());
        ShopBaseUrl real = ShopBaseUrl.https();
        return shop -> shop.equals(demoShop) ? fakeUrl : real.resolve(shop);
    }
}
