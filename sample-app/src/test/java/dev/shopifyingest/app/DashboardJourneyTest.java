package dev.shopifyingest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shopifyingest.app.web.Chromium;
import dev.shopifyingest.testkit.FakeShopify;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import dev.shopifyingest.testkit.store.FakeOrder;
import dev.shopifyingest.testkit.store.FakeStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The merchant's whole journey in a real browser, against the app as demo mode runs it (its
 * in-process FakeShopify, this class's own database): sign up, connect the demo store through
 * OAuth, watch the first sync finish, read figures that match the JSON API, change the range,
 * see a new order arrive live, log out.
 *
 * <p>Written against docs/sample-app-api.md before the shops, insights and events routes exist:
 * each step that needs one of them skips the test while the server answers it with 404, so the
 * test starts running the moment the routes land.
 */
class DashboardJourneyTest {

    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.create();

    @TempDir
    Path home;

    private static final Duration FIRST_SYNC = Duration.ofSeconds(120);
    private static final Duration LIVE = Duration.ofSeconds(15);

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void signUpConnectSyncReadFilterWatchLiveAndLogOut() throws IOException {
        int port = freePort();
        // The demo store's own activity is off: this journey makes the one change it watches for.
        Map<String, String> env = Map.of("PORT", Integer.toString(port), "DATABASE_URL", db.jdbcUrl(),
                "DATABASE_USER", db.user(), "DATABASE_PASSWORD", db.password(), "DEMO_ACTIVITY_SECONDS", "0");
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        try (Main.Running app = Main.start(List.of("--demo"), env, home, home, new PrintStream(banner, true, StandardCharsets.UTF_8));
                Chromium chromium = Chromium.start()) {
            FakeShopify shopify = app.resources().stream().filter(FakeShopify.class::isInstance)
                    .map(FakeShopify.class::cast).findFirst().orElseThrow();
            // Demo mode's APP_URL: the OAuth redirect comes back here, so the browser must use it too.
            URI base = URI.create("http://localhost:" + port);
            journey(chromium, base, shopify);
        }
    }

