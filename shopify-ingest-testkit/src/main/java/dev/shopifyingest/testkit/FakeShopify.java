package dev.shopifyingest.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.shopifyingest.testkit.fault.Faults;
import dev.shopifyingest.testkit.graphql.AdminGraphql;
import dev.shopifyingest.testkit.graphql.BulkOperationFinished;
import dev.shopifyingest.testkit.graphql.ThrottleSettings;
import dev.shopifyingest.testkit.oauth.OAuthServer;
import dev.shopifyingest.testkit.oauth.OAuthSettings;
import dev.shopifyingest.testkit.oauth.TokenMode;
import dev.shopifyingest.testkit.store.FakeStore;
import dev.shopifyingest.testkit.store.StoreFixture;
import dev.shopifyingest.testkit.webhook.WebhookDeliveries;
import dev.shopifyingest.testkit.webhook.WebhookSettings;
import dev.shopifyingest.testkit.webhook.WebhookSubscriptions;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for Shopify, for one app installed on one shop, served over real HTTP by WireMock:
 * the Admin GraphQL API over a deterministic generated store, bulk result downloads, OAuth with
 * permanent and expiring tokens, signed webhook deliveries with Shopify's retry semantics, and
 * fault injection on each of them. A test with two shops starts two fakes.
 *
 * <pre>{@code
 * try (FakeShopify shopify = FakeShopify.start()) {
 *     HttpRequest request = HttpRequest.newBuilder(URI.create(shopify.graphqlUrl()))
 *             .header("X-Shopify-Access-Token", shopify.adminToken())
 *             .header("Content-Type", "application/json")
 *             .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ shop { name } }\"}"))
 *             .build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Routes: {@code POST /admin/api/{version}/graphql.json} (any {@code yyyy-mm} version or
 * {@code unstable} is served by the one engine, and {@code X-Shopify-API-Version} names the version
 * actually served, as Shopify does when a version "falls forward"), {@code GET
 * /admin/oauth/authorize}, {@code POST /admin/oauth/access_token}, {@code GET
 * /admin/oauth/access_scopes.json} and {@code GET /fake-shopify/bulk/{fileName}}; anything else
 * is a 404. Each bulk operation that completes, fails or is canceled is delivered as
 * {@code bulk_operations/finish} to the subscriptions to that topic. Thread-safe.
 */
public final class FakeShopify implements AutoCloseable {

    /** The Admin API version the fake serves unless told otherwise. */
    public static final String DEFAULT_API_VERSION = "2026-10";
    /** Every access scope the project's libraries use, held by {@link #adminToken()}. */
    public static final Set<String> PROJECT_SCOPES = OAuthSettings.PROJECT_SCOPES;

    private static final Logger LOG = LoggerFactory.getLogger(FakeShopify.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiVersion;
    private final String clientId;
    private final String clientSecret;
    private final FakeStore store;
    private final WebhookSubscriptions subscriptions;
    private final OAuthServer oauth;
    private final Faults faults;
    private final GraphqlBackend backend;
    private final WireMockServer server;
    private final WebhookDeliveries webhooks;
    private final String adminToken;

    private FakeShopify(Builder b) {
        this.apiVersion = b.apiVersion;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.store = new FakeStore(b.fixture, b.clock);
        this.subscriptions = new WebhookSubscriptions(b.clock);
        this.faults = new Faults();
        this.oauth = new OAuthServer(clientId, clientSecret, store.shop().domain(), b.oauth, b.clock);
        this.adminToken = oauth.issue(PROJECT_SCOPES, null).value();
        this.backend = b.backend != null ? b.backend : new AdminGraphqlBackend(() -> {
            AdminGraphql engine = new AdminGraphql(store, subscriptions, b.throttle, b.clock, this::baseUri,
                    b.graphqlOptions);
            engine.onBulkOperationFinished(this::publishBulkOperationFinished);
            return engine;
        }, store.shop().domain());
        ShopifyRoutes routes = new ShopifyRoutes(oauth, faults, backend, b.throttle, apiVersion);
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .extensions(routes)
                .notifier(new Slf4jNotifier(false))
                .gzipDisabled(true)
                .jettyAcceptors(1)
                .stubCorsEnabled(false)
                // A root with no mappings, so no stub files lying around a project are loaded.
                .usingFilesUnderClasspath("dev/shopifyingest/testkit/wiremock-root")
                .maxRequestJournalEntries(b.requestJournalLimit)
                // The journal keeps the start of each response: a bulk file may be gigabytes.
                .maxLoggedResponseSize(64 * 1024);
        options = b.port == 0 ? options.dynamicPort() : options.port(b.port);
        this.server = new WireMockServer(options);
        this.server.start();
        try {
            route(post(urlPathMatching("/admin/api/[^/]+/graphql\\.json")), "graphql");
            route(get(urlPathMatching("/fake-shopify/bulk/[^/]+")), "bulk");
            route(get(urlPathEqualTo("/admin/oauth/authorize")), "authorize");
            route(post(urlPathEqualTo("/admin/oauth/access_token")), "token");
            route(get(urlPathEqualTo("/admin/oauth/access_scopes.json")), "access-scopes");
            server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(ShopifyRoutes.NAME)
                    .withTransformerParameter(ShopifyRoutes.ROUTE, "not-found")));
            this.webhooks = new WebhookDeliveries(store, subscriptions, faults, b.webhooks, clientSecret, apiVersion,
                    b.clock, b.webhookExecutor);
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        LOG.info("FakeShopify for {} listening on {}", store.shop().domain(), baseUrl());
    }

