package dev.shopifyingest.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The sample app's configuration: validated, immutable, and safe to print (secrets show as
 * {@code [redacted]}).
 *
 * <p>{@link #load} reads it from environment variables and an optional {@code .env} file in the
 * working directory; tests build one with {@link #builder()}. Every variable is described in
 * {@code docs/sample-app.md}.
 *
 * @param database           where the data lives
 * @param shopifyApiKey      the Shopify app's client id ({@code SHOPIFY_API_KEY})
 * @param shopifyApiSecret   the Shopify app's client secret ({@code SHOPIFY_API_SECRET})
 * @param appUrl             the public URL of the app, without a trailing slash ({@code APP_URL})
 * @param jwtSecret          the HMAC key for session tokens, at least 32 bytes ({@code JWT_SECRET})
 * @param tokenEncryptionKey the 32-byte key that encrypts shop access tokens at rest ({@code TOKEN_ENCRYPTION_KEY})
 * @param port               the HTTP port; 0 picks a free one ({@code PORT})
 * @param demoMode           whether the app runs its own PostgreSQL and a fake Shopify ({@code DEMO_MODE}, {@code --demo})
 * @param previousShopifyApiSecret the client secret before a rotation, still accepted on webhooks until
 *                           Shopify signs with the new one ({@code SHOPIFY_API_SECRET_PREVIOUS}); null for none
 * @param shopifyAdminUrl    where every shop's OAuth and Admin API requests go instead of {@code https://{shop}}
 *                           ({@code SHOPIFY_ADMIN_URL}, for a standalone FakeShopify); null for Shopify itself
 * @param shopifyApiVersion  the Admin API version the app calls, {@code YYYY-MM} or {@code unstable}
 *                           ({@code SHOPIFY_API_VERSION}, default {@value #DEFAULT_API_VERSION})
 */
public record AppConfig(
        DatabaseTarget database,
        String shopifyApiKey,
        Secret shopifyApiSecret,
        URI appUrl,
        Secret jwtSecret,
        Secret tokenEncryptionKey,
        int port,
        boolean demoMode,
        Secret previousShopifyApiSecret,
        URI shopifyAdminUrl,
        String shopifyApiVersion) {

    /** The smallest accepted {@code JWT_SECRET}, in bytes: HS256's key should be at least its output size. */
    public static final int MIN_JWT_SECRET_BYTES = 32;
    /** The size of {@code TOKEN_ENCRYPTION_KEY} once base64-decoded (an AES-256 key). */
    public static final int TOKEN_ENCRYPTION_KEY_BYTES = 32;
    /** The Admin API version used when {@code SHOPIFY_API_VERSION} is not set: the one the app is built and tested on. */
    public static final String DEFAULT_API_VERSION = "2026-10";
    /** The port used when {@code PORT} is not set. */
    public static final int DEFAULT_PORT = 8080;

    /** The variables that must be set outside demo mode. */
    private static final String ADMIN_URL_RULE = "SHOPIFY_ADMIN_URL must be an http:// or https:// URL with a host"
            + " and no user, query or fragment, such as the address of a FakeShopify.";
    private static final String API_VERSION_RULE = "SHOPIFY_API_VERSION must be a Shopify API version such as "
            + DEFAULT_API_VERSION + " (a year and 01, 04, 07 or 10), or unstable.";

    static final List<String> REQUIRED = List.of("SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "APP_URL", "JWT_SECRET",
            "TOKEN_ENCRYPTION_KEY");

    /** Checks every value; messages name the setting, never a secret's value. */
    public AppConfig {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(shopifyApiKey, "shopifyApiKey");
        Objects.requireNonNull(shopifyApiSecret, "shopifyApiSecret");
        Objects.requireNonNull(jwtSecret, "jwtSecret");
        Objects.requireNonNull(tokenEncryptionKey, "tokenEncryptionKey");
        appUrl = normaliseUrl(Objects.requireNonNull(appUrl, "appUrl"), "APP_URL");
        if (shopifyApiKey.isBlank()) {
            throw new IllegalArgumentException("SHOPIFY_API_KEY must not be blank");
        }
        if (jwtSecret.length() < MIN_JWT_SECRET_BYTES) {
            throw new IllegalArgumentException("JWT_SECRET must be at least " + MIN_JWT_SECRET_BYTES + " bytes");
        }
        if (tokenEncryptionKey.length() != TOKEN_ENCRYPTION_KEY_BYTES) {
            throw new IllegalArgumentException("TOKEN_ENCRYPTION_KEY must be " + TOKEN_ENCRYPTION_KEY_BYTES + " bytes");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("PORT must be between 0 and 65535");
        }
        if (shopifyAdminUrl != null) {
            shopifyAdminUrl = normaliseUrl(shopifyAdminUrl, "SHOPIFY_ADMIN_URL");
        }
        if (shopifyApiVersion == null) {
            shopifyApiVersion = DEFAULT_API_VERSION;
        }
        if (!isApiVersion(shopifyApiVersion)) {
            throw new IllegalArgumentException(API_VERSION_RULE);
        }
    }

    private static boolean isApiVersion(String value) {
        return value.matches("20\\d{2}-(01|04|07|10)|unstable");
    }

    /** Whether cookies must be {@code Secure}: the app is served over HTTPS. */
    public boolean httpsOnly() {
        return "https".equals(appUrl.getScheme());
    }

    /** The origin of {@link #appUrl()} ({@code scheme://host[:port]}), as browsers send it in {@code Origin}. */
    public String appOrigin() {
        return appUrl.getScheme() + "://" + appUrl.getRawAuthority();
    }

    /**
     * A builder, mainly for tests.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration's values, to derive a variant.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder().database(database).shopifyApiKey(shopifyApiKey).shopifyApiSecret(shopifyApiSecret)
                .appUrl(appUrl).jwtSecret(jwtSecret).tokenEncryptionKey(tokenEncryptionKey).port(port)
                .demoMode(demoMode).previousShopifyApiSecret(previousShopifyApiSecret).shopifyAdminUrl(shopifyAdminUrl)
                .shopifyApiVersion(shopifyApiVersion);
    }

    /**
     * Reads the configuration. Environment variables win over {@code .env}; a variable set to an
     * empty value counts as not set.
     *
     * <p>Outside demo mode every variable in {@code docs/sample-app.md} marked required must be
     * set. In demo mode ({@code --demo} or {@code DEMO_MODE=true}) missing secrets are generated
     * for this run only, the Shopify credentials are always the fake Shopify's own, and without
     * {@code DATABASE_URL} the data lives in a temporary embedded PostgreSQL.
     *
     * @param environment      the environment variables
     * @param workingDirectory where {@code .env} is looked for
     * @param userHome         the user's home, under which the durable embedded database lives
     * @param args             command-line arguments ({@code --demo} is the only one)
     * @return the validated configuration
     * @throws ConfigException naming every missing or invalid variable (never a value)
     */
    public static AppConfig load(Map<String, String> environment, Path workingDirectory, Path userHome,
            List<String> args) {
        boolean demoArgument = false;
        for (String arg : args) {
            if (arg.equals("--demo")) {
                demoArgument = true;
            } else if (!arg.isBlank()) {
                throw new ConfigException("Unknown argument '" + arg + "'. Usage: sample-app [--demo]");
            }
        }
        Map<String, String> values = DotEnv.withEnvironment(environment, workingDirectory);
        return new Loader(values, demoArgument, userHome).load();
    }

    /**
     * Reads a {@code SHOPIFY_ADMIN_URL} value: an http(s) URL with a host and no user, query or
     * fragment, trailing slashes removed. The data commands share it with the server.
     *
     * @param value the variable's value
     * @return the normalised URL
     * @throws ConfigException naming the variable (not its value) when it is not such a URL
     */
    public static URI shopifyAdminUrl(String value) {
        try {
            return normaliseUrl(new URI(value.strip()), "SHOPIFY_ADMIN_URL");
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ConfigException(ADMIN_URL_RULE);
        }
    }

    /**
     * Reads a {@code SHOPIFY_API_VERSION} value: a quarterly version such as
     * {@value #DEFAULT_API_VERSION}, or {@code unstable}, surrounding spaces removed. The data
     * commands share it with the server, so both call the same Admin API version.
     *
     * @param value the variable's value, or null when it is not set
     * @return the version, {@link #DEFAULT_API_VERSION} when not set
     * @throws ConfigException naming the variable when the value is not such a version
     */
    public static String shopifyApiVersion(String value) {
        if (value == null) {
            return DEFAULT_API_VERSION;
        }
        String version = value.strip();
        if (!isApiVersion(version)) {
            throw new ConfigException(API_VERSION_RULE);
        }
        return version;
    }

    private static URI normaliseUrl(URI url, String name) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null
                || url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    name + " must be an http:// or https:// URL with a host and no user, query or fragment");
        }
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    /** Turns raw variables into a configuration, collecting every problem before failing. */
    private static final class Loader {
        private final Map<String, String> values;
        private final boolean demoArgument;
        private final Path userHome;
        private final List<String> missing = new ArrayList<>();
        private final List<String> invalid = new ArrayList<>();
        private final SecureRandom random = new SecureRandom();

        Loader(Map<String, String> values, boolean demoArgument, Path userHome) {
            this.values = values;
            this.demoArgument = demoArgument;
            this.userHome = userHome;
        }

        AppConfig load() {
            boolean demo = demoArgument || flag("DEMO_MODE");
            int port = port();
            DatabaseTarget database = database(demo);
            String apiKey;
            Secret apiSecret;
            if (demo) {
                // The demo's Shopify is the in-process fake, so it gets credentials of its own,
                // never a real app's.
                apiKey = "demo-" + HexFormat.of().formatHex(randomBytes(8));
                apiSecret = Secret.ofText(HexFormat.of().formatHex(randomBytes(32)));
            } else {
                apiKey = required("SHOPIFY_API_KEY");
                apiSecret = secretText("SHOPIFY_API_SECRET");
            }
            URI appUrl = appUrl(demo, port);
            Secret jwtSecret = jwtSecret(demo);
            Secret encryptionKey = encryptionKey(demo);
            String previous = values.get("SHOPIFY_API_SECRET_PREVIOUS");
            Secret previousSecret = demo || previous == null ? null : Secret.ofText(previous);
            URI adminUrl = demo ? null : shopifyAdminUrl();
            String apiVersion = apiVersion();
            if (!missing.isEmpty() || !invalid.isEmpty()) {
                throw new ConfigException(problems());
            }
            return new AppConfig(database, apiKey, apiSecret, appUrl, jwtSecret, encryptionKey, port, demo,
                    previousSecret, adminUrl, apiVersion);
        }

        private String apiVersion() {
            try {
                return AppConfig.shopifyApiVersion(values.get("SHOPIFY_API_VERSION"));
            } catch (ConfigException e) {
                invalid.add(API_VERSION_RULE);
                return DEFAULT_API_VERSION;
            }
        }

        private URI shopifyAdminUrl() {
            String value = values.get("SHOPIFY_ADMIN_URL");
            if (value == null) {
                return null;
            }
            try {
                return AppConfig.shopifyAdminUrl(value);
            } catch (ConfigException e) {
                invalid.add(ADMIN_URL_RULE);
                return null;
            }
        }

        private String problems() {
            StringBuilder message = new StringBuilder("The sample app cannot start: its configuration is incomplete.");
            if (!missing.isEmpty()) {
                message.append("\n  Missing: ").append(String.join(", ", missing)).append('.');
            }
            for (String problem : invalid) {
                message.append("\n  ").append(problem);
            }
            message.append("\nSet each as an environment variable or in a .env file in the working directory"
                    + " (see docs/sample-app.md), or start the demo with --demo.");
            return message.toString();
        }

        private boolean flag(String name) {
            String value = values.get(name);
            if (value == null) {
                return false;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> {
                    invalid.add(name + " must be true or false.");
                    yield false;
                }
            };
        }

        private int port() {
            String value = values.get("PORT");
            if (value == null) {
                return DEFAULT_PORT;
            }
            try {
                int port = Integer.parseInt(value.strip());
                if (port >= 0 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            invalid.add("PORT must be a number between 0 and 65535.");
            return DEFAULT_PORT;
        }

        private DatabaseTarget database(boolean demo) {
            String url = values.get("DATABASE_URL");
            if (url == null) {
                if (values.containsKey("DATABASE_USER") || values.containsKey("DATABASE_PASSWORD")) {
                    invalid.add("DATABASE_USER and DATABASE_PASSWORD apply to DATABASE_URL, which is not set.");
                }
                return demo
                        ? new DatabaseTarget.EmbeddedEphemeral()
                        : new DatabaseTarget.EmbeddedDurable(userHome.resolve(".shopify-ingest").resolve("postgres-data"));
            }
            if (!url.strip().startsWith("jdbc:postgresql:")) {
                invalid.add("DATABASE_URL must be a JDBC URL starting with jdbc:postgresql:.");
                return new DatabaseTarget.EmbeddedEphemeral();
            }
            String password = values.get("DATABASE_PASSWORD");
            return new DatabaseTarget.External(url.strip(), values.get("DATABASE_USER"),
                    password == null ? null : Secret.ofText(password));
        }

        private URI appUrl(boolean demo, int port) {
            String value = values.get("APP_URL");
            if (value == null) {
                if (!demo) {
                    missing.add("APP_URL");
                    return null;
                }
                if (port == 0) {
                    invalid.add("In demo mode PORT=0 needs APP_URL as well, since the URL must name the port.");
                    return null;
                }
                return URI.create("http://localhost:" + port);
            }
            try {
                return normaliseUrl(new URI(value.strip()), "APP_URL");
            } catch (URISyntaxException | IllegalArgumentException e) {
                invalid.add("APP_URL must be an http:// or https:// URL with a host and no user, query or fragment.");
                return null;
            }
        }

        private Secret jwtSecret(boolean demo) {
            String value = values.get("JWT_SECRET");
            if (value == null) {
                if (demo) {
                    return Secret.ofBytes(randomBytes(MIN_JWT_SECRET_BYTES));
                }
                missing.add("JWT_SECRET");
                return null;
            }
            Secret secret = Secret.ofText(value);
            if (secret.length() < MIN_JWT_SECRET_BYTES) {
                invalid.add("JWT_SECRET must be at least " + MIN_JWT_SECRET_BYTES
                        + " bytes of random text (for example: openssl rand -base64 48).");
            }
            return secret;
        }

        private Secret encryptionKey(boolean demo) {
            String value = values.get("TOKEN_ENCRYPTION_KEY");
            if (value == null) {
                if (demo) {
                    return Secret.ofBytes(randomBytes(TOKEN_ENCRYPTION_KEY_BYTES));
                }
                missing.add("TOKEN_ENCRYPTION_KEY");
                return null;
            }
            try {
                byte[] key = Base64.getDecoder().decode(value.strip());
                if (key.length == TOKEN_ENCRYPTION_KEY_BYTES) {
                    return Secret.ofBytes(key);
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            invalid.add("TOKEN_ENCRYPTION_KEY must be " + TOKEN_ENCRYPTION_KEY_BYTES
                    + " random bytes in base64 (for example: openssl rand -base64 32).");
            return null;
        }

        private String required(String name) {
            String value = values.get(name);
            if (value == null) {
                missing.add(name);
                return "";
            }
            return value.strip();
        }

        private Secret secretText(String name) {
            String value = values.get(name);
            if (value == null) {
                missing.add(name);
                return null;
            }
            return Secret.ofText(value);
        }

        private byte[] randomBytes(int count) {
            byte[] bytes = new byte[count];
            random.nextBytes(bytes);
            return bytes;
        }
    }

    /** Builds an {@link AppConfig}; every value is required except {@code port} (default 8080) and {@code demoMode}. */
    public static final class Builder {
        private DatabaseTarget database;
        private String shopifyApiKey;
        private Secret shopifyApiSecret;
        private URI appUrl;
        private Secret jwtSecret;
        private Secret tokenEncryptionKey;
        private int port = DEFAULT_PORT;
        private boolean demoMode;
        private Secret previousShopifyApiSecret;
        private URI shopifyAdminUrl;
        private String shopifyApiVersion;

        private Builder() {
        }

        /** The Admin API version; null for {@value AppConfig#DEFAULT_API_VERSION}. */
        public Builder shopifyApiVersion(String shopifyApiVersion) {
            this.shopifyApiVersion = shopifyApiVersion;
            return this;
        }

        /** The client secret before a rotation, still accepted on webhooks; null for none. */
        public Builder previousShopifyApiSecret(Secret previousShopifyApiSecret) {
            this.previousShopifyApiSecret = previousShopifyApiSecret;
            return this;
        }

        /** Where every shop's OAuth and Admin API requests go; null for Shopify itself. */
        public Builder shopifyAdminUrl(URI shopifyAdminUrl) {
            this.shopifyAdminUrl = shopifyAdminUrl;
            return this;
        }

        /** Where the data lives. */
        public Builder database(DatabaseTarget database) {
            this.database = database;
            return this;
        }

        /** The Shopify app's client id. */
        public Builder shopifyApiKey(String shopifyApiKey) {
            this.shopifyApiKey = shopifyApiKey;
            return this;
        }

        /** The Shopify app's client secret. */
        public Builder shopifyApiSecret(Secret shopifyApiSecret) {
            this.shopifyApiSecret = shopifyApiSecret;
            return this;
        }

        /** The app's public URL. */
        public Builder appUrl(URI appUrl) {
            this.appUrl = appUrl;
            return this;
        }

        /** The session-token key, at least 32 bytes. */
        public Builder jwtSecret(Secret jwtSecret) {
            this.jwtSecret = jwtSecret;
            return this;
        }

        /** The 32-byte key for shop access tokens at rest. */
        public Builder tokenEncryptionKey(Secret tokenEncryptionKey) {
            this.tokenEncryptionKey = tokenEncryptionKey;
            return this;
        }

        /** The HTTP port; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Whether the app runs in demo mode. */
        public Builder demoMode(boolean demoMode) {
            this.demoMode = demoMode;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException or {@link NullPointerException} for a missing or invalid value
         */
        public AppConfig build() {
            return new AppConfig(database, shopifyApiKey, shopifyApiSecret, appUrl, jwtSecret, tokenEncryptionKey,
                    port, demoMode, previousShopifyApiSecret, shopifyAdminUrl, shopifyApiVersion);
        }
    }
}
