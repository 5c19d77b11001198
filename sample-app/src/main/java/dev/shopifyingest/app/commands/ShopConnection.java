package dev.shopifyingest.app.commands;

import dev.shopifyingest.app.config.AppConfig;
import dev.shopifyingest.app.config.ConfigException;
import dev.shopifyingest.core.InvalidShopDomainException;
import dev.shopifyingest.core.ShopBaseUrl;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.ShopifyException;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.auth.ClientCredentialsGrant;
import dev.shopifyingest.core.auth.TokenExchangeException;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.graphql.GraphqlResponse;
import dev.shopifyingest.core.graphql.ShopifyAccessDeniedException;
import dev.shopifyingest.core.graphql.ShopifyAccessRevokedException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;

/**
 * One store the data commands work on, from the environment: the shop ({@code SHOPIFY_SHOP}), its
 * credentials ({@code SHOPIFY_ACCESS_TOKEN}, or {@code SHOPIFY_CLIENT_ID} and
 * {@code SHOPIFY_CLIENT_SECRET} for the client credentials grant), the Admin API version
 * ({@code SHOPIFY_API_VERSION}, read as the server reads it) and, for a FakeShopify,
 * {@code SHOPIFY_ADMIN_URL}. Every call goes through {@link AdminGraphqlClient}, which paces itself
 * by Shopify's query cost and waits out throttling; Shopify's refusals become
 * {@link CommandFailure}s that say which variable or scope to fix.
 */
final class ShopConnection {

    static final String SHOP = "SHOPIFY_SHOP";
    static final String ACCESS_TOKEN = "SHOPIFY_ACCESS_TOKEN";
    static final String CLIENT_ID = "SHOPIFY_CLIENT_ID";
    static final String CLIENT_SECRET = "SHOPIFY_CLIENT_SECRET";
    static final String ADMIN_URL = "SHOPIFY_ADMIN_URL";
    static final String API_VERSION = "SHOPIFY_API_VERSION";

    /** Enough attempts to wait out a development store's limit of five new orders a minute. */
    private static final int MAX_ATTEMPTS = 12;

    private static final GraphqlOperation PREFLIGHT = new GraphqlOperation("CommandPreflight", """
            query CommandPreflight {
              shop { name myshopifyDomain currencyCode }
              currentAppInstallation { accessScopes { handle } }
            }
            """);

    private final ShopDomain shop;
    private final AccessTokenSource tokens;
    private final AdminGraphqlClient client;
    private final String credentials;

    private ShopConnection(ShopDomain shop, AccessTokenSource tokens, AdminGraphqlClient client, String credentials) {
        this.shop = shop;
        this.tokens = tokens;
        this.client = client;
        this.credentials = credentials;
    }

    /**
     * What the store is, as Shopify reports it.
     *
     * @param domain its {@code *.myshopify.com} domain
     * @param name its name
     * @param currency its currency code, in which seeded prices are given
     */
    record ShopInfo(String domain, String name, String currency) {
    }

