package dev.shopifyingest.app.commands;

/**
 * Why a data command stopped, with the process exit status that goes with it: 2 when the command
 * line or the configuration is wrong (nothing was changed), 1 when the work itself failed. The
 * message says what was wrong and what to do; it never contains a token or secret.
 */
public final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit status of a usage or configuration error. */
    public static final int USAGE = 2;
    /** Exit status of a command that failed while working. */
    public static final int FAILED = 1;

    private final int exitStatus;

    private CommandFailure(int exitStatus, String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    /**
     * The command line or the configuration is wrong; nothing was attempted.
     *
     * @param message what is wrong and how to fix it
     * @return the failure, exit status 2
     */
    public static CommandFailure usage(String message) {
        return new CommandFailure(USAGE, message, null);
    }

    /**
     * The command failed while working.
     *
     * @param message what failed
     * @param cause the underlying failure, or null
     * @return the failure, exit status 1
     */
    public static CommandFailure failed(String message, Throwable cause) {
        return new CommandFailure(FAILED, message, cause);
    }

    /**
     * The process exit status this failure calls for.
     *
     * @return 2 for usage or configuration errors, 1 for failures
     */
    public int exitStatus() {
        return exitStatus;
    }
}
