package dev.shopifyingest.app.config;

/**
 * The app's configuration is missing or invalid. The message names the variables involved and
 * says what to do; it never contains a secret's value.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and how to fix it, without secret values
     */
    public ConfigException(String message) {
        super(message);
    }
}
