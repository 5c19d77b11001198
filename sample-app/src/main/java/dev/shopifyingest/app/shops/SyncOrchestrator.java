package dev.shopifyingest.app.shops;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessToken;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.auth.RefreshingTokenSource;
import dev.shopifyingest.core.auth.ShopifyOAuth;
import dev.shopifyingest.core.auth.TokenPersistence;
import dev.shopifyingest.core.fetch.BulkExport;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.sync.IngestSink;
import dev.shopifyingest.core.sync.SyncEngine;
import dev.shopifyingest.core.sync.SyncProgress;
import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.core.webhook.WebhookPayloads;
import dev.shopifyingest.core.webhook.WebhookTopic;
import dev.shopifyingest.jdbc.PostgresStore;
import dev.shopifyingest.jdbc.Shop;
import dev.shopifyingest.jdbc.SyncStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the library's {@link SyncEngine} for connected shops on a background executor, one sync
 * per shop across every app instance sharing the database.
 *
 * <p>Guarantees: a shop is synced by at most one thread of one instance at a time, through a
 * session-level PostgreSQL advisory lock ({@code pg_try_advisory_lock}) held on a dedicated
 * connection for the whole sync; an instance that cannot take the lock skips the shop. The
 * registry's sync status is kept current ({@code SYNCING}, then {@code IDLE}, or the status a
 * {@link SyncFailure} gives the failure with a sentence for the merchant), and progress and status
 * changes are published through {@link AppEvents}.
 * Expiring tokens are refreshed through {@link RefreshingTokenSource}, serialised across instances
 * by the registry's row lock. Optionally, every connected shop gets an incremental safety sync
 * at a fixed interval, which catches changes whose webhooks were lost. On start it resumes the
 * syncs a crash interrupted (shops left {@code SYNCING}) from their checkpoints;
 * a shop another live instance is syncing stays with that instance (its lock).
 *
 * <p>Passes of at least the bulk threshold (default {@value #DEFAULT_BULK_THRESHOLD} records)
 * use Shopify bulk exports, the three types side by side, their results downloaded under a
 * temporary directory that {@link #close()} removes. {@link #bulkOperationFinished} hands the
 * {@code bulk_operations/finish} webhook to the engine so a waiting export is read at once;
 * without it (or when another instance received it) polling finds the end.
 */
public final class SyncOrchestrator implements AutoCloseable {

    /** What became of a request to sync a shop now. */
    public enum Outcome {
        /** The sync ran to its end (successfully or not: the registry says which). */
        SYNCED,
        /** Another instance holds the shop's lock: it is syncing the shop. */
        LOCKED_ELSEWHERE,
        /** This instance is already syncing the shop. */
        ALREADY_RUNNING,
        /** The shop is unknown, uninstalled or without a token: nothing to sync. */
        NOT_SYNCABLE
    }

    /** The first key of the two-key advisory locks this class takes: ASCII "sync". */
    static final int LOCK_NAMESPACE = 0x73796e63;

    private static final Logger LOG = LoggerFactory.getLogger(SyncOrchestrator.class);
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    /** Passes of at least this many records use a bulk export unless configured otherwise. */
    public static final long DEFAULT_BULK_THRESHOLD = 10_000;
    private static final int BULK_BATCH_SIZE = 500;
    private static final int BULK_SORT_RUN = 50_000;
    private static final Duration BULK_POLL_INTERVAL = Duration.ofSeconds(10);

    private final PostgresStore store;
    private final ShopifyOAuth oauth;
    private final DataSource dataSource;
    private final AppEvents events;
    private final Clock clock;
    private final SyncEngine engine;
    private final Path bulkDirectory;
    private final OkHttpClient bulkDownloads = new OkHttpClient();
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final Map<Long, ShopView.SyncView> running = new ConcurrentHashMap<>();
    private final Map<ShopDomain, Long> idsByDomain = new ConcurrentHashMap<>();

    /**
     * An orchestrator; call {@link #close()} to stop it.
     *
     * @param store          the store: sink, checkpoints, tokens and sync status
     * @param client         the Admin GraphQL client
     * @param oauth          refreshes expiring tokens
     * @param dataSource     the database the advisory locks are taken on (the store's)
     * @param events         where progress and status changes are published
     * @param clock          the time source
     * @param safetyInterval how often every connected shop gets an incremental sync; null or zero for never
     */
    public SyncOrchestrator(PostgresStore store, AdminGraphqlClient client, ShopifyOAuth oauth, DataSource dataSource,
            AppEvents events, Clock clock, Duration safetyInterval) {
        this(store, client, oauth, dataSource, events, clock, safetyInterval, DEFAULT_BULK_THRESHOLD);
    }

    /**
     * An orchestrator whose passes of at least {@code bulkThreshold} records use a bulk export
     * (0: every pass); call {@link #close()} to stop it.
     */
    public SyncOrchestrator(PostgresStore store, AdminGraphqlClient client, ShopifyOAuth oauth, DataSource dataSource,
            AppEvents events, Clock clock, Duration safetyInterval, long bulkThreshold) {
        this(store, client, oauth, dataSource, events, clock, safetyInterval, store.sink(), bulkThreshold);
    }

    /**
     * An orchestrator whose syncs write to the given sink instead of the store's own (tests wrap
     * the store's sink to hold a sync at a batch).
     */
    SyncOrchestrator(PostgresStore store, AdminGraphqlClient client, ShopifyOAuth oauth, DataSource dataSource,
            AppEvents events, Clock clock, Duration safetyInterval, IngestSink sink) {
        this(store, client, oauth, dataSource, events, clock, safetyInterval, sink, DEFAULT_BULK_THRESHOLD);
    }

    private SyncOrchestrator(PostgresStore store, AdminGraphqlClient client, ShopifyOAuth oauth, DataSource dataSource,
            AppEvents events, Clock clock, Duration safetyInterval, IngestSink sink, long bulkThreshold) {
        this.store = Objects.requireNonNull(store, "store");
        this.oauth = Objects.requireNonNull(oauth, "oauth");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.bulkDirectory = Files.createTempDirectory("shopify-ingest-bulk-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for bulk export results", e);
        }
        this.engine = SyncEngine.builder()
                .client(client)
                .sink(Objects.requireNonNull(sink, "sink"))
                .checkpoints(store.checkpoints())
                .listener(this::onProgress)
                .clock(clock)
                .bulk(new BulkExport(client, bulkDownloads, bulkDirectory, BULK_POLL_INTERVAL,
                        duration -> Thread.sleep(duration), BULK_SORT_RUN), bulkThreshold, BULK_BATCH_SIZE)
                .build();
        this.workers = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("shop-sync-", 1).daemon().factory());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("shop-sync-schedule").daemon().factory());
        // A sync cut short by a crash or a kill left its shop SYNCING: finish it now, from its
        // checkpoints, rather than at the next safety sync (or never, when those are off).
        scheduler.execute(this::resumeInterrupted);
        if (safetyInterval != null && !safetyInterval.isZero() && !safetyInterval.isNegative()) {
            scheduler.scheduleWithFixedDelay(this::syncAllConnected, safetyInterval.toMillis(),
                    safetyInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts a sync of the shop in the background unless this instance is already syncing it. From
     * the moment this returns a progress, {@link #progress(long)} reports the sync as running.
     *
     * @param shopId the shop
     * @return the progress of the sync now accepted or already running, or empty when this
     *     orchestrator is closed
     */
    public Optional<ShopView.SyncView> start(long shopId) {
        ShopView.SyncView accepted = new ShopView.SyncView("STARTED", null, 0, 0);
        ShopView.SyncView already = running.putIfAbsent(shopId, accepted);
        if (already != null) {
            return Optional.of(already);
        }
        try {
            workers.execute(() -> syncClaimed(shopId));
        } catch (RejectedExecutionException e) {
            running.remove(shopId, accepted);
            return Optional.empty();
        }
        return Optional.of(accepted);
    }

    /**
     * The progress of the shop's sync when this instance runs one.
     *
     * @param shopId the shop
     * @return the progress, or empty when this instance is not syncing the shop
     */
    public Optional<ShopView.SyncView> progress(long shopId) {
        return Optional.ofNullable(running.get(shopId));
    }

    /**
     * Syncs the shop on the calling thread, if no one else is syncing it.
     *
     * @param shopId the shop
     * @return what happened
     */
    public Outcome syncNow(long shopId) {
        if (running.putIfAbsent(shopId, new ShopView.SyncView("STARTED", null, 0, 0)) != null) {
            return Outcome.ALREADY_RUNNING;
        }
        return syncClaimed(shopId);
    }

    /** Syncs a shop whose entry in {@code running} the caller has just put; removes it at the end. */
    private Outcome syncClaimed(long shopId) {
        try (Connection lock = dataSource.getConnection()) {
            if (!advisoryLock(lock, "select pg_try_advisory_lock(?, ?)", shopId)) {
                LOG.info("Shop {} is being synced by another instance; skipped", shopId);
                return Outcome.LOCKED_ELSEWHERE;
            }
            try {
                return syncLocked(shopId);
            } finally {
                advisoryLock(lock, "select pg_advisory_unlock(?, ?)", shopId);
            }
        } catch (SQLException e) {
            LOG.warn("Could not take the sync lock of shop {}", shopId, e);
            return Outcome.NOT_SYNCABLE;
        } finally {
            running.remove(shopId);
            publishShop(shopId);
        }
    }

    private Outcome syncLocked(long shopId) {
        Shop shop = store.shops().find(shopId).orElse(null);
        AccessToken token = shop == null || !shop.isInstalled() ? null : store.shops().accessToken(shopId).orElse(null);
        if (token == null) {
            return Outcome.NOT_SYNCABLE;
        }
        idsByDomain.put(shop.domain(), shopId);
        AccessTokenSource tokens = token.isExpiring()
                ? new RefreshingTokenSource(oauth, token, persistence(shopId), clock, REFRESH_MARGIN)
                : AccessTokenSource.of(token.accessToken());
        store.shops().updateSyncStatus(shopId, SyncStatus.SYNCING, null);
        publishShop(shopId);
        try {
            engine.sync(shop.domain(), tokens);
            boolean limited = !shop.scopes().contains(ShopView.READ_ALL_ORDERS);
            store.shops().updateSyncStatus(shopId, SyncStatus.IDLE, limited ? ShopView.HISTORY_LIMITED : null);
            LOG.info("Shop {} ({}) synced{}", shopId, shop.domain(),
                    limited ? "; without read_all_orders, only orders of the last 60 days" : "");
        } catch (RuntimeException e) {
            fail(shopId, shop, SyncFailure.of(e), e);
        }
        return Outcome.SYNCED;
    }

    private void fail(long shopId, Shop shop, SyncFailure failure, Exception e) {
        LOG.warn("Sync of shop {} ({}) failed, now {}: {}", shopId, shop.domain(), failure.status(), e.getMessage());
        try {
            store.shops().updateSyncStatus(shopId, failure.status(), failure.detail());
        } catch (RuntimeException again) {
            LOG.warn("Could not record the failed sync of shop {}", shopId, again);
        }
    }

    private TokenPersistence persistence(long shopId) {
        return refresh -> store.shops().refreshLock(shopId, refresh::apply);
    }

    private void onProgress(SyncProgress progress) {
        Long shopId = idsByDomain.get(progress.shop());
        if (shopId == null) {
            return;
        }
        ShopView.SyncView view = ShopView.SyncView.of(progress);
        running.computeIfPresent(shopId, (id, old) -> view);
        events.sync(shopId, view);
    }

    private void publishShop(long shopId) {
        try {
            store.shops().find(shopId).ifPresent(shop -> events.shop(shopId, ShopView.of(shop, running.get(shopId))));
        } catch (RuntimeException e) {
            LOG.warn("Could not publish the status of shop {}", shopId, e);
        }
    }

    private void resumeInterrupted() {
        try {
            for (Shop shop : store.shops().list()) {
                if (shop.isInstalled() && shop.hasAccessToken() && shop.syncStatus() == SyncStatus.SYNCING) {
                    LOG.info("Resuming the interrupted sync of shop {} ({})", shop.shopId(), shop.domain());
                    start(shop.shopId());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not list the shops whose sync was interrupted", e);
        }
    }

    private void syncAllConnected() {
        try {
            for (Shop shop : store.shops().list()) {
                // A shop waiting for its merchant to connect it again cannot sync; an unavailable one
                // is retried, which is how the app learns it is active again.
                if (shop.isInstalled() && shop.hasAccessToken() && shop.syncStatus() != SyncStatus.RECONNECT_NEEDED
                        && shop.syncStatus() != SyncStatus.STOPPED) {
                    start(shop.shopId());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("The periodic safety sync could not list the shops", e);
        }
    }

    private static boolean advisoryLock(Connection connection, String sql, long shopId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, LOCK_NAMESPACE);
            statement.setInt(2, Math.toIntExact(shopId));
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /**
     * Hands a stored {@code bulk_operations/finish} delivery to the sync engine (the webhook
     * processor's handler for topics that change no entity); other topics are ignored.
     *
     * @param delivery the delivery
     */
    public void bulkOperationFinished(WebhookDelivery delivery) {
        if (delivery.topic() == WebhookTopic.Known.BULK_OPERATIONS_FINISH) {
            engine.bulkOperationFinished(delivery.shopDomain(), WebhookPayloads.bulkOperationId(delivery));
        }
    }

    /** Stops scheduling, cancels running syncs (they resume from their checkpoints next time) and waits briefly. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        for (ShopDomain domain : idsByDomain.keySet()) {
            engine.cancel(domain);
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bulkDownloads.dispatcher().executorService().shutdown();
        bulkDownloads.connectionPool().evictAll();
        deleteBulkDirectory();
    }

    private void deleteBulkDirectory() {
        try (Stream<Path> files = Files.walk(bulkDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Could not delete {}", bulkDirectory, e);
        }
    }
}
