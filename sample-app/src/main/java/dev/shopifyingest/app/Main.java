package dev.shopifyingest.app;

import dev.shopifyingest.app.commands.DataCommands;
import dev.shopifyingest.app.config.AppConfig;
import dev.shopifyingest.app.config.ConfigException;
import dev.shopifyingest.app.database.AppDatabase;
import dev.shopifyingest.app.database.AppMigrations;
import dev.shopifyingest.app.demo.DemoShopify;
import dev.shopifyingest.app.demo.DemoStoreActivity;
import dev.shopifyingest.app.shops.SyncOrchestrator;
import dev.shopifyingest.app.webhooks.InboxRetention;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.testkit.FakeShopify;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the sample app: reads the configuration, opens the database and migrates it, starts the
 * fake Shopify in demo mode, then the server. Run it with {@code --demo} (or
 * {@code DEMO_MODE=true}) to try everything on one machine; see {@code docs/sample-app.md}.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /**
     * Starts the app and keeps it running until the process is stopped. Exits with status 2 when
     * the configuration is incomplete (the message names what is missing) and 1 when start-up fails.
     * With {@code seed ...} or {@code purge ...} as arguments it runs that data command instead
     * and exits with its status (see {@link DataCommands}).
     *
     * @param args {@code --demo}, nothing, or a data command and its arguments
     */
    public static void main(String[] args) {
        if (args.length > 0 && DataCommands.isCommand(args[0])) {
            System.exit(DataCommands.run(List.of(args), System.getenv(), Path.of("").toAbsolutePath(),
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out,
                    System.err, Clock.systemUTC()));
            return;
        }
        Running app;
        try {
            app = start(List.of(args), System.getenv(), Path.of("").toAbsolutePath(),
                    Path.of(System.getProperty("user.home")), System.out);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            LOG.error("The sample app could not start", e);
            System.err.println("The sample app could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sample-app-shutdown"));
    }

    /**
     * Reads the configuration and starts everything it asks for; on failure, stops what was
     * already started.
     *
     * @param args             the command-line arguments
     * @param environment      the environment variables
     * @param workingDirectory where {@code .env} is read from
     * @param userHome         the home under which the durable embedded database lives
     * @param out              where the start-up banner goes
     * @return the running app
     * @throws ConfigException when the configuration is incomplete or invalid
     */
    static Running start(List<String> args, Map<String, String> environment, Path workingDirectory, Path userHome,
            PrintStream out) {
        AppConfig config = AppConfig.load(environment, workingDirectory, userHome, args);
        Duration syncInterval = syncInterval(environment);
        Duration webhookRetention = webhookRetention(environment);
        long bulkThreshold = bulkThreshold(environment);
        int poolSize = poolSize(environment);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            AppDatabase database = AppDatabase.open(config.database(), poolSize);
            started.add(database);
            AppMigrations.migrate(database.dataSource());
            Backend.migrate(database.dataSource());
            FakeShopify shopify = null;
            ShopBaseUrl shopUrls = config.shopifyAdminUrl() == null ? ShopBaseUrl.https()
                    : ShopBaseUrl.fixed(HttpUrl.get(config.shopifyAdminUrl()));
            if (config.demoMode()) {
                shopify = DemoShopify.start(config);
                started.add(shopify);
                shopUrls = DemoShopify.baseUrls(shopify);
                Duration[] activity = demoActivity(environment);
                if (activity != null) {
                    started.add(DemoStoreActivity.start(shopify.store(), activity[0], activity[1], System.nanoTime()));
                }
            }
            Backend backend = Backend.create(config, database.dataSource(), shopUrls, Clock.systemUTC());
            AppServer server = AppServer.builder().config(config).dataSource(database.dataSource())
                    .backend(backend).syncInterval(syncInterval).webhookRetention(webhookRetention)
                    .bulkThreshold(bulkThreshold).start();
            started.add(server);
            Running running = new Running(server, List.copyOf(started));
            printBanner(out, config, server, database, shopify);
            return running;
        } catch (RuntimeException e) {
            new Running(null, started).close();
            throw e;
        }
    }

    /** {@code SYNC_INTERVAL_MINUTES}: how often every shop gets a safety sync (default 15; 0 turns it off). */
    private static Duration syncInterval(Map<String, String> environment) {
        return Duration.ofMinutes(wholeNumber(environment, "SYNC_INTERVAL_MINUTES", 15, 0, Long.MAX_VALUE,
                "SYNC_INTERVAL_MINUTES must be a whole number of minutes (0 turns it off)."));
    }

    /** {@code WEBHOOK_RETENTION_DAYS}: how long applied webhook deliveries stay in the inbox (default 7, at least 3). */
    private static Duration webhookRetention(Map<String, String> environment) {
        long minimum = InboxRetention.MIN_RETENTION.toDays();
        return Duration.ofDays(wholeNumber(environment, "WEBHOOK_RETENTION_DAYS", 7, minimum, 36_500,
                "WEBHOOK_RETENTION_DAYS must be a whole number of days, at least " + minimum
                        + ": Shopify retries a webhook for up to 48 hours, and the inbox recognises the retries."));
    }

    /** {@code DATABASE_POOL_SIZE}: the most database connections of this instance (default 20, at least 5). */
    private static int poolSize(Map<String, String> environment) {
        return (int) wholeNumber(environment, "DATABASE_POOL_SIZE", AppDatabase.DEFAULT_POOL_SIZE,
                AppDatabase.MIN_POOL_SIZE, 1_000, "DATABASE_POOL_SIZE must be a whole number of connections from "
                        + AppDatabase.MIN_POOL_SIZE + " to 1000.");
    }

    /** {@code SYNC_BULK_THRESHOLD}: passes of at least this many records use a bulk export (default 10000; 0: all). */
    private static long bulkThreshold(Map<String, String> environment) {
        return wholeNumber(environment, "SYNC_BULK_THRESHOLD", SyncOrchestrator.DEFAULT_BULK_THRESHOLD, 0,
                Long.MAX_VALUE, "SYNC_BULK_THRESHOLD must be a whole number of records (0: every pass in bulk).");
    }

    /**
     * A whole-number start-up option: its default when unset, else its value within bounds.
     *
     * @throws ConfigException with {@code problem} when the value is not a number within bounds
     */
    private static long wholeNumber(Map<String, String> environment, String name, long defaultValue, long minimum,
            long maximum, String problem) {
        String value = environment.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number >= minimum && number <= maximum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(problem);
    }

    /**
     * {@code DEMO_ACTIVITY_SECONDS}: how often the demo store changes, as {@code min-max} or one
     * number of seconds (default {@code 3-5}; 0 turns it off).
     *
     * @return the shortest and longest pause, or null when turned off
     */
    private static Duration[] demoActivity(Map<String, String> environment) {
        String value = environment.getOrDefault("DEMO_ACTIVITY_SECONDS", "3-5").strip();
        try {
            String[] bounds = value.split("-", 2);
            long min = Long.parseLong(bounds[0].strip());
            long max = bounds.length == 2 ? Long.parseLong(bounds[1].strip()) : min;
            if (min == 0 && max == 0) {
                return null;
            }
            if (min < 1 || max < min) {
                throw new NumberFormatException(value);
            }
            return new Duration[] {Duration.ofSeconds(min), Duration.ofSeconds(max)};
        } catch (NumberFormatException e) {
            throw new ConfigException("DEMO_ACTIVITY_SECONDS must be seconds between changes of the demo store, "
                    + "such as 3-5 or 4 (0 turns them off).");
        }
    }

    private static void printBanner(PrintStream out, AppConfig config, AppServer server, AppDatabase database,
            FakeShopify shopify) {
        out.println("shopify-ingest sample app" + (config.demoMode() ? " (demo mode)" : "") + " is running.");
        out.println("  Open:      " + config.appUrl() + "/");
        out.println("  Listening: port " + server.port());
        out.println("  Database:  " + database.description());
        if (shopify != null) {
            out.println("  Shopify:   FakeShopify at " + shopify.baseUrl() + ", shop " + shopify.shopDomain()
                    + ", " + shopify.store().fixture().orderCount() + " orders from "
                    + shopify.store().fixture().start().toString().substring(0, 10) + " to "
                    + shopify.store().fixture().end().toString().substring(0, 10));
            out.println("  Secrets:   generated for this run; sessions and data end when the app stops.");
        }
        out.println("Stop it with Ctrl+C.");
    }

    /**
     * A started app: its server and everything to close, in start order.
     *
     * @param server    the HTTP server
     * @param resources what was started, closed in reverse order
     */
    record Running(AppServer server, List<AutoCloseable> resources) implements AutoCloseable {

        @Override
        public void close() {
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception e) {
                    LOG.warn("Could not stop {} cleanly", resources.get(i).getClass().getSimpleName(), e);
                }
            }
        }
    }
}
