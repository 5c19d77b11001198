package dev.shopifyingest.core.testing;

import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.testkit.FakeShopify;
import java.time.Duration;
import java.util.Random;
import okhttp3.HttpUrl;

/** The library's clients pointed at a FakeShopify, with a short backoff so retries take milliseconds. */
public final class TestClients {

    private TestClients() {
    }

    /** Every request for any shop goes to the fake. */
    public static ShopBaseUrl baseUrl(FakeShopify fake) {
        return ShopBaseUrl.fixed(HttpUrl.get(fake.baseUrl()));
    }

    /** The fake's shop. */
    public static ShopDomain shop(FakeShopify fake) {
        return new ShopDomain(fake.shopDomain());
    }

    /** The fake's all-scopes admin token. */
    public static AccessTokenSource adminToken(FakeShopify fake) {
        return AccessTokenSource.of(fake.adminToken());
    }

    /** A client builder for the fake: backoff 5 to 50 ms, seeded jitter. */
    public static AdminGraphqlClient.Builder graphqlBuilder(FakeShopify fake) {
        return AdminGraphqlClient.builder()
                .baseUrl(baseUrl(fake))
                .backoff(Duration.ofMillis(5), Duration.ofMillis(50))
                .jitter(new Random(7));
    }

    /** A client for the fake with the real clock. */
    public static AdminGraphqlClient graphql(FakeShopify fake) {
        return graphqlBuilder(fake).build();
    }
}