    private void journey(Chromium chromium, URI base, FakeShopify shopify) {
        // Sign up: an empty dashboard that offers to connect a first store.
        chromium.open(base.resolve("/signup"));
        chromium.visible(By.cssSelector("input[name=email]")).sendKeys("journey@example.com");
        chromium.driver().findElement(By.cssSelector("input[name=password]")).sendKeys("a long enough password");
        chromium.driver().findElement(By.cssSelector("main form button[type=submit]")).click();
        chromium.visible(By.id("first-store-title"));

        assumeFalse(chromium.fetch("GET", "/api/shops", null).status() == 404,
                "GET /api/shops answers 404: the shops routes are not on this branch yet; this journey runs once they are");
        assumeFalse(chromium.fetch("POST", "/api/shops/connect", "{\"shop\":\"demo-store\"}").status() == 404,
                "POST /api/shops/connect answers 404: the shops routes are not on this branch yet");

        // Connect the demo store: to FakeShopify's approval and back to /shops.
        chromium.visible(By.cssSelector("main input[name=shop]")).sendKeys(shopify.shopDomain().replace(".myshopify.com", ""));
        chromium.driver().findElement(By.cssSelector("main .connect-form button[type=submit]")).click();
        chromium.waitForPath("/shops?connected=" + shopify.shopDomain());
        WebElement item = chromium.visible(By.cssSelector(".shop-item"));
        String shopId = item.getAttribute("data-shop-id");

        // The first sync runs to the end, its progress shown live.
        chromium.waitUpTo(FIRST_SYNC).until(d -> "connected".equals(
                d.findElement(By.cssSelector(".shop-item[data-shop-id='" + shopId + "']")).getAttribute("data-status")));
        assertThat(chromium.driver().findElement(By.cssSelector(".shop-item[data-shop-id='" + shopId + "']")).getText())
                .contains("Last synced");
        chromium.screenshot("journey-stores-synced");

        String insights = "/api/shops/" + shopId + "/insights";
        assumeFalse(chromium.fetch("GET", insights + "/summary", null).status() == 404,
                "GET " + insights + "/summary answers 404: the insights routes are not on this branch yet");
        assumeFalse(chromium.fetch("GET", "/api/shops/" + shopId + "/events", null).status() == 404,
                "GET /api/shops/{id}/events answers 404: the live events route is not on this branch yet");

        // The dashboard's cards say what the JSON API says for the same range.
        chromium.open(base.resolve("/?shop=" + shopId));
        waitForFigures(chromium);
        JsonNode month = summaryShown(chromium, insights);
        assertCardsMatch(chromium, month);
        chromium.screenshot("journey-dashboard");

        // A shorter range on the filter page: different figures, still the API's.
        chromium.driver().findElement(By.cssSelector("a[data-nav=filter]")).click();
        waitForFigures(chromium);
        chromium.driver().findElement(By.cssSelector("input[data-option=last-7-days] + span")).click();
        chromium.waitUpTo(LIVE).until(d -> d.getCurrentUrl().contains("range=last-7-days"));
        waitForFigures(chromium);
        JsonNode week = summaryShown(chromium, insights);
        assertThat(week.path("from").asText()).isNotEqualTo(month.path("from").asText());
        assertCardsMatch(chromium, week);
        chromium.screenshot("journey-filter");

        // A new order in the store reaches the page without a reload.
        chromium.script("window.notReloaded = true;");
        int orders = Integer.parseInt(metric(chromium, "orders"));
        String lastBucket = "#orders-chart tbody tr:last-child td.num";
        int lastBucketOrders = Integer.parseInt(chromium.driver().findElement(By.cssSelector(lastBucket)).getAttribute("data-value"));
        FakeStore store = shopify.store();
        FakeOrder template = store.fixture().order(0);
        store.orders().create(id -> new FakeOrder(id, store.nextOrderNumber(), template.customerId(), template.email(),
                store.now(), store.now(), store.now(), null, null, null, false, "PAID", "UNFULFILLED",
                template.lineItems(), template.shipping(), template.tax(), List.of()));
        chromium.waitUpTo(LIVE).until(d -> metric(chromium, "orders").equals(Integer.toString(orders + 1)));
        chromium.waitUpTo(LIVE).until(d -> d.findElement(By.cssSelector(lastBucket)).getAttribute("data-value")
                .equals(Integer.toString(lastBucketOrders + 1)));
        assertThat(chromium.script("return window.notReloaded")).isEqualTo(true);
        assertCardsMatch(chromium, summaryShown(chromium, insights));

        // Log out: the dashboard is closed.
        chromium.driver().findElement(By.id("logout-button")).click();
        chromium.waitForPath("/login");
        chromium.open(base.resolve("/?shop=" + shopId));
        chromium.waitForPath("/login?next=");
        assertThat(chromium.fetch("GET", insights + "/summary", null).status()).isEqualTo(401);
    }

    private static void waitForFigures(Chromium chromium) {
        chromium.waitUpTo(Duration.ofSeconds(20)).until(d -> {
            List<WebElement> view = d.findElements(By.cssSelector(".insights[aria-busy=false]"));
            return !view.isEmpty() && List.of("ready", "empty").contains(view.getFirst().getAttribute("data-state"));
        });
    }

    private static String metric(Chromium chromium, String key) {
        return chromium.driver().findElement(By.cssSelector("[data-metric=" + key + "]")).getAttribute("data-value");
    }

    /** The API's summary for the range the page shows. */
    private static JsonNode summaryShown(Chromium chromium, String insights) {
        WebElement view = chromium.driver().findElement(By.cssSelector(".insights"));
        Chromium.Reply reply = chromium.fetch("GET", insights + "/summary?from=" + view.getAttribute("data-from")
                + "&to=" + view.getAttribute("data-to"), null);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    private static void assertCardsMatch(Chromium chromium, JsonNode summary) {
        assertThat(metric(chromium, "totalSales")).isEqualTo(summary.path("totalSales").asText());
        assertThat(metric(chromium, "orders")).isEqualTo(summary.path("orders").asText());
        assertThat(metric(chromium, "customers")).isEqualTo(summary.path("customers").asText());
        assertThat(metric(chromium, "averageOrderValue")).isEqualTo(summary.path("averageOrderValue").asText());
        assertThat(metric(chromium, "netSales")).isEqualTo(summary.path("netSales").asText());
    }
}
