package dev.shopifyingest.core.examples;

import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.auth.AuthorizationRedirect;
import dev.shopifyingest.core.auth.ClientCredentialsGrant;
import dev.shopifyingest.core.auth.OAuthConfig;
import dev.shopifyingest.core.auth.RefreshingTokenSource;
import dev.shopifyingest.core.auth.ShopifyOAuth;
import dev.shopifyingest.core.auth.TokenPersistence;
import dev.shopifyingest.core.auth.VerifiedCallback;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The library guide's "Connect a shop with OAuth", as code that compiles and runs (see
 * {@code ExamplesTest}). Regions between {@code tag::} and {@code end::} comments are quoted in
 * {@code docs/library-guide-core.md}.
 */
final class ConnectShopExample {

    private ConnectShopExample() {
    }

    /** One {@link ShopifyOAuth} per app; {@code shops} is {@link ShopBaseUrl#https()} in production. */
    static ShopifyOAuth oauth(String clientId, String clientSecret, ShopBaseUrl shops) {
        // tag::configure[]
        OAuthConfig config = OAuthConfig.builder()
                .clientId(clientId)              // the app's credentials from the Dev Dashboard
                .clientSecret(clientSecret)
                .scopes("read_customers", "read_products", "read_orders", "read_all_orders")
                .optionalScopes(java.util.List.of("read_all_orders")) // may be withheld: 60 days of orders
                .redirectUri("https://app.example.com/shopify/callback")
                .build();                        // asks for expiring offline tokens by default
        ShopifyOAuth oauth = ShopifyOAuth.builder(config)
                .shopBaseUrl(shops)              // omit in production: https://{shop}/ is the default
                .build();
        // end::configure[]
        return oauth;
    }

    /** The merchant typed a shop and clicked "Connect": where to redirect the browser. */
    static URI startInstall(ShopifyOAuth oauth, String typedShop, String userId) {
        // tag::authorize[]
        ShopDomain shop = ShopDomain.parse(typedShop);   // "my-store", "my-store.myshopify.com", an admin URL...
        AuthorizationRedirect redirect = oauth.authorize(shop, userId);
        URI location = redirect.url();                   // answer the browser with a 302 to this URL
        // end::authorize[]
        return location;
    }

    /** Shopify redirected the merchant back to the callback with {@code rawQuery}. */
    static AccessToken finishInstall(ShopifyOAuth oauth, String rawQuery, String userId, Consumer<AccessToken> store) {
        // tag::callback[]
        VerifiedCallback callback = oauth.verifyCallback(rawQuery, userId); // HMAC, shop, timestamp, state
        AccessToken token = oauth.exchangeCode(callback);                   // checks every scope was granted
        store.accept(token);                                                // keep it encrypted at rest
        // end::callback[]
        return token;
    }

    /** What every later Admin API call of that shop uses. */
    static AccessTokenSource tokens(ShopifyOAuth oauth, AccessToken stored, Consumer<AccessToken> store) {
        // tag::token-source[]
        AccessTokenSource tokens = AccessTokenSource.refreshing(oauth, stored, store);
        // end::token-source[]
        return tokens;
    }

    /** A tool of your own organization on a store it owns: no merchant, no redirect. */
    static AccessTokenSource ownStoreTokens(String clientId, String clientSecret) {
        // tag::client-credentials[]
        ClientCredentialsGrant grant = ClientCredentialsGrant.builder(clientId, clientSecret).build();
        AccessTokenSource tokens = grant.tokenSource(ShopDomain.parse("my-dev-store"));
        // end::client-credentials[]
        return tokens;
    }

    /** Several app instances share the shop's token: refreshes go through {@code persistence}'s lock. */
    static AccessTokenSource sharedTokens(ShopifyOAuth oauth, AccessToken stored, TokenPersistence persistence) {
        // tag::token-persistence[]
        AccessTokenSource tokens = new RefreshingTokenSource(oauth, stored, persistence,
                Clock.systemUTC(), Duration.ofMinutes(5));   // refresh 5 minutes before expiry
        // end::token-persistence[]
        return tokens;
    }
}
