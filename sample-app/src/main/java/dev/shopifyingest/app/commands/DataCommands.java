package dev.shopifyingest.app.commands;

import dev.shopifyingest.app.config.AppConfig;
import dev.shopifyingest.app.config.ConfigException;
import dev.shopifyingest.app.config.DotEnv;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample app's data-management commands, run instead of the server when the first argument
 * names one: {@code seed} fills a test store with customers, products and a year of orders;
 * {@code purge} empties it. Both work against a real store or a FakeShopify, configured from the
 * environment and {@code .env} (see {@code docs/data-commands.md}).
 */
public final class DataCommands {

    private static final Logger LOG = LoggerFactory.getLogger(DataCommands.class);

    /** The overview printed for {@code help} and with usage errors that name no command. */
    static final String USAGE = "Usage: sample-app seed [options] | sample-app purge orders|products|customers"
            + "... [--yes]\n\n" + SeedCommand.USAGE + "\n\n" + PurgeCommand.USAGE + "\n\n"
            + "Configuration (environment or .env): SHOPIFY_SHOP, and SHOPIFY_ACCESS_TOKEN or SHOPIFY_CLIENT_ID and"
            + " SHOPIFY_CLIENT_SECRET; SHOPIFY_API_VERSION (default " + AppConfig.DEFAULT_API_VERSION + ");"
            + " SHOPIFY_ADMIN_URL for a FakeShopify. See docs/data-commands.md.";

    private DataCommands() {
    }

    /**
     * Whether a first command-line argument names a data command rather than a server option.
     *
     * @param firstArgument the first argument
     * @return true for {@code seed} and {@code purge}
     */
    public static boolean isCommand(String firstArgument) {
        return "seed".equals(firstArgument) || "purge".equals(firstArgument);
    }

    /**
     * Runs one command to completion.
     *
     * @param args the command's name followed by its arguments
     * @param environment the environment variables
     * @param workingDirectory where {@code .env} is read from
     * @param in standard input, for {@code purge}'s confirmation
     * @param out where progress and results go
     * @param err where errors go
     * @param clock the clock that dates seeded orders
     * @return the process exit status: 0 done, 2 usage or configuration error (nothing changed),
     *     1 failure or declined confirmation
     */
    public static int run(List<String> args, Map<String, String> environment, Path workingDirectory,
                          BufferedReader in, PrintStream out, PrintStream err, Clock clock) {
        if (args.isEmpty() || !isCommand(args.getFirst())) {
            err.println(USAGE);
            return CommandFailure.USAGE;
        }
        String command = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        try {
            if (command.equals("seed")) {
                SeedCommand.Options options = SeedCommand.Options.parse(rest);
                new SeedCommand(connection(environment, workingDirectory), out, clock).run(options);
                return 0;
            }
            PurgeCommand.Options options = PurgeCommand.Options.parse(rest);
            return new PurgeCommand(connection(environment, workingDirectory), in, out).run(options);
        } catch (CommandFailure e) {
            if (e.exitStatus() == CommandFailure.FAILED) {
                LOG.debug("{} failed", command, e);
            }
            err.println(e.getMessage());
            return e.exitStatus();
        } catch (RuntimeException e) {
            LOG.error("{} failed unexpectedly", command, e);
            err.println(command + " failed: " + e.getMessage());
            return CommandFailure.FAILED;
        } finally {
            out.flush();
        }
    }

    private static ShopConnection connection(Map<String, String> environment, Path workingDirectory) {
        try {
            return ShopConnection.fromVariables(DotEnv.withEnvironment(environment, workingDirectory));
        } catch (ConfigException e) {
            throw CommandFailure.usage(e.getMessage());
        }
    }
}
