package dev.shopifyingest.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.shopifyingest.app.Browser.Reply;
import dev.shopifyingest.app.TestServer;
import dev.shopifyingest.app.webhooks.Webhooks;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.Shop;
import java.net.HttpCookie;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Watches a whole test class for leaked secrets. While the class runs, every log line is captured
 * (all loggers at DEBUG, the project's at TRACE: stricter than the shipped configuration; only
 * the fake Shopify's own web server stays at INFO), and the
 * class hands over the responses it received ({@link #observe(Reply)}, as a {@code Browser}
 * observer) and the secrets it used ({@link #secret(String)}: passwords, tokens). After the class,
 * it asserts that no captured log line and no response body or header holds:
 * <ul>
 *   <li>a secret the class declared, or one the server issued in a {@code Set-Cookie} (session
 *       JWTs, their signatures, CSRF tokens);</li>
 *   <li>the client secret or the JWT signing key of {@link TestServer#config()};</li>
 *   <li>any shop's access or refresh token, as stored;</li>
 *   <li>any password hash in {@code app.users}, whole or its hash part, or anything that looks
 *       like one ({@code $argon2id$}).</li>
 * </ul>
 * Register it after the test class's database extension, so it reads the database before that
 * closes.
 */
public final class SecretsWatch implements BeforeAllCallback, AfterAllCallback {

    private static final String ARGON2_MARK = "$argon2id$";
    /**
     * The loggers of FakeShopify's own HTTP server (WireMock on Jetty), which stands in for
     * Shopify: at DEBUG it logs the request headers it receives, the access token among them, as
     * Shopify's servers would. They stay at INFO; everything of the app is captured at DEBUG.
     */
    private static final List<String> SHOPIFYS_SIDE = List.of("org.eclipse.jetty", "wiremock",
            "com.github.tomakehurst.wiremock");

    private final Supplier<DataSource> database;
    private final Set<String> secrets = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<String> responses = Collections.synchronizedList(new ArrayList<>());
    private ListAppender<ILoggingEvent> appender;
    private Level rootLevel;
    private Level projectLevel;

    /**
     * A watch over the class's database.
     *
     * @param database the test class's database, read after the class for hashes and tokens
     */
    public SecretsWatch(Supplier<DataSource> database) {
        this.database = database;
    }

    /** Declares a secret the class used (a password, a token): it must appear in no log line and no response. */
    public void secret(String value) {
        if (value != null && !value.isEmpty()) {
            secrets.add(value);
        }
    }

    /**
     * Records a response: its body and headers must hold no secret. The values of the cookies it
     * sets become secrets that no log line may hold.
     */
    public void observe(Reply reply) {
        StringBuilder text = new StringBuilder(reply.status() + "\n");
        reply.headers().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Set-Cookie")) {
                for (String value : values) {
                    for (HttpCookie cookie : HttpCookie.parse(value)) {
                        issued(cookie.getValue());
                    }
                }
            } else {
                text.append(name).append(": ").append(values).append('\n');
            }
        });
        responses.add(text.append(reply.body()).toString());
    }

    /** Records a response that did not come through a {@code Browser} (a webhook answer, an event stream's text). */
    public void observe(String response) {
        responses.add(response);
    }

    /** How many responses were recorded so far. */
    public int responseCount() {
        return responses.size();
    }

    private void issued(String cookieValue) {
        if (cookieValue.isEmpty()) {
            return;
        }
        secret(cookieValue);
        int signature = cookieValue.lastIndexOf('.');
        if (signature > 0 && cookieValue.chars().filter(c -> c == '.').count() == 2) {
            secret(cookieValue.substring(signature + 1));
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        projectLevel = logging.getLogger("dev.shopifyingest").getLevel();
        root.setLevel(Level.DEBUG);
        logging.getLogger("dev.shopifyingest").setLevel(Level.TRACE);
        for (String shopifysSide : SHOPIFYS_SIDE) {
            logging.getLogger(shopifysSide).setLevel(Level.INFO);
        }
        appender = new ListAppender<>();
        appender.setContext(logging);
        appender.start();
        root.addAppender(appender);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        root.setLevel(rootLevel);
        logging.getLogger("dev.shopifyingest").setLevel(projectLevel);
        for (String shopifysSide : SHOPIFYS_SIDE) {
            logging.getLogger(shopifysSide).setLevel(null);
        }

        secret(TestServer.config().shopifyApiSecret().text());
        secret(TestServer.JWT_SECRET);
        secret(Webhooks.SECRET);
        storedSecrets();
        List<String> logged = loggedText();
        List<String> answered = List.copyOf(responses);

        assertThat(logged).as("captured log lines").isNotEmpty();
        List<String> leaks = new ArrayList<>();
        for (String secret : List.copyOf(secrets)) {
            String hint = secret.substring(0, Math.min(6, secret.length())) + "…";
            logged.stream().filter(line -> line.contains(secret)).limit(3)
                    .forEach(line -> leaks.add("log line holds " + hint + ": " + cut(line)));
            answered.stream().filter(response -> response.contains(secret)).limit(3)
                    .forEach(response -> leaks.add("response holds " + hint + ": " + cut(response)));
        }
        logged.stream().filter(line -> line.contains(ARGON2_MARK)).limit(3)
                .forEach(line -> leaks.add("log line holds a password hash: " + cut(line)));
        answered.stream().filter(response -> response.contains(ARGON2_MARK)).limit(3)
                .forEach(response -> leaks.add("response holds a password hash: " + cut(response)));
        assertThat(leaks).as("secrets in %d log lines and %d responses", logged.size(), answered.size()).isEmpty();
    }

    private static String cut(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** Every password hash and every shop token in the database, as secrets. */
    private void storedSecrets() throws SQLException {
        DataSource dataSource = database.get();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select password_hash from app.users")) {
            while (rows.next()) {
                String hash = rows.getString(1);
                secret(hash);
                secret(hash.substring(hash.lastIndexOf('$') + 1));
            }
        }
        PostgresStore store = Webhooks.store(dataSource);
        for (Shop shop : store.shops().list()) {
            store.shops().accessToken(shop.shopId()).ifPresent(this::token);
        }
    }

    /** Declares a shop's access and refresh tokens as secrets. */
    public void token(AccessToken token) {
        secret(token.accessToken());
        secret(token.refreshToken());
    }

    private List<String> loggedText() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            lines.add(event.getLoggerName() + " " + event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getClassName() + ": " + t.getMessage());
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    lines.add(frame.getSTEAsString());
                }
            }
            for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
                lines.add(entry.getKey() + "=" + entry.getValue());
            }
            if (event.getArgumentArray() != null) {
                for (Object argument : event.getArgumentArray()) {
                    lines.add(String.valueOf(argument));
                }
            }
        }
        return lines;
    }
}
