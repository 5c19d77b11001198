package dev.shopifyingest.app.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.webhooks.Webhooks;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The load driver of the webhook benchmark, run briefly at a low rate so that it cannot rot: its
 * bookkeeping must see every delivery stored once, every retry answered as a duplicate, and every
 * order applied. About 2 s of load; the whole class takes a few seconds more.
 */
class WebhookLoadSmokeTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static final String SHOP = "load-smoke.myshopify.com";
    static HikariDataSource pool;
    static TestServer server;
    static long shopId;

    @BeforeAll
    static void start() {
        // Pooled, as the app's own database is: an unpooled source opens a connection per request.
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        server = TestServer.start(pool);
        long userId = server.browser().signUp("loader@example.com", "correct horse battery staple").json()
                .path("user").path("id").asLong();
        shopId = Webhooks.registerShop(db.dataSource(), SHOP, userId);
    }

    @AfterAll
    static void stop() {
        server.close();
        pool.close();
    }

    @Test
    void everyAcceptedDeliveryIsOneInboxRowAndOneOrderAndRetriesAreDuplicates() throws Exception {
        WebhookTraffic traffic = new WebhookTraffic(server.uri(), SHOP, Webhooks.SECRET, "smoke", 1_000_000, 0.10,
                List.of(11L, 12L, 13L), Instant.parse("2026-11-01T12:00:00Z"));

        LoadDriver.Result result = LoadDriver.open("webhooks", server.uri(), traffic, 50, Duration.ofSeconds(2));
        WebhookTraffic.Bookkeeping books = traffic.check(pool, shopId, Duration.ofSeconds(30));

        assertThat(result.errors()).isEmpty();
        assertThat(result.sent()).isEqualTo(100);
        assertThat(result.ok()).isEqualTo(100);
        assertThat(result.latencies().count()).isEqualTo(100);
        assertThat(books.retries()).isPositive();
        assertThat(books.distinct() + books.retries()).isEqualTo(100);
        assertThat(books.accepted()).isEqualTo(books.distinct());
        assertThat(books.duplicateAnswers()).isEqualTo(books.retries());
        assertThat(books.holds()).as(books.line()).isTrue();
    }

    @Test
    void theClosedModelKeepsTheSameBooks() throws Exception {
        WebhookTraffic traffic = new WebhookTraffic(server.uri(), SHOP, Webhooks.SECRET, "smoke-closed", 2_000_000,
                0.10, List.of(11L), Instant.parse("2026-11-01T12:00:00Z"));

        LoadDriver.Result result = LoadDriver.closed("webhooks", server.uri(), traffic, 4,
                Duration.ofMillis(500));
        WebhookTraffic.Bookkeeping books = traffic.check(pool, shopId, Duration.ofSeconds(30));

        assertThat(result.failed()).as("%s", result.errors()).isZero();
        assertThat(result.ok()).isPositive().isEqualTo(books.distinct() + books.retries());
        assertThat(books.holds()).as(books.line()).isTrue();
    }
}