    // Shopify's bulk_operations/finish webhook, to every subscription to it.
    private void publishBulkOperationFinished(BulkOperationFinished finished) {
        WebhookDeliveries deliveries = webhooks;
        if (deliveries == null) {
            return;
        }
        try {
            deliveries.publish("bulk_operations/finish", JSON.writeValueAsString(finished.webhookPayload()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the bulk_operations/finish payload", e);
        }
    }

    private void route(MappingBuilder request, String route) {
        server.stubFor(request.atPriority(1).willReturn(aResponse().withTransformers(ShopifyRoutes.NAME)
                .withTransformerParameter(ShopifyRoutes.ROUTE, route)));
    }

    /** A builder with the defaults: the default store, API 2026-10, a free port, Shopify's timings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a fake with every default. */
    public static FakeShopify start() {
        return builder().start();
    }

    /** Where the fake listens, e.g. {@code http://127.0.0.1:51234}; stands for {@code https://{shop}}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** {@link #baseUrl()} as a URI. */
    public URI baseUri() {
        return URI.create(baseUrl());
    }

    /** The Admin GraphQL endpoint of the served version: {@code {baseUrl}/admin/api/{version}/graphql.json}. */
    public String graphqlUrl() {
        return baseUrl() + "/admin/api/" + apiVersion + "/graphql.json";
    }

    /** The port the fake listens on. */
    public int port() {
        return server.port();
    }

    /** The shop's {@code *.myshopify.com} domain. */
    public String shopDomain() {
        return store.shop().domain();
    }

    /** The Admin API version served and reported in {@code X-Shopify-API-Version}. */
    public String apiVersion() {
        return apiVersion;
    }

    /** The app's client id (API key). */
    public String clientId() {
        return clientId;
    }

    /** The app's client secret, which signs OAuth redirects and webhooks. A test double's own test credential. */
    public String clientSecret() {
        return clientSecret;
    }

    /**
     * The live store: create, update and delete customers, products and orders here (each change
     * triggers the webhooks subscribed to it).
     */
    public FakeStore store() {
        return store;
    }

    /** The shop's webhook subscriptions; add one here to receive webhooks without a GraphQL mutation. */
    public WebhookSubscriptions subscriptions() {
        return subscriptions;
    }

    /**
     * The Admin GraphQL engine, waiting for it to finish building if needed.
     *
     * @throws IllegalStateException when the engine could not be built, or this fake runs a test stand-in
     */
    public AdminGraphql graphql() {
        if (backend instanceof AdminGraphqlBackend admin) {
            return admin.engine();
        }
        throw new IllegalStateException("This FakeShopify runs a stand-in GraphQL engine");
    }

    /**
     * A permanent offline access token, installed with the fake, holding every scope the project
     * uses ({@link #PROJECT_SCOPES}), so tests can skip OAuth.
     */
    public String adminToken() {
        return adminToken;
    }

    /**
     * Issues another permanent token with exactly these scopes (plus the {@code read_x} each
     * {@code write_x} implies), to test scope handling.
     */
    public String issueToken(Set<String> scopes) {
        return oauth.issue(scopes, null).value();
    }

    /** Revokes an access or refresh token: requests with it get 401 from now on. */
    public void revokeToken(String token) {
        oauth.revoke(token);
    }

    /** Revokes every token, as uninstalling the app does (send {@code app/uninstalled} with {@link #webhooks()}). */
    public void revokeAllTokens() {
        oauth.revokeAll();
    }

    /** The OAuth server behind the OAuth routes. */
    public OAuthServer oauth() {
        return oauth;
    }

    /** Webhook delivery: the delivery log, waiting for deliveries, compliance and custom deliveries. */
    public WebhookDeliveries webhooks() {
        return webhooks;
    }

    /** The fault plan: inject failures into GraphQL, bulk downloads, OAuth tokens and webhook deliveries. */
    public Faults faults() {
        return faults;
    }

    /** Every request received, oldest first, from WireMock's request journal. */
    public List<ServedRequest> requests() {
        List<ServedRequest> served = new ArrayList<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            LoggedRequest request = event.getRequest();
            Map<String, String> headers = new LinkedHashMap<>();
            for (HttpHeader header : request.getHeaders().all()) {
                headers.putIfAbsent(header.key().toLowerCase(Locale.ROOT), header.firstValue());
            }
            String url = request.getUrl();
            int q = url.indexOf('?');
            served.add(new ServedRequest(request.getMethod().getName(), q < 0 ? url : url.substring(0, q),
                    q < 0 ? null : url.substring(q + 1), headers, Objects.requireNonNullElse(request.getBodyAsString(), ""),
                    event.getResponse() == null ? 0 : event.getResponse().getStatus()));
        }
        Collections.reverse(served);
        return served;
    }

    /**
     * The WireMock server underneath, for its request journal or extra stubs of your own. Stubs
     * added here at priority 1 or lower-numbered override the fake's routes.
     */
    public WireMockServer wireMock() {
        return server;
    }

    /** Stops webhook delivery and the server. */
    @Override
    public void close() {
        webhooks.close();
        server.stop();
        LOG.info("FakeShopify for {} stopped", store.shop().domain());
    }

    /** Settings of a {@link FakeShopify}; every one has a working default. */
    public static final class Builder {
        private StoreFixture fixture;
        private String clientId = "fake-shopify-client-id";
        private String clientSecret = "fake-shopify-client-secret";
        private String apiVersion = DEFAULT_API_VERSION;
        private ThrottleSettings throttle = ThrottleSettings.STANDARD;
        private Clock clock = Clock.systemUTC();
        private int port;
        private OAuthSettings oauth = OAuthSettings.defaults();
        private WebhookSettings webhooks = WebhookSettings.shopify();
        private ScheduledExecutorService webhookExecutor;
        private int requestJournalLimit = 10_000;
        private GraphqlBackend backend;
        private AdminGraphql.Options graphqlOptions = AdminGraphql.Options.defaults();

        private Builder() {
        }

        /**
         * The generated store to serve (default: {@link StoreFixture#defaults()}, 360 orders over the
         * 12 months before the fake's clock).
         */
        public Builder store(StoreFixture fixture) {
            this.fixture = Objects.requireNonNull(fixture, "fixture");
            return this;
        }

        /** The app's client id (default {@code fake-shopify-client-id}). */
        public Builder clientId(String clientId) {
            this.clientId = requireText(clientId, "clientId");
            return this;
        }

        /** The app's client secret (default {@code fake-shopify-client-secret}). */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = requireText(clientSecret, "clientSecret");
            return this;
        }

        /** The Admin API version served (default 2026-10, the version whose schema the fake executes). */
        public Builder apiVersion(String version) {
            if (!version.matches("\\d{4}-\\d{2}|unstable")) {
                throw new IllegalArgumentException("An API version looks like 2026-10, got " + version);
            }
            this.apiVersion = version;
            return this;
        }

        /** The query-cost bucket of the app on this shop (default {@link ThrottleSettings#STANDARD}). */
        public Builder throttle(ThrottleSettings throttle) {
            this.throttle = Objects.requireNonNull(throttle, "throttle");
            return this;
        }

        /** The clock for token expiry, store changes, webhook stamps and the query-cost bucket (default system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The port to listen on, 0 for a free one (default 0). */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** OAuth behaviour: token mode, lifetimes, withheld scopes (default {@link OAuthSettings#defaults()}). */
        public Builder oauth(OAuthSettings settings) {
            this.oauth = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Which offline tokens an authorization code gives: as the request asks (the default),
         * always expiring, or always permanent. Shorthand for {@code oauth(settings.withTokenMode(mode))}.
         */
        public Builder tokenMode(TokenMode mode) {
            this.oauth = oauth.withTokenMode(mode);
            return this;
        }

        /** Webhook retries and timeouts (default {@link WebhookSettings#shopify()}; tests want {@link WebhookSettings#compressed()}). */
        public Builder webhooks(WebhookSettings settings) {
            this.webhooks = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Where webhook payloads are built and sent (default: the fake's own single thread). An
         * executor passed here is not shut down by {@link FakeShopify#close()}; with more than one
         * thread, deliveries may leave out of event order.
         */
        public Builder webhookExecutor(ScheduledExecutorService executor) {
            this.webhookExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** How many requests WireMock's journal keeps (default 10,000; older ones are dropped). */
        public Builder requestJournalLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("The journal must keep at least one request, got " + limit);
            }
            this.requestJournalLimit = limit;
            return this;
        }

        /**
         * Settings of the Admin GraphQL engine: bulk concurrency, whether bulk operations run in the
         * background or advance one step per poll (deterministic tests), and the JSONL layout of
         * ungrouped results (default {@link AdminGraphql.Options#defaults()}).
         */
        public Builder graphqlOptions(AdminGraphql.Options options) {
            this.graphqlOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        // A stand-in GraphQL engine, for tests of the HTTP side itself.
        Builder graphqlBackend(GraphqlBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** Starts the fake. */
        public FakeShopify start() {
            if (fixture == null) {
                fixture = StoreFixture.builder().clock(clock).build();
            }
            return new FakeShopify(this);
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
