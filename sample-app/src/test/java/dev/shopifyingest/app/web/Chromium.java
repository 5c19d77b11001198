package dev.shopifyingest.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven through {@code /usr/bin/chromedriver}: nothing is downloaded
 * (Selenium Manager never runs: both paths are given, and the build sets {@code SE_OFFLINE}).
 * Adds what the browser tests need: waits with a deadline, full-page screenshots under
 * {@code target/screenshots/}, the page's own {@code fetch} for API calls with its cookies, and a
 * horizontal-overflow check.
 */
public final class Chromium implements AutoCloseable {

    /** The browser binary (Debian package {@code chromium}). */
    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    /** The driver binary (Debian package {@code chromium-driver}). */
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Where every run saves its screenshots. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** The desktop window size. */
    public static final Dimension DESKTOP = new Dimension(1440, 1000);
    /** A phone's viewport. */
    public static final Dimension PHONE = new Dimension(375, 800);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ChromeDriver driver;
    private final Path downloads;

    private Chromium(ChromeDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
    }

    /**
     * Starts a headless browser.
     *
     * @return the browser; close it to quit
     */
    public static Chromium start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver at " + BROWSER
                    + " and " + DRIVER + ": apt-get install -y chromium chromium-driver (.ci/run does this).");
        }
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        Path downloads;
        try {
            downloads = Files.createDirectories(Path.of("target", "downloads")).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // the tests run as root in CI
                "--disable-dev-shm-usage",
                // No calls to the (closed) network: updates, sync, first-run, QUIC probes.
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-gpu", "--disable-quic",
                "--disable-features=Translate,OptimizationHints,MediaRouter",
                "--force-prefers-reduced-motion", // charts draw at once, without animation
                "--lang=en-US",
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "intl.accept_languages", "en-US"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Chromium(driver, downloads);
    }

    /** The driver. */
    public ChromeDriver driver() {
        return driver;
    }

    /** Where downloads land. */
    public Path downloads() {
        return downloads;
    }

    /** Opens a URL. */
    public void open(URI url) {
        driver.get(url.toString());
    }

    /** A wait with a deadline (never a sleep). */
    public WebDriverWait waitUpTo(Duration deadline) {
        WebDriverWait wait = new WebDriverWait(driver, deadline, Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Waits up to 10 s for an element to be visible. */
    public WebElement visible(By by) {
        return waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits up to 10 s for the path (and query) of the page to satisfy a condition. */
    public void waitForPath(String pathPrefix) {
        waitUpTo(Duration.ofSeconds(10)).until(d -> {
            URI current = URI.create(d.getCurrentUrl());
            return (current.getRawPath() + (current.getRawQuery() == null ? "" : "?" + current.getRawQuery()))
                    .startsWith(pathPrefix);
        });
    }

    /** The current URL. */
    public URI currentUrl() {
        return URI.create(driver.getCurrentUrl());
    }

    /** Resizes the window. */
    public void resize(Dimension size) {
        driver.manage().window().setSize(size);
        waitUpTo(Duration.ofSeconds(5)).until(d -> ((Number) driver.executeScript("return window.innerWidth")).intValue() > 0);
    }

    /** Runs a script and returns its result. */
    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /**
     * How many CSS pixels the page is wider than its viewport (0 when there is no horizontal
     * scroll), and which elements stick out, for the failure message.
     */
    public Overflow horizontalOverflow() {
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) driver.executeScript("""
                const root = document.documentElement;
                const width = root.clientWidth;
                const culprits = [...document.querySelectorAll('body *')]
                  .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > width + 0.5
                      && !e.closest('.table-scroll') && getComputedStyle(e).visibility !== 'hidden')
                  .slice(0, 5)
                  .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined ? '.' + String(e.className).split(' ').join('.') : ''));
                return { overflow: root.scrollWidth - width, viewport: window.innerWidth, culprits };
                """);
        @SuppressWarnings("unchecked")
        List<String> culprits = (List<String>) result.get("culprits");
        return new Overflow(((Number) result.get("overflow")).intValue(), ((Number) result.get("viewport")).intValue(), culprits);
    }

    /**
     * Horizontal overflow of a page.
     *
     * @param pixels   how much wider than the viewport the page is
     * @param viewport the viewport's width
     * @param culprits elements that reach past the viewport
     */
    public record Overflow(int pixels, int viewport, List<String> culprits) {
    }

    /**
     * A full-page screenshot, saved as {@code target/screenshots/{name}.png}. The window grows to
     * the page's height for the shot and returns to its size afterwards.
     *
     * @param name the file's name without extension
     * @return the file
     */
    public Path screenshot(String name) {
        Dimension before = driver.manage().window().getSize();
        try {
            long height = ((Number) driver.executeScript(
                    "return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))")).longValue();
            long chrome = before.height - ((Number) driver.executeScript("return window.innerHeight")).longValue();
            int target = (int) Math.min(4000, Math.max(before.height, height + chrome));
            if (target != before.height) {
                driver.manage().window().setSize(new Dimension(before.width, target));
            }
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Path file = Files.createDirectories(SCREENSHOTS).resolve(name + ".png");
            Files.write(file, png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /**
     * A request made by the page itself ({@code fetch}, with its cookies and, for a POST, the
     * CSRF header), as the dashboard's own code would make it.
     *
     * @param method the method
     * @param path   the path
     * @param json   a JSON body, or null
     * @return the status and body
     */
    public Reply fetch(String method, String path, String json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) driver.executeAsyncScript("""
                const [method, path, body, done] = arguments;
                const csrf = (document.cookie.split('; ').find((c) => c.startsWith('csrf=')) || '').slice(5);
                const headers = { 'X-CSRF-Token': decodeURIComponent(csrf), Accept: 'application/json' };
                if (body !== null) headers['Content-Type'] = 'application/json';
                const controller = new AbortController();
                fetch(path, { method, headers, body: body === null ? undefined : body, credentials: 'same-origin', signal: controller.signal })
                  .then(async (r) => {
                    // An event stream never ends: its status is enough.
                    const type = r.headers.get('Content-Type') || '';
                    if (type.startsWith('text/event-stream')) { controller.abort(); done({ status: r.status, body: '' }); return; }
                    done({ status: r.status, body: await r.text() });
                  })
                  .catch((e) => done({ status: -1, body: String(e) }));
                """, method, path, json);
        return new Reply(((Number) result.get("status")).intValue(), (String) result.get("body"));
    }

    /**
     * A reply to {@link #fetch}.
     *
     * @param status the HTTP status (-1 when the request failed)
     * @param body   the body
     */
    public record Reply(int status, String body) {

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }
    }

    /** Forgets cookies and stored values of the current origin. */
    public void forgetEverything() {
        driver.manage().deleteAllCookies();
        if (driver.getCurrentUrl().startsWith("http")) {
            driver.executeScript("localStorage.clear(); sessionStorage.clear();");
        }
    }

    /** Asserts the page has no horizontal scroll. */
    public void assertNoHorizontalScroll(String page) {
        Overflow overflow = horizontalOverflow();
        assertThat(overflow.pixels())
                .as("%s is %d px wider than the %d px viewport; sticking out: %s", page, overflow.pixels(),
                        overflow.viewport(), overflow.culprits())
                .isLessThanOrEqualTo(0);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
