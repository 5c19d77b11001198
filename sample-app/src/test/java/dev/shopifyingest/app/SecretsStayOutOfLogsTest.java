package dev.shopifyingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.shopifyingest.testkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Passwords, password hashes, session tokens and CSRF tokens never reach the logs, whatever
 * happens: sign-up, failed and successful log-ins, rejected tokens, malformed bodies, log-out.
 * Logging runs at DEBUG for everything during the test, stricter than the shipped configuration.
 */
class SecretsStayOutOfLogsTest {

    private static final String PASSWORD = "Pa55word-that-must-stay-secret";
    private static final String WRONG_PASSWORD = "wrong-guess-that-must-stay-secret";

    @RegisterExtension
    static final PostgresDatabase db = TestServer.database();

    static TestServer server;
    static ListAppender<ILoggingEvent> appender;
    static Level rootLevel;
    static Level appLevel;

    @BeforeAll
    static void start() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        appLevel = context.getLogger("dev.shopifyingest").getLevel();
        root.setLevel(Level.DEBUG);
        context.getLogger("dev.shopifyingest").setLevel(Level.TRACE);
        appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        server = TestServer.start(db.dataSource());
    }

    @AfterAll
    static void stop() {
        server.close();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        root.setLevel(rootLevel);
        context.getLogger("dev.shopifyingest").setLevel(appLevel);
    }

    @Test
    void noPasswordHashOrTokenIsEverLogged() throws Exception {
        Browser browser = server.browser();
        browser.signUp("logged@example.com", PASSWORD);
        browser.signUp("logged@example.com", PASSWORD);
        browser.me();
        String jwt = browser.cookie("session").orElseThrow();
        String csrf = browser.cookie("csrf").orElseThrow();
        server.browser().logIn("logged@example.com", WRONG_PASSWORD);
        server.browser().logIn("nobody@example.com", WRONG_PASSWORD);
        server.browser().postJson("/api/auth/login", "{\"email\":\"logged@example.com\",\"password\":" + PASSWORD + "}");
        Browser other = server.browser();
        other.logIn("logged@example.com", PASSWORD);
        String otherJwt = other.cookie("session").orElseThrow();
        Browser forger = server.browser();
        forger.setCookie("session", jwt.substring(0, jwt.length() - 4) + "AAAA");
        forger.me();
        browser.logOut();
        browser.setCookie("session", jwt);
        browser.me();
        String hash = passwordHash();

        List<String> logged = loggedText();

        assertThat(logged).isNotEmpty();
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("Signed up user"));
        for (String secret : List.of(PASSWORD, WRONG_PASSWORD, hash, hash.substring(hash.lastIndexOf('$') + 1), jwt,
                jwt.substring(jwt.lastIndexOf('.') + 1), otherJwt, csrf)) {
            assertThat(logged).noneSatisfy(line -> assertThat(line).contains(secret));
        }
    }

    private static List<String> loggedText() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            lines.add(event.getLoggerName() + " " + event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getClassName() + ": " + t.getMessage());
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    lines.add(frame.getSTEAsString());
                }
            }
            event.getMDCPropertyMap().forEach((key, value) -> lines.add(key + "=" + value));
        }
        return lines;
    }

    private static String passwordHash() throws Exception {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select password_hash from app.users")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
