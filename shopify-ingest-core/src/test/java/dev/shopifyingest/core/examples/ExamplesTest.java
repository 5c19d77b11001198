package dev.shopifyingest.core.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.auth.ShopifyOAuth;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.model.EntityType;
import dev.shopifyingest.core.sync.InMemoryCheckpointStore;
import dev.shopifyingest.core.sync.InMemoryIngestSink;
import dev.shopifyingest.core.sync.SyncEngine;
import dev.shopifyingest.core.sync.SyncReport;
import dev.shopifyingest.core.testing.TestClients;
import dev.shopifyingest.core.testing.WebhookInbox;
import dev.shopifyingest.core.webhook.WebhookVerifier;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.StoreFixture;
import dev.shopifyingest.testkit.webhook.WebhookSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library guide's examples run against FakeShopify and do what the guide says they do. */
class ExamplesTest {

    private FakeShopify fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void connectingAShopGivesATokenSourceThatWorks() throws Exception {
        fake = FakeShopify.builder().start();
        ShopifyOAuth oauth = ConnectShopExample.oauth(fake.clientId(), fake.clientSecret(), TestClients.baseUrl(fake));
        List<AccessToken> stored = new ArrayList<>();

        URI authorize = ConnectShopExample.startInstall(oauth, "Demo-Store", "user-1");
        String callbackQuery = merchantApproves(authorize);
        AccessToken token = ConnectShopExample.finishInstall(oauth, callbackQuery, "user-1", stored::add);
        AccessTokenSource tokens = ConnectShopExample.tokens(oauth, token, stored::add);

        assertThat(stored).containsExactly(token);
        assertThat(token.isExpiring()).isTrue();
        assertThat(TestClients.graphql(fake).execute(token.shop(), tokens, GraphqlOperation.named("Shop"), Map.of())
                .data()).containsKey("shop");
    }

    private static String merchantApproves(URI authorize) throws Exception {
        try (HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<Void> response = browser.send(HttpRequest.newBuilder(authorize).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).isEqualTo(302);
            return URI.create(response.headers().firstValue("Location").orElseThrow()).getRawQuery();
        }
    }

    @Test
    void theWebhookEndpointStoresGenuineDeliveriesAndRefusesOthers() throws Exception {
        fake = FakeShopify.builder()
                .store(StoreFixture.builder().orders(50).end(Instant.now().truncatedTo(ChronoUnit.HOURS)).build())
                .webhooks(WebhookSettings.compressed())
                .start();
        ShopDomain shop = TestClients.shop(fake);
        InMemoryIngestSink sink = new InMemoryIngestSink();
        WebhookVerifier verifier = WebhookVerifier.of(fake.clientSecret());
        try (WebhookInbox inbox = new WebhookInbox()) {
            WebhookExample.subscribe(TestClients.graphql(fake), shop, TestClients.adminToken(fake),
                    inbox.uri().toString());
            FakeOrder order = fake.store().orders().all().findFirst().orElseThrow();
            fake.store().orders().update(order.id(), o -> o);
            WebhookInbox.Received received = inbox.awaitTopic("orders/updated", 1, Duration.ofSeconds(20)).getFirst();
            Map<String, String> headers = new TreeMap<>(received.headers());

            assertThat(WebhookExample.handle(headers, received.body(), verifier, sink)).isEqualTo(200);
            assertThat(sink.find(shop, EntityType.ORDER, order.id())).isPresent();

            byte[] forged = (new String(received.body(), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
            assertThat(WebhookExample.handle(headers, forged, verifier, new InMemoryIngestSink())).isEqualTo(401);
            assertThat(WebhookExample.handle(Map.of(), received.body(), verifier, sink)).isEqualTo(400);
        }
    }

    @Test
    void aSyncIntoYourOwnSinkAddsUpTheStoresRevenue(@TempDir Path workDir) {
        // A Plus plan's bucket: two passes over this store fit in it, so the test never waits for it.
        fake = FakeShopify.builder().store(StoreFixture.builder().orders(30).seed(9)
                .end(Instant.now().truncatedTo(ChronoUnit.HOURS)).build()).throttle(ThrottleSettings.PLUS).start();
        ShopDomain shop = TestClients.shop(fake);
        AccessTokenSource tokens = TestClients.adminToken(fake);
        SyncExample.RevenueSink sink = new SyncExample.RevenueSink();
        SyncEngine engine = SyncExample.engine(TestClients.baseUrl(fake), sink, new InMemoryCheckpointStore(),
                workDir);

        SyncReport first = SyncExample.sync(engine, shop, tokens);
        long deleted = fake.store().orders().all().findFirst().orElseThrow().id();
        fake.store().orders().delete(deleted);
        SyncReport reconciled = SyncExample.reconcile(engine, shop, tokens);

        assertThat(first.full()).isTrue();
        assertThat(reconciled.full()).isTrue();
        assertThat(sink.orderCount()).isEqualTo(fake.store().orders().size());
        assertThat(sink.revenue()).isEqualByComparingTo(fake.store().orders().all().filter(o -> !o.test())
                .map(FakeOrder::currentTotalPrice).reduce(BigDecimal.ZERO, BigDecimal::add));
    }
}
