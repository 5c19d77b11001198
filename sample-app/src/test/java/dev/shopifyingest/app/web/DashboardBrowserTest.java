package dev.shopifyingest.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser against the real server (its own database, a random port):
 * sign-up, log-in, connecting a store, log-out and phone-width layout. Parts that need routes
 * still being built (shops) skip themselves while the server answers those routes with 404.
 */
class DashboardBrowserTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    private static final String PASSWORD = "a long enough password";
    private static final AtomicInteger USERS = new AtomicInteger();

    static TestServer server;
    static Chromium chromium;

    @BeforeAll
    static void start() {
        server = TestServer.start(db.dataSource());
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshBrowser() {
        chromium.resize(Chromium.DESKTOP);
        chromium.open(url("/login"));
        chromium.forgetEverything();
    }

    private static URI url(String path) {
        return server.uri().resolve(path);
    }

    private static String newEmail() {
        return "merchant" + USERS.incrementAndGet() + "@example.com";
    }

    private void fillAndSubmit(String email, String password) {
        WebElement emailInput = chromium.visible(By.cssSelector("input[name=email]"));
        emailInput.clear();
        emailInput.sendKeys(email);
        WebElement passwordInput = chromium.driver().findElement(By.cssSelector("input[name=password]"));
        passwordInput.clear();
        passwordInput.sendKeys(password);
        chromium.driver().findElement(By.cssSelector("main form button[type=submit]")).click();
    }

    private void signUpInTheBrowser(String email) {
        chromium.open(url("/signup"));
        fillAndSubmit(email, PASSWORD);
        chromium.visible(By.id("first-store-title"));
    }

    @Test
    void signUpLandsOnConnectYourFirstStore() {
        chromium.open(url("/signup"));
        chromium.visible(By.cssSelector("input[name=email]"));
        chromium.screenshot("signup");

        fillAndSubmit(newEmail(), PASSWORD);

        WebElement heading = chromium.visible(By.id("first-store-title"));
        assertThat(heading.getText()).isEqualTo("Connect your first store");
        assertThat(chromium.currentUrl().getPath()).isEqualTo("/");
        assertThat(chromium.driver().findElement(By.cssSelector("main h1")).getText()).isEqualTo("Dashboard");
        assertThat(chromium.driver().findElement(By.id("user-email")).getText()).startsWith("merchant");
        chromium.screenshot("dashboard-first-store");

        chromium.driver().findElement(By.cssSelector("a[data-nav=shops]")).click();
        chromium.visible(By.id("no-stores"));
        assertThat(chromium.driver().findElement(By.cssSelector("a[data-nav=shops]")).getAttribute("aria-current")).isEqualTo("page");
        chromium.screenshot("stores-empty");
    }

    @Test
    void signUpValidatesFieldsBeforeAskingTheServer() {
        chromium.open(url("/signup"));
        fillAndSubmit("not-an-email", "short");

        assertThat(chromium.visible(By.cssSelector("input[name=email] ~ .field__error, .field:has(input[name=email]) .field__error")).getText())
                .isEqualTo("Enter an email address like name@example.com.");
        assertThat(chromium.driver().findElement(By.cssSelector(".field:has(input[name=password]) .field__error")).getText())
                .isEqualTo("Use at least 12 characters.");
        assertThat(chromium.driver().findElement(By.cssSelector("input[name=email]")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(chromium.currentUrl().getPath()).isEqualTo("/signup");
    }

    @Test
    void signUpShowsTheServersMessageWhenItRefuses() {
        String email = newEmail();
        server.browser().signUp(email, PASSWORD);

        chromium.open(url("/signup"));
        fillAndSubmit(email, PASSWORD);

        WebElement alert = chromium.visible(By.cssSelector("main [role=alert]"));
        assertThat(alert.getText()).contains("No account could be created with this email and password.");
    }

    @Test
    void aWrongPasswordShowsTheServersMessage() {
        String email = newEmail();
        Browser api = server.browser();
        api.signUp(email, PASSWORD);
        String expected = api.logIn(email, "not the right password").json().path("error").path("message").asText();

        chromium.open(url("/login"));
        chromium.visible(By.cssSelector("input[name=email]"));
        chromium.screenshot("login");
        fillAndSubmit(email, "this is the wrong password");

        WebElement alert = chromium.visible(By.cssSelector("main [role=alert]"));
        assertThat(alert.getText()).isEqualTo(expected).isNotBlank();
        assertThat(chromium.currentUrl().getPath()).isEqualTo("/login");
        chromium.screenshot("login-error");

        fillAndSubmit(email, PASSWORD);
        chromium.visible(By.id("first-store-title"));
    }

    @Test
    void anInvalidShopDomainIsShownInPlace() {
        signUpInTheBrowser(newEmail());
        Chromium.Reply probe = chromium.fetch("POST", "/api/shops/connect", "{\"shop\":\"not a shop!\"}");
        assumeFalse(probe.status() == 404,
                "POST /api/shops/connect answers 404: the shops routes are not on this branch yet; this test runs once they are");
        assertThat(probe.status()).isEqualTo(400);
        assertThat(probe.json().path("error").path("code").asText()).isEqualTo("invalid_shop_domain");

        WebElement input = chromium.visible(By.cssSelector("main input[name=shop]"));
        input.sendKeys("not a shop!");
        chromium.driver().findElement(By.cssSelector("main .connect-form button[type=submit]")).click();

        WebElement error = chromium.visible(By.cssSelector("main .connect-form .field__error"));
        assertThat(error.getText()).isEqualTo(probe.json().path("error").path("message").asText());
        assertThat(input.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(chromium.currentUrl().getPath()).isEqualTo("/");
        chromium.screenshot("connect-invalid-domain");
    }

    @Test
    void logOutBlocksTheDashboard() {
        signUpInTheBrowser(newEmail());

        chromium.driver().findElement(By.id("logout-button")).click();
        chromium.waitForPath("/login");

        for (String page : new String[] {"/", "/filter", "/shops"}) {
            chromium.open(url(page));
            chromium.waitForPath("/login?next=");
            chromium.visible(By.cssSelector("input[name=email]"));
            assertThat(chromium.driver().findElements(By.id("first-store-title"))).isEmpty();
        }
        assertThat(chromium.fetch("GET", "/api/me", null).status()).isEqualTo(401);
    }

    @Test
    void logInReturnsToThePageThatAskedForIt() {
        String email = newEmail();
        server.browser().signUp(email, PASSWORD);

        chromium.open(url("/shops"));
        chromium.waitForPath("/login?next=%2Fshops");
        fillAndSubmit(email, PASSWORD);

        chromium.waitForPath("/shops");
        chromium.visible(By.id("connect-title"));
    }

    @Test
    void everyPageFitsAPhoneWithoutHorizontalScroll() {
        chromium.resize(Chromium.PHONE);
        for (String page : new String[] {"/login", "/signup"}) {
            chromium.open(url(page));
            chromium.visible(By.cssSelector("input[name=email]"));
            chromium.assertNoHorizontalScroll(page);
            chromium.screenshot("phone" + page.replace('/', '-'));
        }
        signUpInTheBrowser(newEmail());
        for (String page : new String[] {"/", "/filter", "/shops"}) {
            chromium.open(url(page));
            chromium.visible(By.cssSelector("main h1"));
            chromium.visible(By.cssSelector("main input[name=shop]"));
            chromium.assertNoHorizontalScroll(page);
        }
        chromium.screenshot("phone-stores");

        // The navigation is a drawer on a phone: the menu button opens it, Escape closes it.
        WebElement menu = chromium.driver().findElement(By.id("menu-button"));
        assertThat(menu.getAttribute("aria-expanded")).isEqualTo("false");
        menu.click();
        chromium.waitUpTo(Duration.ofSeconds(5)).until(d -> "true".equals(menu.getAttribute("aria-expanded")));
        chromium.visible(By.cssSelector("a[data-nav=filter]"));
        chromium.assertNoHorizontalScroll("the open drawer");
        chromium.screenshot("phone-navigation");
        chromium.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ESCAPE);
        chromium.waitUpTo(Duration.ofSeconds(5)).until(d -> "false".equals(menu.getAttribute("aria-expanded")));
    }
}
