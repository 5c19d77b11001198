package dev.shopifyingest.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard's pages in a real browser against {@link FakeDashboardApi}, a fake of the JSON
 * API contract: figures, charts and tables, the date-range URL, CSV export, live updates and the
 * live indicator, the stores list, and the phone layout. The same pages against the real server
 * are {@code DashboardBrowserTest} and {@code DashboardJourneyTest}.
 */
class DashboardPagesTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Duration LIVE_DEADLINE = Duration.ofSeconds(10);

    static Chromium chromium;
    FakeDashboardApi api;

    @BeforeAll
    static void startBrowser() {
        chromium = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void startApi() {
        api = new FakeDashboardApi();
        chromium.resize(Chromium.DESKTOP);
    }

    @AfterEach
    void stopApi() {
        chromium.open(URI.create("about:blank"));
        api.close();
    }

    private URI url(String pathAndQuery) {
        return api.uri().resolve(pathAndQuery);
    }

    private void openAndWaitForFigures(String pathAndQuery) {
        chromium.open(url(pathAndQuery));
        waitForFigures();
    }

    private void waitForFigures() {
        chromium.waitUpTo(Duration.ofSeconds(10)).until(d -> {
            List<WebElement> view = d.findElements(By.cssSelector(".insights[aria-busy=false]"));
            return !view.isEmpty() && !"loading".equals(view.getFirst().getAttribute("data-state"));
        });
    }

    private String metric(String key) {
        return chromium.driver().findElement(By.cssSelector("[data-metric=" + key + "]")).getAttribute("data-value");
    }

    private String metricText(String key) {
        return chromium.driver().findElement(By.cssSelector(".metric[data-metric=" + key + "] .metric__value")).getText();
    }

    private void assertCardsShow(Map<String, Object> summary) {
        assertThat(metric("totalSales")).isEqualTo(summary.get("totalSales"));
        assertThat(metric("orders")).isEqualTo(summary.get("orders").toString());
        assertThat(metric("customers")).isEqualTo(summary.get("customers").toString());
        assertThat(metric("averageOrderValue")).isEqualTo(summary.get("averageOrderValue"));
        assertThat(metric("netSales")).isEqualTo(summary.get("netSales"));
        assertThat(metric("newCustomers")).isEqualTo(summary.get("newCustomers").toString());
        assertThat(metric("returningCustomers")).isEqualTo(summary.get("returningCustomers").toString());
    }

    private Map<String, Object> expectedSummary(LocalDate from, LocalDate to) {
        return api.summary(api.shop("1"), from, to);
    }

    private static String dollars(String amount) {
        return NumberFormat.getCurrencyInstance(Locale.US).format(new BigDecimal(amount));
    }

    private String range() {
        WebElement view = chromium.driver().findElement(By.cssSelector(".insights"));
        return view.getAttribute("data-from") + ".." + view.getAttribute("data-to");
    }

    private void choose(String option) {
        chromium.driver().findElement(By.cssSelector("input[data-option=" + option + "] + span")).click();
    }

    @Test
    void theDashboardShowsTheStoresFiguresForTheLast30Days() {
        openAndWaitForFigures("/?shop=1");
        LocalDate today = LocalDate.now(NEW_YORK);
        Map<String, Object> summary = expectedSummary(today.minusDays(29), today);

        assertCardsShow(summary);
        assertThat(metricText("totalSales")).isEqualTo(dollars((String) summary.get("totalSales")));
        assertThat(metricText("averageOrderValue")).isEqualTo(dollars((String) summary.get("averageOrderValue")));
        assertThat(metricText("orders")).isEqualTo(NumberFormat.getIntegerInstance(Locale.US).format(summary.get("orders")));
        assertThat(range()).isEqualTo(today.minusDays(29) + ".." + today);
        assertThat(chromium.driver().findElement(By.id("sales-chart")).getAttribute("data-points")).isEqualTo("30");
        assertThat(chromium.driver().findElement(By.id("orders-chart")).getAttribute("data-points")).isEqualTo("30");
        assertThat(chromium.driver().findElements(By.cssSelector("#top-customers tbody tr"))).hasSize(10);
        assertThat(chromium.driver().findElement(By.cssSelector("#top-customers tbody tr")).getText()).contains("Ava Smith");
        assertThat(chromium.driver().findElements(By.cssSelector("#top-products tbody tr"))).hasSize(10);
        assertThat(chromium.driver().findElement(By.cssSelector("main h1")).getText()).isEqualTo("Dashboard");
        assertThat(chromium.driver().findElement(By.cssSelector(".page-header__subtitle")).getText()).startsWith("Demo Store · Last 30 days");
        chromium.waitUpTo(LIVE_DEADLINE).until(d -> "live".equals(d.findElement(By.id("live-indicator")).getAttribute("data-state")));
        chromium.screenshot("dashboard");
    }

    @Test
    void moneyIsShownInTheStoresCurrency() {
        openAndWaitForFigures("/?shop=3");

        assertThat(metricText("totalSales")).startsWith("£");
        assertThat(chromium.driver().findElement(By.cssSelector(".shop-banner")).getText())
                .contains("Reconnect needed").contains("Shopify no longer accepts");
    }

    @Test
    void theFilterPageKeepsTheRangeInTheUrlAndEveryFigureFollowsIt() {
        openAndWaitForFigures("/filter?shop=1");
        LocalDate today = LocalDate.now(NEW_YORK);
        assertThat(chromium.driver().findElement(By.cssSelector("input[data-option=last-30-days]")).isSelected()).isTrue();

        choose("last-7-days");
        chromium.waitUpTo(Duration.ofSeconds(10)).until(d -> range().equals(today.minusDays(6) + ".." + today));
        waitForFigures();
        assertThat(chromium.currentUrl().getQuery()).contains("range=last-7-days").contains("shop=1");
        assertCardsShow(expectedSummary(today.minusDays(6), today));
        assertThat(chromium.driver().findElement(By.id("orders-chart")).getAttribute("data-points")).isEqualTo("7");

        choose("this-year");
        choose("month");
        chromium.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("granularity=month"));
        waitForFigures();
        assertThat(chromium.driver().findElement(By.id("orders-chart")).getAttribute("data-points"))
                .isEqualTo(Integer.toString(today.getMonthValue()));
        assertCardsShow(expectedSummary(today.withDayOfYear(1), today));
        chromium.screenshot("filter");

        // The URL is the state: opening it again shows the same range and grouping.
        chromium.driver().navigate().refresh();
        waitForFigures();
        assertThat(chromium.driver().findElement(By.cssSelector("input[data-option=this-year]")).isSelected()).isTrue();
        assertThat(chromium.driver().findElement(By.cssSelector("input[data-option=month]")).isSelected()).isTrue();
        assertThat(range()).isEqualTo(today.withDayOfYear(1) + ".." + today);
    }

    @Test
    void aCustomRangeIsCheckedThenShownAndShareable() {
        openAndWaitForFigures("/filter?shop=1");
        choose("custom");
        WebElement from = chromium.visible(By.cssSelector(".range-picker__custom input[type=date]"));
        List<WebElement> dates = chromium.driver().findElements(By.cssSelector(".range-picker__custom input[type=date]"));
        chromium.script("arguments[0].value = '2026-03-10'; arguments[1].value = '2026-03-01';", dates.get(0), dates.get(1));
        chromium.driver().findElement(By.cssSelector(".range-picker__custom button[type=submit]")).click();
        assertThat(chromium.visible(By.cssSelector(".range-picker__error")).getText())
                .isEqualTo("The start date must be on or before the end date.");

        chromium.script("arguments[0].value = '2026-03-01'; arguments[1].value = '2026-03-31';", from, dates.get(1));
        choose("week");
        chromium.driver().findElement(By.cssSelector(".range-picker__custom button[type=submit]")).click();
        chromium.waitUpTo(Duration.ofSeconds(10)).until(d -> range().equals("2026-03-01..2026-03-31"));
        waitForFigures();
        assertThat(chromium.currentUrl().getQuery()).contains("range=custom").contains("from=2026-03-01").contains("to=2026-03-31");
        assertCardsShow(expectedSummary(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-31")));
        long weeks = Stream.iterate(LocalDate.parse("2026-03-01").with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                d -> !d.isAfter(LocalDate.parse("2026-03-31")), d -> d.plusWeeks(1)).count();
        assertThat(chromium.driver().findElement(By.id("sales-chart")).getAttribute("data-points")).isEqualTo(Long.toString(weeks));

        String shared = chromium.driver().getCurrentUrl();
        chromium.open(URI.create("about:blank"));
        chromium.open(URI.create(shared));
        waitForFigures();
        assertThat(range()).isEqualTo("2026-03-01..2026-03-31");
        assertThat(chromium.driver().findElement(By.cssSelector("input[data-option=custom]")).isSelected()).isTrue();
    }

    @Test
    void aRangeWithoutOrdersSaysSo() {
        openAndWaitForFigures("/filter?shop=1&range=custom&from=2019-01-01&to=2019-01-31");

        assertThat(chromium.driver().findElement(By.cssSelector(".insights")).getAttribute("data-state")).isEqualTo("empty");
        assertThat(chromium.driver().findElement(By.cssSelector(".insights__notice")).getText())
                .contains("No orders between Jan 1, 2019 and Jan 31, 2019");
        assertThat(chromium.driver().findElement(By.cssSelector("#top-customers tbody")).getText())
                .isEqualTo("No customer ordered in this range.");
        assertThat(metric("orders")).isEqualTo("0");
    }

    @Test
    void aFailureIsShownWithAWayToTryAgain() {
        api.insightsFail(true);
        openAndWaitForFigures("/?shop=1");

        WebElement error = chromium.visible(By.cssSelector(".insights__notice [role=alert]"));
        assertThat(error.getText()).contains("Something went wrong on our side (incident 42).");
        assertThat(chromium.driver().findElement(By.cssSelector(".insights__content")).isDisplayed()).isFalse();

        api.insightsFail(false);
        error.findElement(By.tagName("button")).click();
        chromium.waitUpTo(Duration.ofSeconds(10)).until(d -> "ready".equals(d.findElement(By.cssSelector(".insights")).getAttribute("data-state")));
        assertThat(chromium.driver().findElement(By.cssSelector(".insights__content")).isDisplayed()).isTrue();
    }

    @Test
    void liveChangesUpdateCardsChartsAndTablesWithoutReload() {
        openAndWaitForFigures("/?shop=1");
        chromium.waitUpTo(LIVE_DEADLINE).until(d -> api.openStreams("1") > 0);
        chromium.script("window.notReloaded = true;");
        int orders = Integer.parseInt(metric("orders"));
        LocalDate today = LocalDate.now(NEW_YORK);
        String lastBucket = "#orders-chart tbody tr:last-child td.num";
        int ordersToday = Integer.parseInt(chromium.driver().findElement(By.cssSelector(lastBucket)).getAttribute("data-value"));

        api.addOrder("1", today, new BigDecimal("45.10"));

        chromium.waitUpTo(LIVE_DEADLINE).until(d -> metric("orders").equals(Integer.toString(orders + 1)));
        assertThat(chromium.driver().findElement(By.cssSelector(lastBucket)).getAttribute("data-value"))
                .isEqualTo(Integer.toString(ordersToday + 1));
        assertCardsShow(expectedSummary(today.minusDays(29), today));
        assertThat(chromium.script("return window.notReloaded")).isEqualTo(true);
    }

    @Test
    void theLiveIndicatorShowsLiveReconnectingAndOffline() {
        openAndWaitForFigures("/?shop=1");
        WebElement indicator = chromium.driver().findElement(By.id("live-indicator"));
        chromium.waitUpTo(LIVE_DEADLINE).until(d -> "live".equals(indicator.getAttribute("data-state")));
        assertThat(indicator.getAttribute("role")).isEqualTo("status");
        assertThat(indicator.getText()).isEqualTo("Live");

        api.eventsAvailable(false);
        chromium.waitUpTo(LIVE_DEADLINE).until(d -> "reconnecting".equals(indicator.getAttribute("data-state")));
        assertThat(indicator.getText()).isEqualTo("Reconnecting…");
        chromium.screenshot("dashboard-reconnecting");

        api.eventsAvailable(true);
        chromium.waitUpTo(Duration.ofSeconds(20)).until(d -> "live".equals(indicator.getAttribute("data-state")));

        chromium.driver().executeCdpCommand("Network.enable", Map.of());
        chromium.driver().executeCdpCommand("Network.emulateNetworkConditions",
                Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        try {
            chromium.waitUpTo(LIVE_DEADLINE).until(d -> "offline".equals(indicator.getAttribute("data-state")));
            assertThat(indicator.getText()).isEqualTo("Offline");
        } finally {
            chromium.driver().executeCdpCommand("Network.emulateNetworkConditions",
                    Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        }
        chromium.waitUpTo(Duration.ofSeconds(20)).until(d -> "live".equals(indicator.getAttribute("data-state")));
    }

    @Test
    void theStoresPageShowsStatusProgressAndActionsLive() {
        chromium.open(url("/shops"));
        WebElement syncing = chromium.visible(By.cssSelector(".shop-item[data-shop-id='2']"));
        WebElement bar = syncing.findElement(By.cssSelector("[role=progressbar]"));
        assertThat(bar.getAttribute("aria-valuenow")).isEqualTo("1200");
        assertThat(bar.getAttribute("aria-valuemax")).isEqualTo("3600");
        assertThat(syncing.getText()).contains("Syncing orders: 1,200 of 3,600 (33%)");
        WebElement reconnect = chromium.driver().findElement(By.cssSelector(".shop-item[data-shop-id='3']"));
        assertThat(reconnect.getText()).contains("Reconnect needed").contains("Shopify no longer accepts this store's access token");
        assertThat(reconnect.findElement(By.cssSelector("[data-action=reconnect]")).isDisplayed()).isTrue();
        assertThat(chromium.driver().findElement(By.cssSelector(".shop-item[data-shop-id='1']")).getText())
                .contains("Connected").contains("Last synced Nov 27, 2026, 1:00 PM EST");
        chromium.waitUpTo(LIVE_DEADLINE).until(d -> api.openStreams("2") > 0);
        chromium.screenshot("stores");

        api.emit("2", "sync", FakeDashboardApi.sync(2700, 3600));
        chromium.waitUpTo(LIVE_DEADLINE).until(d -> "2700".equals(d.findElement(
                By.cssSelector(".shop-item[data-shop-id='2'] [role=progressbar]")).getAttribute("aria-valuenow")));
        api.emit("2", "sync", FakeDashboardApi.sync(3600, 3600));
        chromium.waitUpTo(LIVE_DEADLINE).until(d -> d.findElement(By.cssSelector(".shop-item[data-shop-id='2']")).getText()
                .contains("3,600 of 3,600 (100%)"));
        api.updateShop(FakeDashboardApi.shop("2", "berlin-outfitters.myshopify.com", "Berlin Outfitters", "EUR",
                "Europe/Berlin", "connected", null, null, "2026-11-27T18:05:00Z"));
        chromium.waitUpTo(LIVE_DEADLINE).until(d -> "connected".equals(
                d.findElement(By.cssSelector(".shop-item[data-shop-id='2']")).getAttribute("data-status")));
        assertThat(chromium.driver().findElement(By.cssSelector(".shop-item[data-shop-id='2']")).getText())
                .contains("Last synced Nov 27, 2026, 7:05 PM GMT+1").doesNotContain("Syncing orders");

        chromium.driver().findElement(By.cssSelector(".shop-item[data-shop-id='1'] [data-action=sync]")).click();
        chromium.waitUpTo(LIVE_DEADLINE).until(d -> "syncing".equals(
                d.findElement(By.cssSelector(".shop-item[data-shop-id='1']")).getAttribute("data-status")));
        assertThat(chromium.driver().findElement(By.cssSelector(".shop-item[data-shop-id='1'] [data-action=sync]")).isEnabled()).isFalse();
    }

    @Test
    void connectingAStoreGoesToShopifyAndBack() {
        chromium.open(url("/shops"));
        WebElement input = chromium.visible(By.cssSelector("main input[name=shop]"));
        input.sendKeys("not a shop!");
        chromium.driver().findElement(By.cssSelector("main .connect-form button[type=submit]")).click();
        assertThat(chromium.visible(By.cssSelector(".connect-form .field__error")).getText())
                .startsWith("That is not a Shopify store address.");
        assertThat(input.getAttribute("aria-invalid")).isEqualTo("true");

        input.clear();
        input.sendKeys("https://new-store.myshopify.com/admin");
        chromium.driver().findElement(By.cssSelector("main .connect-form button[type=submit]")).click();

        chromium.waitForPath("/shops?connected=new-store.myshopify.com");
        assertThat(chromium.visible(By.cssSelector("main .callout--success")).getText()).contains("new-store.myshopify.com is connected.");
    }

    @Test
    void csvExportHasWhatTheViewShows() throws IOException {
        try (Stream<Path> old = Files.list(chromium.downloads())) {
            old.forEach(file -> file.toFile().delete());
        }
        openAndWaitForFigures("/filter?shop=1&range=custom&from=2026-03-01&to=2026-03-07&granularity=day");
        chromium.driver().findElement(By.id("export-csv")).click();

        Path file = chromium.downloads().resolve("demo-store-2026-03-01-to-2026-03-07-day.csv");
        chromium.waitUpTo(Duration.ofSeconds(10)).until(d -> Files.exists(file) && file.toFile().length() > 0);
        String csv = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, Object> summary = expectedSummary(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-07"));
        assertThat(csv).startsWith("\uFEFFStore,Demo Store,demo-store.myshopify.com\r\n")
                .contains("\r\nTotal sales," + summary.get("totalSales") + "\r\n")
                .contains("\r\nTotal orders," + summary.get("orders") + "\r\n")
                .contains("\r\nAverage order value," + summary.get("averageOrderValue") + "\r\n")
                .contains("\r\nPeriod start,Sales,Orders\r\n2026-03-01,")
                .contains("\r\n2026-03-07,")
                .contains("\r\nTop customer,Email,Orders,Spend\r\nAva Smith,ava.smith@example.com,")
                .contains("\r\nTop product,Units,Revenue\r\nClassic Mug,");
        assertThat(csv.lines().filter(line -> line.startsWith("2026-03-0"))).hasSize(7);
    }

    @Test
    void chartsHaveTheirDataAsATable() {
        openAndWaitForFigures("/?shop=1");
        WebElement toggle = chromium.driver().findElement(By.cssSelector("#sales-chart button[aria-controls]"));
        WebElement table = chromium.driver().findElement(By.id(toggle.getAttribute("aria-controls")));
        assertThat(table.isDisplayed()).isFalse();
        assertThat(chromium.driver().findElement(By.cssSelector("#sales-chart canvas")).getAttribute("aria-label"))
                .startsWith("Sales over time, line chart of 30 periods");

        toggle.click();

        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(table.isDisplayed()).isTrue();
        assertThat(chromium.driver().findElement(By.cssSelector("#sales-chart canvas")).isDisplayed()).isFalse();
        assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(30);
        assertThat(toggle.getText()).isEqualTo("Show chart");
    }

    @Test
    void theDashboardPagesFitAPhoneWithoutHorizontalScroll() {
        chromium.resize(Chromium.PHONE);
        openAndWaitForFigures("/?shop=1");
        chromium.assertNoHorizontalScroll("/");
        chromium.screenshot("phone-dashboard");
        openAndWaitForFigures("/filter?shop=1");
        chromium.assertNoHorizontalScroll("/filter");
        chromium.screenshot("phone-filter");
        chromium.open(url("/shops"));
        chromium.visible(By.cssSelector(".shop-item[data-shop-id='2']"));
        chromium.assertNoHorizontalScroll("/shops");
        chromium.screenshot("phone-stores-list");
    }

    static {
        // Fail fast with a clear message when a file cannot be listed (downloads folder).
        try {
            Files.createDirectories(Path.of("target", "downloads"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
