package dev.shopifyingest.app;

import dev.shopifyingest.app.config.AppConfig;
import dev.shopifyingest.app.shops.OAuthStates;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.auth.OAuthConfig;
import dev.shopifyingest.core.auth.ShopifyOAuth;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.insights.Insights;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.TokenCipher;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The libraries the app is built on, configured from {@link AppConfig}: the PostgreSQL store
 * ({@code shopify-ingest-jdbc}), the insights API, Shopify OAuth and the Admin GraphQL client
 * ({@code shopify-ingest-core}). The app adds no ingestion or insight logic of its own; it only
 * wires these.
 *
 * @param store    shops, their tokens (encrypted) and data
 * @param insights the per-shop figures
 * @param oauth    connects shops; its states live in the app's database
 * @param client   the Admin GraphQL client every Shopify call goes through
 */
public record Backend(PostgresStore store, Insights insights, ShopifyOAuth oauth, AdminGraphqlClient client) {

    /** The access the app asks for: read customers, products and every order (not only the last 60 days). */
    public static final List<String> SCOPES = List.of("read_customers", "read_products", "read_orders",
            "read_all_orders");

    /** The path Shopify redirects the merchant back to after approving the app. */
    public static final String CALLBACK_PATH = "/auth/shopify/callback";

    /** Checks every component. */
    public Backend {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(insights, "insights");
        Objects.requireNonNull(oauth, "oauth");
        Objects.requireNonNull(client, "client");
    }

    /**
     * Builds the libraries over the app's database. Nothing is connected yet; call
     * {@link #migrate(DataSource)} once before serving.
     *
     * @param config     the configuration: Shopify credentials, app URL, token key
     * @param dataSource the app's database
     * @param shopUrls   where each shop's Admin API and OAuth endpoints are ({@link ShopBaseUrl#https()}
     *                   outside demo mode)
     * @param clock      the time source
     * @return the libraries
     */
    public static Backend create(AppConfig config, DataSource dataSource, ShopBaseUrl shopUrls, Clock clock) {
        PostgresStore store = PostgresStore.builder()
                .dataSource(dataSource)
                .tokenCipher(TokenCipher.builder().currentKey("app", config.tokenEncryptionKey().bytes()).build())
                .clock(clock)
                .build();
        Insights insights = Insights.builder().dataSource(dataSource).clock(clock).build();
        ShopifyOAuth oauth = ShopifyOAuth.builder(OAuthConfig.builder()
                        .clientId(config.shopifyApiKey())
                        .clientSecret(config.shopifyApiSecret().text())
                        .scopes(SCOPES)
                        // Without it the app still works, on the last 60 days of orders, and says so.
                        .optionalScopes(List.of("read_all_orders"))
                        .redirectUri(config.appUrl() + CALLBACK_PATH)
                        .clock(clock)
                        .build())
                .stateStore(new OAuthStates(dataSource, clock))
                .shopBaseUrl(shopUrls)
                .build();
        AdminGraphqlClient client = clientBuilder(config, store, shopUrls, clock).build();
        return new Backend(store, insights, oauth, client);
    }

    /**
     * The Admin GraphQL client's options as the app uses them: the configured API version, and
     * Shopify's deprecation notices stored with the shop ({@code ShopRegistry.recordApiDeprecation}),
     * so its status can show them.
     *
     * @param config   the configuration ({@code SHOPIFY_API_VERSION})
     * @param store    the store whose registry records the notices
     * @param shopUrls where each shop's Admin API is
     * @param clock    the time source
     * @return a builder to adjust (tests shorten the retries) and build
     */
    public static AdminGraphqlClient.Builder clientBuilder(AppConfig config, PostgresStore store, ShopBaseUrl shopUrls,
            Clock clock) {
        return AdminGraphqlClient.builder().baseUrl(shopUrls).clock(clock)
                .apiVersion(config.shopifyApiVersion())
                .deprecationListener(store.shops()::recordApiDeprecation);
    }

    /**
     * Migrates the libraries' schemas: the store's, then the insights' rollups over it. Idempotent;
     * run after the app's own migrations, on every start of every instance.
     *
     * @param dataSource a data source whose role owns (or may create) the schemas
     */
    public static void migrate(DataSource dataSource) {
        PostgresStore.builder().dataSource(dataSource).build().migrate();
        Insights.builder().dataSource(dataSource).build().migrate();
    }
}
