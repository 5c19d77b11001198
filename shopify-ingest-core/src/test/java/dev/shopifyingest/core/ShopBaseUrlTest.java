package dev.shopifyingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class ShopBaseUrlTest {

    private final ShopDomain shop = ShopDomain.parse("my-store");

    @Test
    void defaultsToHttpsOnTheShopDomain() {
        assertThat(ShopBaseUrl.https().resolve(shop)).hasToString("https://my-store.myshopify.com/");
        assertThat(ShopBaseUrl.https().resolve(shop, "admin/oauth/access_token"))
                .hasToString("https://my-store.myshopify.com/admin/oauth/access_token");
    }

    @Test
    void fixedBaseSendsEveryShopToTheSameServer() {
        ShopBaseUrl fake = ShopBaseUrl.fixed(HttpUrl.get("http://localhost:41234/"));
        assertThat(fake.resolve(shop, "admin/oauth/authorize")).hasToString("http://localhost:41234/admin/oauth/authorize");
    }

    @Test
    void keepsAPathPrefixOfTheBaseWithOrWithoutTrailingSlash() {
        ShopBaseUrl withSlash = s -> HttpUrl.get("http://localhost:8080/shops/" + s.handle() + "/");
        ShopBaseUrl withoutSlash = s -> HttpUrl.get("http://localhost:8080/shops/" + s.handle());
        assertThat(withSlash.resolve(shop, "admin/oauth/authorize"))
                .hasToString("http://localhost:8080/shops/my-store/admin/oauth/authorize");
        assertThat(withoutSlash.resolve(shop, "admin/oauth/authorize"))
                .hasToString("http://localhost:8080/shops/my-store/admin/oauth/authorize");
    }
}
