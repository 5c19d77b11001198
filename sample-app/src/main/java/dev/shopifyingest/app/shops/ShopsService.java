package dev.shopifyingest.app.shops;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.app.Backend;
import dev.shopifyingest.app.auth.Authentication;
import dev.shopifyingest.app.auth.CurrentUser;
import dev.shopifyingest.app.http.ApiException;
import dev.shopifyingest.app.http.Json;
import dev.shopifyingest.app.http.JsonBodies;
import dev.shopifyingest.app.http.MethodNotAllowed;
import dev.shopifyingest.core.InvalidShopDomainException;
import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.auth.OAuthCallbackException;
import dev.shopifyingest.core.auth.ShopifyOAuth;
import dev.shopifyingest.core.auth.VerifiedCallback;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.graphql.ShopifyUserErrorsException;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.Shop;
import dev.shopifyingest.jdbc.ShopDetails;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connecting shops and seeing them: the shops routes of {@code docs/sample-app-api.md},
 * {@code GET /api/me} (the user and their shops), plus Shopify's OAuth redirect back to the app at
 * {@code /auth/shopify/callback}.
 *
 * <p>Every {@code /api/shops/{id}} route answers 404 {@code not_found} for a shop the user is not a
 * member of, exactly as for one that does not exist. The callback writes nothing until Shopify
 * has accepted the code and answered for the shop, and then redirects the browser to
 * {@code /shops?connected={domain}} or, on any failure, {@code /shops?error={code}}.
 */
public final class ShopsService implements HttpService {

    /** Where Shopify sends the shop's webhooks, relative to the app's URL. */
    public static final String WEBHOOK_PATH = "/webhooks/shopify";

    /** The topics the app subscribes to at connect time (compliance topics are configured in the app, not here). */
    static final List<String> WEBHOOK_TOPICS = List.of("CUSTOMERS_CREATE", "CUSTOMERS_UPDATE", "CUSTOMERS_DELETE",
            "PRODUCTS_CREATE", "PRODUCTS_UPDATE", "PRODUCTS_DELETE", "ORDERS_CREATE", "ORDERS_UPDATED",
            "ORDERS_DELETE", "APP_UNINSTALLED", "BULK_OPERATIONS_FINISH");

    private static final Logger LOG = LoggerFactory.getLogger(ShopsService.class);

    /**
     * The body of {@code POST /api/shops/connect}.
     *
     * @param shop the shop as the merchant typed it
     */
    record ConnectRequest(String shop) {
    }

    /**
     * The answer of {@code POST /api/shops/connect}.
     *
     * @param authorizeUrl where to send the browser
     */
    record ConnectResponse(URI authorizeUrl) {
    }

    /**
     * The answer of {@code GET /api/shops}.
     *
     * @param shops the user's shops
     */
    record ShopList(List<ShopView> shops) {
    }

    /**
     * A user as {@code GET /api/me} shows them.
     *
     * @param id    the user id
     * @param email the normalised email
     */
    record UserView(long id, String email) {
    }

    /**
     * The answer of {@code GET /api/me}.
     *
     * @param user  the signed-in user
     * @param shops the shops they are a member of, as {@code GET /api/shops} shows them
     */
    record MeResponse(UserView user, List<ShopView> shops) {
    }

    private final PostgresStore store;
    private final ShopifyOAuth oauth;
    private final AdminGraphqlClient client;
    private final Memberships memberships;
    private final SyncOrchestrator orchestrator;
    private final Authentication authentication;
    private final ObjectMapper mapper;
    private final JsonBodies bodies;
    private final String webhookUri;

    /**
     * The service.
     *
     * @param store          the shop registry
     * @param oauth          the OAuth flow
     * @param client         the Admin GraphQL client
     * @param memberships    who may see which shop
     * @param orchestrator   starts syncs and knows their progress
     * @param authentication identifies the user at the OAuth callback, outside {@code /api}
     * @param mapper         writes and reads JSON
     * @param appUrl         the app's public URL, for the webhook address
     */
    public ShopsService(PostgresStore store, ShopifyOAuth oauth, AdminGraphqlClient client, Memberships memberships,
            SyncOrchestrator orchestrator, Authentication authentication, ObjectMapper mapper, URI appUrl) {
        this.store = Objects.requireNonNull(store, "store");
        this.oauth = Objects.requireNonNull(oauth, "oauth");
        this.client = Objects.requireNonNull(client, "client");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
        this.authentication = Objects.requireNonNull(authentication, "authentication");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.bodies = new JsonBodies(mapper);
        this.webhookUri = appUrl + WEBHOOK_PATH;
    }

    /** Registers the routes; register this service at the root of the routing. */
    @Override
    public void routing(HttpRules rules) {
        rules.get("/api/me", this::me)
                .any("/api/me", MethodNotAllowed.allowing(Method.GET))
                .get("/api/shops", this::list)
                .post("/api/shops/connect", this::connect)
                .get("/api/shops/{id}", this::get)
                .delete("/api/shops/{id}", this::leave)
                .post("/api/shops/{id}/sync", this::sync)
                .get(Backend.CALLBACK_PATH, this::callback);
    }

