package dev.shopifyingest.app.commands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one data command: {@code --name value} or {@code --name=value} options, bare
 * {@code --flag}s and positional words. Only the options and flags the command declares are
 * accepted; anything else, a missing or malformed value, or an option given twice is a
 * {@link CommandFailure#usage usage error} whose message ends with the command's usage text.
 */
final class CommandLine {

    private final String usage;
    private final Map<String, String> values;
    private final Set<String> flags;
    private final List<String> positionals;

    private CommandLine(String usage, Map<String, String> values, Set<String> flags, List<String> positionals) {
        this.usage = usage;
        this.values = values;
        this.flags = flags;
        this.positionals = positionals;
    }

    /**
     * Parses the arguments that follow the command's name.
     *
     * @param args the arguments
     * @param options the names (without {@code --}) of options that take a value
     * @param knownFlags the names of options without a value
     * @param usage the command's usage text, appended to every error
     * @return the parsed arguments
     * @throws CommandFailure a usage error naming the offending argument
     */
    static CommandLine parse(List<String> args, Set<String> options, Set<String> knownFlags, String usage) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                positionals.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = arg.substring(2, equals < 0 ? arg.length() : equals);
            if (knownFlags.contains(name)) {
                if (equals >= 0) {
                    throw error("--" + name + " takes no value.", usage);
                }
                flags.add(name);
                continue;
            }
            if (!options.contains(name)) {
                throw error("Unknown option '" + (equals < 0 ? arg : arg.substring(0, equals)) + "'.", usage);
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw error("--" + name + " needs a value.", usage);
            }
            if (value.isBlank()) {
                throw error("--" + name + " needs a value.", usage);
            }
            if (values.putIfAbsent(name, value.strip()) != null) {
                throw error("--" + name + " is given twice.", usage);
            }
        }
        return new CommandLine(usage, values, flags, List.copyOf(positionals));
    }

    /**
     * An option's whole-number value within bounds, or its default when absent.
     *
     * @throws CommandFailure a usage error naming the option and its bounds
     */
    int integer(String name, int defaultValue, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error("--" + name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'.",
                usage);
    }

    /**
     * An option's 64-bit whole-number value, or its default when absent.
     *
     * @throws CommandFailure a usage error naming the option
     */
    long longValue(String name, long defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw error("--" + name + " must be a whole number, got '" + value + "'.", usage);
        }
    }

    /** Whether an option was given. */
    boolean has(String name) {
        return values.containsKey(name);
    }

    /** Whether a flag was given. */
    boolean flag(String name) {
        return flags.contains(name);
    }

    /** The positional words, in order. */
    List<String> positionals() {
        return positionals;
    }

    /** A usage error with this command's usage text. */
    CommandFailure error(String problem) {
        return error(problem, usage);
    }

    private static CommandFailure error(String problem, String usage) {
        return CommandFailure.usage(problem + "\n" + usage);
    }
}