    /**
     * Reads the connection from the variables, checking every one before failing.
     *
     * @param variables the environment merged with {@code .env}
     * @throws CommandFailure a usage error naming every missing, conflicting or invalid variable
     */
    static ShopConnection fromVariables(Map<String, String> variables) {
        List<String> problems = new ArrayList<>();
        ShopDomain shop = null;
        String shopValue = variables.get(SHOP);
        if (shopValue == null) {
            problems.add("Missing: " + SHOP + " (the store, e.g. my-dev-store.myshopify.com).");
        } else {
            try {
                shop = ShopDomain.parse(shopValue);
            } catch (InvalidShopDomainException e) {
                problems.add(SHOP + " is not a shop: " + e.getMessage());
            }
        }
        String token = variables.get(ACCESS_TOKEN);
        String clientId = variables.get(CLIENT_ID);
        String clientSecret = variables.get(CLIENT_SECRET);
        if (token != null && (clientId != null || clientSecret != null)) {
            problems.add("Set either " + ACCESS_TOKEN + " or " + CLIENT_ID + " and " + CLIENT_SECRET + ", not both.");
        } else if (token == null && clientId == null && clientSecret == null) {
            problems.add("Missing: " + ACCESS_TOKEN + " (an Admin API access token), or " + CLIENT_ID + " and "
                    + CLIENT_SECRET + " (an app of your organization installed on the store).");
        } else if (token == null && (clientId == null || clientSecret == null)) {
            problems.add("Missing: " + (clientId == null ? CLIENT_ID : CLIENT_SECRET) + " (the client credentials"
                    + " grant needs both " + CLIENT_ID + " and " + CLIENT_SECRET + ").");
        }
        ShopBaseUrl baseUrl = ShopBaseUrl.https();
        if (variables.get(ADMIN_URL) != null) {
            try {
                URI adminUrl = AppConfig.shopifyAdminUrl(variables.get(ADMIN_URL));
                baseUrl = ShopBaseUrl.fixed(HttpUrl.get(adminUrl));
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        String apiVersion = AppConfig.DEFAULT_API_VERSION;
        try {
            apiVersion = AppConfig.shopifyApiVersion(variables.get(API_VERSION));
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw CommandFailure.usage("The command cannot run: its configuration is incomplete.\n  "
                    + String.join("\n  ", problems)
                    + "\nSet each as an environment variable or in a .env file in the working directory"
                    + " (see docs/data-commands.md).");
        }
        AdminGraphqlClient client = AdminGraphqlClient.builder().baseUrl(baseUrl).apiVersion(apiVersion)
                .maxAttempts(MAX_ATTEMPTS).build();
        if (token != null) {
            return new ShopConnection(shop, AccessTokenSource.of(token), client, ACCESS_TOKEN);
        }
        ClientCredentialsGrant grant = ClientCredentialsGrant.builder(clientId, clientSecret).shopBaseUrl(baseUrl).build();
        return new ShopConnection(shop, grant.tokenSource(shop), client, CLIENT_ID + " and " + CLIENT_SECRET);
    }

    /** The shop. */
    ShopDomain shop() {
        return shop;
    }

    /**
     * Checks the credentials and that they carry every scope the command needs, before anything
     * is changed; a {@code write_x} scope covers {@code read_x}.
     *
     * @param requiredScopes the scopes the command's queries and mutations need
     * @return the shop's name, domain and currency
     * @throws CommandFailure a usage error when Shopify refuses the credentials or a scope is missing
     */
    ShopInfo verify(Set<String> requiredScopes) {
        Map<String, Object> data = execute(PREFLIGHT, Map.of()).data();
        Map<String, Object> shopData = object(data, "shop");
        Set<String> granted = new TreeSet<>();
        for (Map<String, Object> scope : objects(object(data, "currentAppInstallation"), "accessScopes")) {
            String handle = String.valueOf(scope.get("handle"));
            granted.add(handle);
            if (handle.startsWith("write_")) {
                granted.add("read_" + handle.substring("write_".length()));
            }
        }
        Set<String> missing = new TreeSet<>(requiredScopes);
        missing.removeAll(granted);
        if (!missing.isEmpty()) {
            throw CommandFailure.usage("The credentials in " + credentials + " lack the access scope"
                    + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + " on " + shop
                    + " (granted: " + (granted.isEmpty() ? "none" : String.join(", ", granted)) + "). Add "
                    + (missing.size() == 1 ? "it" : "them") + " to the app's access scopes, approve the app again on"
                    + " the store, and run the command again. Nothing was changed.");
        }
        return new ShopInfo(String.valueOf(shopData.get("myshopifyDomain")), String.valueOf(shopData.get("name")),
                String.valueOf(shopData.get("currencyCode")));
    }

    /**
     * Runs one operation, paced by Shopify's query cost.
     *
     * @throws CommandFailure a usage error when Shopify refuses the credentials or a scope, a
     *     failure for anything else Shopify or the network reports
     */
    GraphqlResponse execute(GraphqlOperation operation, Map<String, ?> variables) {
        try {
            return client.execute(shop, tokens, operation, variables);
        } catch (ShopifyAccessRevokedException e) {
            throw CommandFailure.usage("Shopify refused the credentials in " + credentials + " for " + shop
                    + " (HTTP " + e.status() + "): the token is wrong, expired or revoked, or the app is not installed"
                    + " on this store. Nothing was changed.");
        } catch (TokenExchangeException e) {
            if (e.reason() == TokenExchangeException.Reason.INVALID_CLIENT_CREDENTIALS) {
                throw CommandFailure.usage(e.getMessage() + " (" + credentials + "). Nothing was changed.");
            }
            throw CommandFailure.failed(e.getMessage(), e);
        } catch (ShopifyAccessDeniedException e) {
            throw CommandFailure.usage(e.getMessage());
        } catch (ShopifyException e) {
            throw CommandFailure.failed(e.getMessage(), e);
        }
    }

    /** A JSON object member of a response, or an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> parent, String name) {
        return parent != null && parent.get(name) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** A JSON array of objects in a response, or an empty list. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Map<String, Object> parent, String name) {
        if (parent == null || !(parent.get(name) instanceof List<?> list)) {
            return List.of();
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object element : list) {
            if (element instanceof Map<?, ?> map) {
                result.add((Map<String, Object>) map);
            }
        }
        return result;
    }
}
