package dev.shopifyingest.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.app.Backend;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.TickingClock;
import dev.shopifyingest.app.config.AppConfig;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.oauth.OAuthSettings;
import dev.shopifyingest.testkit.oauth.TokenMode;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.StoreFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.IntStream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A shop's statuses in a real browser against the real server and FakeShopify: a merchant who
 * withholds {@code read_all_orders} gets the last 60 days of orders and a notice saying so, on the
 * stores page and on the dashboard; when the shop's refresh token expires, the stores page shows
 * "Reconnect needed" with a Reconnect button, and that button runs the OAuth flow again and the
 * shop syncs back to connected.
 */
class ShopStatusBrowserTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    private static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Duration SYNC = Duration.ofSeconds(60);
    private static final String EMAIL = "browser-statuses@example.com";
    private static final String PASSWORD = "a long enough password";

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void withheldReadAllOrdersShowsTheSixtyDayNoticeAndAnExpiredRefreshTokenIsReconnectedFromTheButton()
            throws IOException {
        TickingClock clock = new TickingClock(TestServer.START);
        int port = freePort();
        // The browser must reach the app where Shopify's approval sends it back: the configured APP_URL.
        AppConfig config = TestServer.config().toBuilder().appUrl(URI.create("http://127.0.0.1:" + port)).port(port)
                .build();
        try (FakeShopify fake = FakeShopify.builder()
                        .store(StoreFixture.builder().orders(120).period(Duration.ofDays(120))
                                .end(Instant.parse("2026-11-01T00:00:00Z")).seed(3).build())
                        .clientId(config.shopifyApiKey())
                        .clientSecret(config.shopifyApiSecret().text())
                        .oauth(OAuthSettings.defaults().withTokenMode(TokenMode.ALWAYS_EXPIRING)
                                .withExpiringLifetimes(Duration.ofMinutes(10), REFRESH_TOKEN_LIFETIME)
                                .withWithheldScopes(Set.of("read_all_orders")))
                        .clock(clock)
                        .start()) {
            ShopBaseUrl urls = ShopBaseUrl.fixed(HttpUrl.get(fake.baseUrl()));
            Backend backend = Backend.create(config, db.dataSource(), urls, clock);
            try (TestServer server = TestServer.start(db.dataSource(), urls, clock, b -> b.config(config).backend(backend));
                    Chromium chromium = Chromium.start()) {
                URI base = URI.create("http://127.0.0.1:" + port);
                assertThat(server.uri().getPort()).isEqualTo(port);
                journey(chromium, base, fake, backend, clock);
            }
        }
    }

    private static void journey(Chromium chromium, URI base, FakeShopify fake, Backend backend, TickingClock clock) {
        chromium.open(base.resolve("/signup"));
        chromium.visible(By.cssSelector("input[name=email]")).sendKeys(EMAIL);
        chromium.driver().findElement(By.cssSelector("input[name=password]")).sendKeys(PASSWORD);
        chromium.driver().findElement(By.cssSelector("main form button[type=submit]")).click();
        chromium.visible(By.id("first-store-title"));

        // Connect, declining read_all_orders on (fake) Shopify's approval.
        chromium.visible(By.cssSelector("main input[name=shop]")).sendKeys(fake.shopDomain());
        chromium.driver().findElement(By.cssSelector("main .connect-form button[type=submit]")).click();
        chromium.waitForPath("/shops?connected=" + fake.shopDomain());
        String shopId = chromium.visible(By.cssSelector(".shop-item")).getAttribute("data-shop-id");
        awaitStatus(chromium, shopId, "connected");

        // Only the last 60 days of orders were stored, and both the API and the page say why.
        Instant cutoff = clock.instant().minus(Duration.ofDays(60));
        long visible = IntStream.range(0, fake.store().fixture().orderCount())
                .mapToObj(i -> fake.store().fixture().order(i))
                .filter(o -> !o.createdAt().isBefore(cutoff))
                .count();
        assertThat(visible).isBetween(1L, fake.store().fixture().orderCount() - 1L);
        assertThat(backend.store().forShop(Long.parseLong(shopId)).orders().count()).isEqualTo(visible);
        JsonNode shop = chromium.fetch("GET", "/api/shops/" + shopId, null).json();
        assertThat(shop.path("historyLimitedTo60Days").asBoolean()).isTrue();
        assertThat(shop.path("statusDetail").asText()).contains("only orders from the last 60 days are synced");
        assertThat(item(chromium, shopId).findElement(By.cssSelector(".shop-notice")).getText())
                .contains("Orders older than 60 days are not available")
                .contains("read_all_orders");

        chromium.open(base.resolve("/?shop=" + shopId));
        WebElement notice = chromium.visible(By.cssSelector(".shop-banner .shop-notices"));
        assertThat(notice.getText()).contains("Orders older than 60 days are not available");
        chromium.screenshot("statuses-dashboard-60-days");

        // The refresh token expires: the next sync finds the shop needs reconnecting.
        clock.advance(REFRESH_TOKEN_LIFETIME.plusMinutes(5));
        chromium.open(base.resolve("/shops"));
        chromium.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(".shop-item")).isEmpty()
                || chromium.currentUrl().getPath().startsWith("/login"));
        if (chromium.currentUrl().getPath().startsWith("/login")) { // the app's session may have expired too
            chromium.visible(By.cssSelector("input[name=email]")).sendKeys(EMAIL);
            chromium.driver().findElement(By.cssSelector("input[name=password]")).sendKeys(PASSWORD);
            chromium.driver().findElement(By.cssSelector("main form button[type=submit]")).click();
            chromium.waitForPath("/shops");
        }
        item(chromium, shopId).findElement(By.cssSelector("[data-action=sync]")).click();
        awaitStatus(chromium, shopId, "reconnect_needed");
        WebElement needing = item(chromium, shopId);
        assertThat(needing.findElement(By.cssSelector(".chip")).getText()).isEqualTo("Reconnect needed");
        assertThat(needing.findElement(By.cssSelector(".shop-item__reason")).getText())
                .contains("Connect the shop again to resume syncing");
        assertThat(chromium.fetch("GET", "/api/shops/" + shopId, null).json().path("status").asText())
                .isEqualTo("reconnect_needed");
        chromium.screenshot("statuses-reconnect-needed");

        // The Reconnect button runs the OAuth flow again; the shop syncs and is connected.
        Instant reconnectedAt = clock.instant();
        needing.findElement(By.cssSelector("[data-action=reconnect]")).click();
        chromium.waitForPath("/shops?connected=" + fake.shopDomain());
        awaitStatus(chromium, shopId, "connected");
        JsonNode again = chromium.fetch("GET", "/api/shops/" + shopId, null).json();
        assertThat(again.path("status").asText()).isEqualTo("connected");
        assertThat(Instant.parse(again.path("lastSyncedAt").asText())).isAfter(reconnectedAt);
        assertThat(item(chromium, shopId).findElements(By.cssSelector("[data-action=reconnect]"))).isEmpty();
    }

    private static WebElement item(Chromium chromium, String shopId) {
        return chromium.visible(By.cssSelector(".shop-item[data-shop-id='" + shopId + "']"));
    }

    private static void awaitStatus(Chromium chromium, String shopId, String status) {
        chromium.waitUpTo(SYNC).until(d -> status.equals(
                d.findElement(By.cssSelector(".shop-item[data-shop-id='" + shopId + "']")).getAttribute("data-status")));
    }
}
