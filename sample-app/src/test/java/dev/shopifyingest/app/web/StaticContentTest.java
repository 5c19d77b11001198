package dev.shopifyingest.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the server serves for the dashboard: its pages, its modules, and Chart.js from the WebJar. */
class StaticContentTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(db.dataSource());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyPagePathServesTheAppsPage() {
        Browser browser = server.browser();
        String index = browser.get("/").body();
        assertThat(index).contains("<script type=\"module\" src=\"/js/main.js\">");

        for (String page : new String[] {"/login", "/signup", "/shops", "/filter"}) {
            Reply reply = browser.get(page + "?shop=1");
            assertThat(reply.status()).as(page).isEqualTo(200);
            assertThat(reply.header("Content-Type")).as(page).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(reply.body()).as(page).isEqualTo(index);
        }
    }

    @Test
    void servesChartJsFromItsWebJar() {
        Reply chart = server.browser().get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js");

        assertThat(chart.status()).isEqualTo(200);
        assertThat(chart.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(chart.body()).contains("Chart.js v4.5.1");
    }

    @Test
    void servesModulesAsJavaScript() {
        Reply main = server.browser().get("/js/main.js");

        assertThat(main.status()).isEqualTo(200);
        assertThat(main.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    }

    @Test
    void unknownPathsAndApiPathsAreNotThePage() {
        Browser browser = server.browser();

        assertThat(browser.get("/no-such-page").status()).isEqualTo(404);
        assertThat(browser.get("/webjars/nothing.js").status()).isEqualTo(404);
        assertThat(browser.get("/api/shops").status()).isEqualTo(401);
    }
}
