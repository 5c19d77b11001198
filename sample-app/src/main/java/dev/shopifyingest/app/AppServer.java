package dev.shopifyingest.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.app.auth.Authentication;
import dev.shopifyingest.app.auth.LoginLimits;
import dev.shopifyingest.app.config.AppConfig;
import dev.shopifyingest.app.database.DatabaseHealthCheck;
import dev.shopifyingest.app.http.ErrorResponses;
import dev.shopifyingest.app.http.Json;
import dev.shopifyingest.app.http.ResponseHeadersFilter;
import dev.shopifyingest.app.insights.InsightsService;
import dev.shopifyingest.app.shops.AppEvents;
import dev.shopifyingest.app.shops.Memberships;
import dev.shopifyingest.app.shops.ShopsService;
import dev.shopifyingest.app.shops.SyncOrchestrator;
import dev.shopifyingest.core.auth.ShopifyOAuth;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.insights.Insights;
import dev.shopifyingest.jdbc.PostgresStore;
import io.helidon.http.media.MediaContext;
import io.helidon.http.media.jackson.JacksonSupport;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.staticcontent.StaticContentFeature;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The sample app's HTTP server, wired from its parts: the JSON API under {@code /api} (behind the
 * authentication filter), the static pages from {@code web/} on the classpath, health at
 * {@code /health/live} and {@code /health/ready}, Prometheus metrics at {@code /metrics}, and JSON
 * errors for everything that fails. {@link Main} starts one; tests start their own on a free port.
 */
public final class AppServer implements AutoCloseable {

    /** The default limit on a request body: far above any API request, small enough to bound memory. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    private final WebServer server;
    private final URI appUrl;
    private final SyncOrchestrator orchestrator;

    private AppServer(WebServer server, URI appUrl, SyncOrchestrator orchestrator) {
        this.server = server;
        this.appUrl = appUrl;
        this.orchestrator = orchestrator;
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on (the actual one when the configuration asked for 0). */
    public int port() {
        return server.port();
    }

    /** The app's public URL, from the configuration. */
    public URI appUrl() {
        return appUrl;
    }

    /** The orchestrator of this instance's shop syncs. */
    public SyncOrchestrator orchestrator() {
        return orchestrator;
    }

    /** Stops the server, letting requests in flight finish, then the syncs of this instance. */
    @Override
    public void close() {
        server.stop();
        orchestrator.close();
    }

    /** Builds and starts an {@link AppServer}. */
    public static final class Builder {
        private AppConfig config;
        private DataSource dataSource;
        private Clock clock = Clock.systemUTC();
        private LoginLimits loginLimits = LoginLimits.DEFAULT;
        private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private PostgresStore store;
        private Insights insights;
        private ShopifyOAuth oauth;
        private AdminGraphqlClient client;
        private AppEvents events;
        private Duration syncInterval;

        private Builder() {
        }

        /** The configuration (required). */
        public Builder config(AppConfig config) {
            this.config = config;
            return this;
        }

        /** The migrated database (required). */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** The libraries the app is built on, all at once (see {@link Backend}). */
        public Builder backend(Backend backend) {
            return store(backend.store()).insights(backend.insights()).oauth(backend.oauth()).client(backend.client());
        }

        /** The migrated PostgreSQL store of shops and their data (required). */
        public Builder store(PostgresStore store) {
            this.store = store;
            return this;
        }

        /** The insights API over the store (required). */
        public Builder insights(Insights insights) {
            this.insights = insights;
            return this;
        }

        /** Shopify OAuth, redirecting back to {@code {APP_URL}/auth/shopify/callback} (required). */
        public Builder oauth(ShopifyOAuth oauth) {
            this.oauth = oauth;
            return this;
        }

        /** The Admin GraphQL client (required). */
        public Builder client(AdminGraphqlClient client) {
            this.client = client;
            return this;
        }

        /** Where live events are published; default {@code NOTIFY} on the app's database. */
        public Builder events(AppEvents events) {
            this.events = events;
            return this;
        }

        /** How often every connected shop gets an incremental safety sync; default never (null). */
        public Builder syncInterval(Duration syncInterval) {
            this.syncInterval = syncInterval;
            return this;
        }

        /** The time source; default the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The log-in rate limits; default {@link LoginLimits#DEFAULT}. */
        public Builder loginLimits(LoginLimits loginLimits) {
            this.loginLimits = loginLimits;
            return this;
        }

        /** The largest request body accepted, in bytes; larger ones get 413. Default 1 MiB. */
        public Builder maxRequestBytes(long maxRequestBytes) {
            if (maxRequestBytes < 1) {
                throw new IllegalArgumentException("maxRequestBytes must be positive");
            }
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /**
         * Starts the server.
         *
         * @return the running server
         */
        public AppServer start() {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(dataSource, "dataSource");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(insights, "insights");
            Objects.requireNonNull(oauth, "oauth");
            Objects.requireNonNull(client, "client");
            ObjectMapper mapper = Json.mapper();
            AppEvents appEvents = events != null ? events : new AppEvents(dataSource, mapper);
            ErrorResponses errors = new ErrorResponses(mapper, maxRequestBytes);
            // Helidon's metrics provider expects one registry per JVM; its global one is it.
            MeterRegistry meterRegistry = Metrics.globalRegistry();
            Authentication authentication = Authentication.builder()
                    .dataSource(dataSource)
                    .clock(clock)
                    .jwtSecret(config.jwtSecret())
                    .appUrl(config.appUrl())
                    .loginLimits(loginLimits)
                    .meterRegistry(meterRegistry)
                    .mapper(mapper)
                    .build();
            Memberships memberships = new Memberships(dataSource, clock);
            SyncOrchestrator orchestrator = new SyncOrchestrator(store, client, oauth, dataSource, appEvents, clock,
                    syncInterval);
            ShopsService shops = new ShopsService(store, oauth, client, memberships, orchestrator, authentication,
                    mapper, config.appUrl());
            InsightsService insightsService = new InsightsService(insights, shops, mapper);

            WebServer server = WebServer.builder()
                    // The demo's secrets and data are throwaway: keep it on this machine.
                    .host(config.demoMode() ? "127.0.0.1" : "0.0.0.0")
                    .port(config.port())
                    .shutdownHook(false)
                    .featuresDiscoverServices(false)
                    .maxPayloadSize(maxRequestBytes)
                    .directHandlers(errors.directHandlers())
                    .mediaContext(MediaContext.builder()
                            .mediaSupportsDiscoverServices(false)
                            .addMediaSupport(JacksonSupport.create(mapper))
                            .build())
                    .addFeature(ObserveFeature.builder()
                            .endpoint("/")
                            .observersDiscoverServices(false)
                            .addObserver(HealthObserver.builder()
                                    .endpoint("/health")
                                    .details(true)
                                    .useSystemServices(false)
                                    .addCheck(new DatabaseHealthCheck(dataSource))
                                    .build())
                            .addObserver(MetricsObserver.builder()
                                    .endpoint("/metrics")
                                    .build())
                            .build())
                    .addFeature(StaticContentFeature.builder()
                            .addClasspath(classpath -> classpath
                                    .location("web")
                                    .context("/")
                                    .welcome("index.html"))
                            .build())
                    .routing(routing -> {
                        errors.register(routing);
                        routing.addFilter(new ResponseHeadersFilter())
                                .addFilter(authentication.filter())
                                .register("/api", authentication.service(), insightsService)
                                .register(shops);
                    })
                    .build()
                    .start();
            return new AppServer(server, config.appUrl(), orchestrator);
        }
    }
}
