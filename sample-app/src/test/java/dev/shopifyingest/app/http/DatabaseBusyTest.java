package dev.shopifyingest.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shopifyingest.app.Browser;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With every pooled connection busy, a request is told to come back (503), not shown an incident (500). */
class DatabaseBusyTest {

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    @Test
    void aRequestThatGetsNoConnectionAnswers503WithRetryAfterAndSucceedsOnceOneIsFree() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(6);
        config.setConnectionTimeout(300);
        List<Connection> held = new ArrayList<>();
        try (HikariDataSource pool = new HikariDataSource(config);
                TestServer server = TestServer.start(pool)) {
            Browser browser = server.browser();
            try {
                while (true) {
                    held.add(pool.getConnection());
                }
            } catch (SQLTransientConnectionException exhausted) {
                // every connection is now held by the server or by this test
            }

            Reply busy = browser.signUp("busy@example.com", "correct horse battery staple");

            assertThat(busy.status()).as(busy.body()).isEqualTo(503);
            assertThat(busy.errorCode()).isEqualTo("unavailable");
            assertThat(busy.header("Retry-After")).hasValue("5");
            assertThat(busy.body()).doesNotContain("incident");

            for (Connection connection : held) {
                connection.close();
            }
            held.clear();
            assertThat(browser.signUp("busy@example.com", "correct horse battery staple").status()).isEqualTo(201);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }
}