    /**
     * The shop the user may see, or 404 exactly as for a missing shop.
     *
     * @param request a request with an {@code {id}} path parameter and a signed-in user
     * @return the shop
     * @throws ApiException 404 {@code not_found}
     */
    public Shop memberShop(ServerRequest request) {
        CurrentUser user = CurrentUser.of(request);
        long shopId;
        try {
            shopId = Long.parseLong(request.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw notFound();
        }
        if (!memberships.isMember(user.id(), shopId)) {
            throw notFound();
        }
        return store.shops().find(shopId).orElseThrow(ShopsService::notFound);
    }

    private void me(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        Json.send(mapper, response, Status.OK_200,
                new MeResponse(new UserView(user.id(), user.email()), shopsOf(user)));
    }

    private void list(ServerRequest request, ServerResponse response) {
        Json.send(mapper, response, Status.OK_200, new ShopList(shopsOf(CurrentUser.of(request))));
    }

    private List<ShopView> shopsOf(CurrentUser user) {
        return memberships.shopIdsOf(user.id()).stream()
                .flatMap(id -> store.shops().find(id).stream())
                .map(this::view)
                .toList();
    }

    private void connect(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        ConnectRequest body = bodies.read(request, ConnectRequest.class);
        ShopDomain domain;
        try {
            domain = ShopDomain.parse(body.shop() == null ? "" : body.shop());
        } catch (InvalidShopDomainException e) {
            throw ApiException.badRequest("invalid_shop_domain", e.getMessage());
        }
        URI authorizeUrl = oauth.authorize(domain, binding(user)).url();
        Json.send(mapper, response, Status.OK_200, new ConnectResponse(authorizeUrl));
    }

    private void get(ServerRequest request, ServerResponse response) {
        Json.send(mapper, response, Status.OK_200, view(memberShop(request)));
    }

    private void sync(ServerRequest request, ServerResponse response) {
        Shop shop = memberShop(request);
        // The view shows the sync just accepted (or the one already running), not the status before it.
        ShopView.SyncView accepted = orchestrator.start(shop.shopId()).orElse(null);
        ShopView view = accepted != null ? ShopView.of(shop, accepted) : view(shop);
        Json.send(mapper, response, Status.ACCEPTED_202, view);
    }

    private void leave(ServerRequest request, ServerResponse response) {
        Shop shop = memberShop(request);
        memberships.remove(CurrentUser.of(request).id(), shop.shopId());
        response.status(Status.NO_CONTENT_204).send();
    }

    private void callback(ServerRequest request, ServerResponse response) {
        CurrentUser user = authentication.currentUser(request).orElse(null);
        if (user == null) {
            redirect(response, "error", "unauthenticated");
            return;
        }
        VerifiedCallback callback;
        try {
            callback = oauth.verifyCallback(request.query().rawValue(), binding(user));
        } catch (OAuthCallbackException e) {
            LOG.warn("Refused an OAuth callback for user {}: {}", user.id(), e.reason());
            redirect(response, "error", "invalid_callback");
            return;
        } catch (RuntimeException e) {
            LOG.warn("Refused a malformed OAuth callback for user {}", user.id());
            redirect(response, "error", "invalid_callback");
            return;
        }
        ShopDomain domain = callback.shop();
        AccessToken token;
        ShopDetails details;
        try {
            token = oauth.exchangeCode(callback);
            AccessTokenSource tokens = AccessTokenSource.of(token.accessToken());
            details = shopDetails(domain, tokens);
            subscribeWebhooks(domain, tokens);
        } catch (RuntimeException e) {
            LOG.warn("Connecting shop {} for user {} failed: {}", domain, user.id(), e.getMessage());
            redirect(response, "error", "shopify_refused");
            return;
        }
        Shop shop;
        try {
            shop = store.shops().register(token, details);
            memberships.add(user.id(), shop.shopId());
        } catch (RuntimeException e) {
            LOG.warn("Storing shop {} for user {} failed", domain, user.id(), e);
            redirect(response, "error", "storage_failed");
            return;
        }
        LOG.info("User {} connected shop {} ({})", user.id(), shop.shopId(), domain);
        orchestrator.start(shop.shopId());
        redirect(response, "connected", domain.value());
    }

    private ShopDetails shopDetails(ShopDomain domain, AccessTokenSource tokens) {
        Map<String, Object> data = client.execute(domain, tokens, GraphqlOperation.named("Shop"), Map.of()).data();
        if (!(data.get("shop") instanceof Map<?, ?> shop)) {
            throw new IllegalStateException("Shopify returned no shop");
        }
        ZoneId zone = null;
        if (shop.get("ianaTimezone") instanceof String name) {
            try {
                zone = ZoneId.of(name);
            } catch (DateTimeException e) {
                LOG.warn("Shop {} reported an unknown time zone; its days are bucketed in UTC", domain);
            }
        }
        return new ShopDetails((String) shop.get("name"), (String) shop.get("currencyCode"), zone);
    }

    private void subscribeWebhooks(ShopDomain domain, AccessTokenSource tokens) {
        GraphqlOperation create = GraphqlOperation.named("WebhookSubscriptionCreate");
        for (String topic : WEBHOOK_TOPICS) {
            try {
                client.execute(domain, tokens, create, Map.of("topic", topic, "uri", webhookUri))
                        .mutationPayload("webhookSubscriptionCreate");
            } catch (ShopifyUserErrorsException e) {
                // A reconnect finds its earlier subscriptions still there: Shopify says "already been taken".
                if (!e.getMessage().toLowerCase(Locale.ROOT).contains("already been taken")) {
                    throw e;
                }
            }
        }
    }

    private ShopView view(Shop shop) {
        return ShopView.of(shop, orchestrator.progress(shop.shopId()).orElse(null));
    }

    /** Binds OAuth states to the log-in session, so a callback URL opened in another session is refused. */
    private static String binding(CurrentUser user) {
        return user.sessionId().toString();
    }

    private static void redirect(ServerResponse response, String parameter, String value) {
        response.status(Status.FOUND_302)
                .header(HeaderNames.LOCATION, "/shops?" + parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))
                .send();
    }

    private static ApiException notFound() {
        return new ApiException(Status.NOT_FOUND_404, "not_found", "There is no such shop.");
    }
}
