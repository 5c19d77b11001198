package dev.shopifyingest.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.app.auth.Authentication;
import dev.shopifyingest.app.auth.LoginLimits;
import dev.shopifyingest.app.config.AppConfig;
import dev.shopifyingest.app.database.DatabaseHealthCheck;
import dev.shopifyingest.app.database.StoreMeters;
import dev.shopifyingest.app.http.ErrorResponses;
import dev.shopifyingest.app.http.Json;
import dev.shopifyingest.app.http.ResponseHeadersFilter;
import dev.shopifyingest.app.config.Secret;
import dev.shopifyingest.app.events.EventsService;
import dev.shopifyingest.app.events.LiveEvents;
import dev.shopifyingest.app.compliance.DataRequestsService;
import dev.shopifyingest.app.insights.InsightsService;
import dev.shopifyingest.app.shops.AppEvents;
import dev.shopifyingest.app.shops.Memberships;
import dev.shopifyingest.app.shops.ShopsService;
import dev.shopifyingest.app.shops.SyncOrchestrator;
import dev.shopifyingest.app.webhooks.InboxGroupCommit;
import dev.shopifyingest.app.webhooks.InboxRetention;
import dev.shopifyingest.app.webhooks.WebhookService;
import dev.shopifyingest.app.webhooks.WebhookWorker;
import dev.shopifyingest.core.webhook.WebhookVerifier;
import dev.shopifyingest.core.auth.ShopifyOAuth;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.insights.Insights;
import dev.shopifyingest.jdbc.PostgresStore;
import com.sun.management.UnixOperatingSystemMXBean;
import io.helidon.common.socket.SocketOptions;
import io.helidon.http.media.MediaContext;
import io.helidon.http.media.jackson.JacksonSupport;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.staticcontent.StaticContentConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;
import java.net.URI;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
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

    /** The dashboard's pages other than {@code /}: each serves {@code web/index.html}, which routes itself. */
    static final List<String> PAGE_PATHS = List.of("/login", "/signup", "/shops", "/filter");

    private final WebServer server;
    private final URI appUrl;
    private final WebhookWorker webhookWorker;
    private final InboxGroupCommit inboxWriter;
    private final LiveEvents liveEvents;

    private final SyncOrchestrator orchestrator;
    private final StoreMeters storeMeters;
    private final InboxRetention inboxRetention;
    private final Authentication authentication;
    private final List<RegisteredService> services;

    /**
     * An {@link HttpService} and the path it is registered under ({@code "/"} for services that
     * register absolute paths).
     *
     * @param path    the prefix of the service's routes
     * @param service the service
     */
    public record RegisteredService(String path, HttpService service) {
    }

    private AppServer(WebServer server, URI appUrl, WebhookWorker webhookWorker, InboxGroupCommit inboxWriter,
                      LiveEvents liveEvents, SyncOrchestrator orchestrator, StoreMeters storeMeters,
                      InboxRetention inboxRetention, Authentication authentication, List<RegisteredService> services) {
        this.inboxWriter = inboxWriter;
        this.authentication = authentication;
        this.orchestrator = orchestrator;
        this.storeMeters = storeMeters;
        this.inboxRetention = inboxRetention;
        this.services = services;
        this.server = server;
        this.appUrl = appUrl;
        this.webhookWorker = webhookWorker;
        this.liveEvents = liveEvents;
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

    /**
     * Stops the server, letting requests in flight finish; event streams end, the webhook worker and
     * the password-hashing threads stop.
     */
    @Override
    public void close() {
        liveEvents.close();
        server.stop();
        authentication.close();
        inboxWriter.close();
        webhookWorker.close();
        orchestrator.close();
        storeMeters.close();
        inboxRetention.close();
    }

    /**
     * Every service whose routes this server serves, in routing order: exactly what the routing
     * was built from, so tests can enumerate the routes (health, metrics and static files are
     * features, not services, and are not listed).
     */
    public List<RegisteredService> services() {
        return services;
    }

    /** The orchestrator of this instance's shop syncs. */
    public SyncOrchestrator orchestrator() {
        return orchestrator;
    }

    /** Below the observe feature's 80, so health and metrics requests never look for a file first. */
    private static final double STATIC_CONTENT_WEIGHT = 70;

    /** File descriptors kept free of client connections, for the pool, the class path and the logs. */
    static final int FILE_RESERVE = 256;

    /**
     * The default of {@link Builder#maxConnections}: the process's open-file limit less
     * {@value #FILE_RESERVE}, at least 64; 10,000 where the limit cannot be read.
     *
     * @return the limit
     */
    static int defaultMaxConnections() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            long files = unix.getMaxFileDescriptorCount();
            return (int) Math.min(Integer.MAX_VALUE, Math.max(64, files - FILE_RESERVE));
        }
        return 10_000;
    }

    /** Builds and starts an {@link AppServer}. */
    public static final class Builder {
        private AppConfig config;
        private DataSource dataSource;
        private Clock clock = Clock.systemUTC();
        private LoginLimits loginLimits = LoginLimits.DEFAULT;
        private UnaryOperator<Authentication.Builder> authenticationChanges = UnaryOperator.identity();
        private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private int maxConnections = defaultMaxConnections();
        private PostgresStore store;
        private Insights insights;
        private ShopifyOAuth oauth;
        private AdminGraphqlClient client;
        private AppEvents events;
        private Secret previousShopifyApiSecret;
        private Duration eventsHeartbeat = Duration.ofSeconds(15);
        private Duration syncInterval;
        private long bulkThreshold = SyncOrchestrator.DEFAULT_BULK_THRESHOLD;
        private Duration webhookSweep = Duration.ofSeconds(5);
        private Duration webhookRetention = Duration.ofDays(7);

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

        /** Passes of at least this many records use a Shopify bulk export (0: every pass); default 10,000. */
        public Builder bulkThreshold(long bulkThreshold) {
            if (bulkThreshold < 0) {
                throw new IllegalArgumentException("bulkThreshold must not be negative");
            }
            this.bulkThreshold = bulkThreshold;
            return this;
        }

        /** The client secret before the last rotation, still accepted on webhooks; default the configuration's. */
        public Builder previousShopifyApiSecret(Secret previousShopifyApiSecret) {
            this.previousShopifyApiSecret = previousShopifyApiSecret;
            return this;
        }

        /** The longest silence on an event stream before a heartbeat comment; default 15 s. */
        public Builder eventsHeartbeat(Duration eventsHeartbeat) {
            this.eventsHeartbeat = Objects.requireNonNull(eventsHeartbeat, "eventsHeartbeat");
            return this;
        }

        /** How often the webhook worker looks for due deliveries without being woken; default 5 s. */
        public Builder webhookSweep(Duration webhookSweep) {
            this.webhookSweep = Objects.requireNonNull(webhookSweep, "webhookSweep");
            return this;
        }

        /**
         * How long applied webhook deliveries stay in the inbox (they recognise Shopify's retries);
         * default 7 days, at least {@link InboxRetention#MIN_RETENTION}.
         */
        public Builder webhookRetention(Duration webhookRetention) {
            this.webhookRetention = Objects.requireNonNull(webhookRetention, "webhookRetention");
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

        /**
         * Changes to how accounts and sessions are assembled, applied after the settings above; by
         * default none.
         */
        public Builder authentication(UnaryOperator<Authentication.Builder> changes) {
            this.authenticationChanges = Objects.requireNonNull(changes, "changes");
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
         * The most client connections open at once; further ones wait in the kernel's accept
         * queue until one closes. Default: the process's limit on open files less
         * {@value #FILE_RESERVE} for the database pool, the class path and the logs, because a
         * listener that runs out of file descriptors stops accepting for good.
         *
         * @param maxConnections at least 1
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive");
            }
            this.maxConnections = maxConnections;
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
            if (webhookRetention.compareTo(InboxRetention.MIN_RETENTION) < 0) {
                throw new IllegalArgumentException("webhookRetention must be at least "
                        + InboxRetention.MIN_RETENTION.toDays() + " days: Shopify retries a delivery for up to 48 hours");
            }
            ObjectMapper mapper = Json.mapper();
            AppEvents appEvents = events != null ? events : new AppEvents(dataSource, mapper);
            ErrorResponses errors = new ErrorResponses(mapper, maxRequestBytes);
            // Helidon's metrics provider expects one registry per JVM; its global one is it.
            MeterRegistry meterRegistry = Metrics.globalRegistry();
            Authentication authentication = authenticationChanges.apply(Authentication.builder()
                    .dataSource(dataSource)
                    .clock(clock)
                    .jwtSecret(config.jwtSecret())
                    .appUrl(config.appUrl())
                    .loginLimits(loginLimits)
                    .meterRegistry(meterRegistry)
                    .mapper(mapper))
                    .build();

            WebhookVerifier.Builder verifier = WebhookVerifier.builder().secret(config.shopifyApiSecret().text());
            Secret previousSecret = previousShopifyApiSecret != null ? previousShopifyApiSecret
                    : config.previousShopifyApiSecret();
            if (previousSecret != null) {
                verifier.previousSecret(previousSecret.text());
            }
            SyncOrchestrator orchestrator = new SyncOrchestrator(store, client, oauth, dataSource, appEvents, clock,
                    syncInterval, bulkThreshold);
            WebhookWorker webhookWorker = WebhookWorker.start(
                    store.inbox().processor().otherTopics((shopId, d) -> orchestrator.bulkOperationFinished(d)).build(),
                    store.shops(), appEvents, webhookSweep);
            // Up to 500 deliveries per transaction; beyond 5,000 waiting (seconds of work at the rates in
            // docs/performance.md) the endpoint answers 503 at once and Shopify retries later.
            InboxGroupCommit inboxWriter = InboxGroupCommit.start(store.inbox(), 500, 5_000);
            WebhookService webhooks = new WebhookService(verifier.build(), inboxWriter, webhookWorker, mapper,
                    maxRequestBytes);
            LiveEvents liveEvents = new LiveEvents(store.changes(), dataSource, mapper, clock,
                    Duration.ofMillis(250), 256);
            Memberships memberships = new Memberships(dataSource, clock);
            ShopsService shops = new ShopsService(store, oauth, client, memberships, orchestrator, authentication,
                    mapper, config.appUrl());
            InsightsService insightsService = new InsightsService(insights, shops, mapper);
            DataRequestsService dataRequests = new DataRequestsService(store, shops, mapper);
            EventsService eventsService = new EventsService(liveEvents, memberships,
                    eventsHeartbeat);
            List<RegisteredService> services = List.of(
                    new RegisteredService("/api", authentication.service()),
                    new RegisteredService("/api", insightsService),
                    new RegisteredService("/api", dataRequests),
                    new RegisteredService("/api", eventsService),
                    new RegisteredService("/", shops),
                    new RegisteredService(WebhookService.PATH, webhooks));

            WebServer server = WebServer.builder()
                    // The demo's secrets and data are throwaway: keep it on this machine.
                    .host(config.demoMode() ? "127.0.0.1" : "0.0.0.0")
                    .port(config.port())
                    .shutdownHook(false)
                    .featuresDiscoverServices(false)
                    .maxPayloadSize(maxRequestBytes)
                    // Every response is written at once: Nagle's algorithm would hold a response's
                    // last segment until the client acknowledges the previous one, which clients
                    // delay by up to 40 ms.
                    .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
                    .maxTcpConnections(maxConnections)
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
                    .addFeature(staticContent())
                    .routing(routing -> {
                        errors.register(routing);
                        routing.addFilter(new ResponseHeadersFilter())
                                .addFilter(authentication.filter());
                        for (RegisteredService registered : services) {
                            if (registered.path().equals("/")) {
                                routing.register(registered.service());
                            } else {
                                routing.register(registered.path(), registered.service());
                            }
                        }
                    })
                    .build()
                    .start();
            return new AppServer(server, config.appUrl(), webhookWorker, inboxWriter, liveEvents, orchestrator,
                    StoreMeters.register(store, clock, meterRegistry),
                    InboxRetention.start(store.inbox(), clock, webhookRetention, Duration.ofHours(1)), authentication,
                    services);
        }

        /**
         * The dashboard's files from {@code web/}, its page paths (client-side routes, so a
         * bookmark or a reload of {@code /shops?connected=...} gets the page), and WebJars
         * (Chart.js) under {@code /webjars/}.
         */
        private static StaticContentFeature staticContent() {
            StaticContentConfig.Builder builder = StaticContentFeature.builder()
                    // After health and metrics (weight 80): a probe must not search the class path first.
                    .weight(STATIC_CONTENT_WEIGHT)
                    .addClasspath(classpath -> classpath
                            .location("web")
                            .context("/")
                            .welcome("index.html"))
                    .addClasspath(classpath -> classpath
                            .location("META-INF/resources/webjars")
                            .context("/webjars"));
            for (String page : PAGE_PATHS) {
                builder.addClasspath(classpath -> classpath
                        .location("web/index.html")
                        .singleFile(true)
                        .context(page));
            }
            return builder.build();
        }
    }
}
