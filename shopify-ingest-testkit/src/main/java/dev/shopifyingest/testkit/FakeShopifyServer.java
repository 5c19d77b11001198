package dev.shopifyingest.testkit;

import dev.shopifyingest.testkit.store.StoreFixture;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FakeShopify} on its own, for manual testing, demos and tools in other languages:
 *
 * <pre>
 * java -jar shopify-ingest-testkit/target/fake-shopify.jar --port 8443 --orders 5000 --seed 7
 * </pre>
 *
 * <p>Options: {@code --port} (default 0, a free port), {@code --orders} (default 360),
 * {@code --seed} (default 42), {@code --shop} (default {@code demo-store.myshopify.com}),
 * {@code --client-id}, {@code --client-secret}. It prints the base URL, shop domain, client
 * credentials and an admin token (a test double printing its own test credentials), then serves
 * until the process is stopped.
 */
public final class FakeShopifyServer {

    private static final Set<String> OPTIONS = Set.of("--port", "--orders", "--seed", "--shop", "--client-id",
            "--client-secret");

    private FakeShopifyServer() {
    }

    /** Starts the fake from the command line and serves until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        // Jetty and WireMock log their start-up at INFO; a console user needs the summary only.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/shopifyingest/testkit/fake-shopify-logback.xml");
        }
        FakeShopify fake;
        try {
            fake = run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Usage: fake-shopify [--port N] [--orders N] [--seed N] [--shop x.myshopify.com]"
                    + " [--client-id ID] [--client-secret SECRET]");
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stopped.countDown();
        }, "fake-shopify-shutdown"));
        stopped.await();
    }

    /**
     * Starts a fake from command-line style arguments and prints how to reach it to {@code out}.
     * The caller owns the returned fake and closes it.
     *
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    public static FakeShopify run(String[] args, PrintStream out) {
        Map<String, String> options = parse(args);
        StoreFixture.Builder store = StoreFixture.builder()
                .orders(intOption(options, "--orders", 360))
                .seed(longOption(options, "--seed", 42));
        if (options.containsKey("--shop")) {
            store.shopDomain(options.get("--shop"));
        }
        FakeShopify.Builder builder = FakeShopify.builder().store(store.build())
                .port(intOption(options, "--port", 0));
        if (options.containsKey("--client-id")) {
            builder.clientId(options.get("--client-id"));
        }
        if (options.containsKey("--client-secret")) {
            builder.clientSecret(options.get("--client-secret"));
        }
        FakeShopify fake = builder.start();
        out.println("FakeShopify is running.");
        out.println("  base URL:      " + fake.baseUrl());
        out.println("  shop:          " + fake.shopDomain());
        out.println("  GraphQL:       " + fake.graphqlUrl());
        out.println("  client id:     " + fake.clientId());
        out.println("  client secret: " + fake.clientSecret());
        out.println("  admin token:   " + fake.adminToken());
        out.println("  orders:        " + fake.store().orders().size());
        out.println("Stop it with Ctrl+C.");
        out.flush();
        return fake;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("The option " + arg + " needs a value");
            }
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("Unknown option " + name + "; known: " + OPTIONS);
            }
            options.put(name, value);
        }
        return options;
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        long value = longOption(options, name, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is too large: " + value);
        }
        return (int) value;
    }

    private static long longOption(Map<String, String> options, String name, long fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, got " + value, e);
        }
    }
}
