package dev.shopifyingest.core.fetch;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.graphql.ShopifyUserErrorsException;
import dev.shopifyingest.core.internal.Json;
import dev.shopifyingest.core.model.Entity;
import dev.shopifyingest.core.model.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a whole entity type with a Shopify bulk operation and reads the result as complete
 * entities, for backfills of large stores. Bulk operations bypass the query cost limits; only
 * starting and polling them costs points.
 *
 * <p>The JSONL result is downloaded to a file and read back in bounded memory (see
 * {@code BulkRecords}), so a store of millions of orders never sits in the heap. A truncated
 * download (fewer complete lines than the objects Shopify counted) is detected and fetched
 * again. Operations are polled with {@code bulkOperation(id:)} (2026-10 deprecates
 * {@code currentBulkOperation}); a restarted sync finds the operation it already started with
 * {@link #findRunning} instead of starting another.
 *
 * <p>Polling backs off from a quarter of a second to the poll interval. An application that
 * receives Shopify's {@code bulk_operations/finish} webhook hands it to {@link #finished}: the
 * thread awaiting that operation polls at once instead of at its next scheduled poll. Webhook
 * delivery is not guaranteed, so polling remains. Thread-safe: one exporter serves any number of
 * concurrent exports.
 */
public final class BulkExport {

    private static final Logger LOG = LoggerFactory.getLogger(BulkExport.class);
    private static final GraphqlOperation RUN = GraphqlOperation.named("BulkOperationRunQuery");
    private static final GraphqlOperation POLL = GraphqlOperation.named("BulkOperation");
    private static final GraphqlOperation RUNNING = GraphqlOperation.named("RunningBulkOperations");
    private static final int DOWNLOAD_ATTEMPTS = 4;
    private static final Set<String> LIMIT_CODES = Set.of("LIMIT_REACHED", "OPERATION_IN_PROGRESS");

    private final AdminGraphqlClient client;
    private final OkHttpClient http;
    private final Path workDir;
    private final Duration pollInterval;
    private final AdminGraphqlClient.Sleeper sleeper;
    private final int runSize;
    private final FinishSignals signals = new FinishSignals();

    /**
     * An exporter.
     *
     * @param client the Admin API client
     * @param http downloads result files (they are public signed URLs; no token is sent)
     * @param workDir where result files and sort runs are written, then deleted
     * @param pollInterval the longest wait between status polls; the first polls are quicker
     * @param sleeper how to wait between polls; it must return early when its thread is
     *     interrupted ({@code Thread.sleep} does), which is how {@link #finished} wakes it
     * @param runSize lines sorted in memory at a time; bounds the memory a read needs
     */
    public BulkExport(AdminGraphqlClient client, OkHttpClient http, Path workDir, Duration pollInterval,
                      AdminGraphqlClient.Sleeper sleeper, int runSize) {
        this.client = Objects.requireNonNull(client, "client");
        this.http = Objects.requireNonNull(http, "http");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (runSize < 1) {
            throw new IllegalArgumentException("runSize must be positive");
        }
        this.runSize = runSize;
    }

    /** The bulk query that exports {@code type} updated since {@code updatedSince} ({@code null}: all). */
    public static String queryFor(EntityType type, Instant updatedSince) {
        String name = switch (type) {
            case CUSTOMER -> "Customers";
            case PRODUCT -> "Products";
            case ORDER -> "Orders";
        };
        String template = GraphqlOperation.named("bulk/" + name).document();
        String filter = updatedSince == null ? ""
                : "updated_at:>='" + DateTimeFormatter.ISO_INSTANT.format(updatedSince) + "'";
        StringBuilder query = new StringBuilder();
        for (String line : template.split("\n")) {
            if (!line.stripLeading().startsWith("#")) {
                query.append(line).append('\n');
            }
        }
        return query.toString().replace("FILTER", filter.replace("\\", "\\\\").replace("\"", "\\\""));
    }

    /**
     * Starts exporting {@code type}.
     *
     * @return the operation's id
     * @throws dev.shopifyingest.core.graphql.ShopifyUserErrorsException when Shopify refuses, e.g.
     *     with {@code LIMIT_REACHED} while too many exports run for the shop
     */
    public String start(ShopDomain shop, AccessTokenSource tokens, EntityType type, Instant updatedSince) {
        Map<String, Object> payload = client.execute(shop, tokens, RUN, Map.of("query", queryFor(type, updatedSince)))
                .mutationPayload("bulkOperationRunQuery");
        Map<String, Object> operation = Json.object(payload, "bulkOperation");
        String id = Json.string(operation, "id");
        LOG.info("Started bulk export {} of {} for {}", id, type, shop);
        return id;
    }

    /**
     * Starts exporting {@code type}, waiting while Shopify answers that the shop already runs as
     * many bulk queries as it allows ({@code LIMIT_REACHED}; {@code OPERATION_IN_PROGRESS} before
     * 2026-01): the start is tried again when any of the shop's operations finishes
     * ({@link #finished}) or after a wait that backs off to the poll interval.
     *
     * @return the operation's id
     * @throws BulkExportException when {@code cancelled} turned true while waiting
     */
    public String startWhenFree(ShopDomain shop, AccessTokenSource tokens, EntityType type, Instant updatedSince,
                                BooleanSupplier cancelled) {
        FinishSignals.Waiter waiter = signals.register(shop, null);
        try {
            Duration wait = firstWait();
            while (true) {
                try {
                    return start(shop, tokens, type, updatedSince);
                } catch (ShopifyUserErrorsException e) {
                    if (e.userErrors().stream().noneMatch(error -> LIMIT_CODES.contains(error.code()))) {
                        throw e;
                    }
                    LOG.info("{} runs as many bulk operations as Shopify allows; the export of {} waits for one to"
                            + " finish", shop, type);
                }
                if (cancelled.getAsBoolean()) {
                    throw new BulkExportException("Waiting to start a bulk export of " + type + " on " + shop
                            + " was cancelled");
                }
                pause(waiter, wait, "to start a bulk export of " + type + " on " + shop);
                wait = nextWait(wait);
            }
        } finally {
            signals.unregister(waiter);
        }
    }

    /**
     * Hands over Shopify's {@code bulk_operations/finish} notification (its
     * {@code admin_graphql_api_id}): a thread awaiting that operation polls it at once, and
     * threads waiting to start an export on the shop try again. Notifications of operations no
     * one waits for are ignored; polling still finds every end, so a lost webhook only delays.
     */
    public void finished(ShopDomain shop, String operationId) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(operationId, "operationId");
        int woken = signals.finished(shop, operationId);
        LOG.debug("Bulk operation {} of {} finished; {} waiting threads woken", operationId, shop, woken);
    }

    /** A running (or just created) operation that exports exactly {@code query}, if there is one. */
    public Optional<String> findRunning(ShopDomain shop, AccessTokenSource tokens, String query) {
        return Optional.ofNullable(running(shop, tokens).get(query.strip()));
    }

    /**
     * The shop's running (or just created) operations, newest first: the id of each by its query
     * (stripped of surrounding white space, as {@link #queryFor} output compares after
     * {@code strip()}). One request, however many exports a sync may adopt.
     */
    public Map<String, String> running(ShopDomain shop, AccessTokenSource tokens) {
        Map<String, Object> connection = Json.object(client.execute(shop, tokens, RUNNING, Map.of()).data(),
                "bulkOperations");
        Map<String, String> byQuery = new LinkedHashMap<>();
        if (connection != null) {
            for (Map<String, Object> node : Json.objects(connection, "nodes")) {
                byQuery.putIfAbsent(String.valueOf(Json.string(node, "query")).strip(), Json.string(node, "id"));
            }
        }
        return byQuery;
    }

    /** The current state of an operation. */
    public BulkOperation status(ShopDomain shop, AccessTokenSource tokens, String id) {
        Map<String, Object> node = Json.object(client.execute(shop, tokens, POLL, Map.of("id", id)).data(),
                "bulkOperation");
        if (node == null) {
            throw new BulkExportException("Shopify does not know the bulk operation " + id + " on " + shop);
        }
        return new BulkOperation(Json.string(node, "id"), Json.string(node, "status"),
                Json.string(node, "errorCode"), longOf(Json.decimal(node, "objectCount")),
                longOf(Json.decimal(node, "rootObjectCount")), Json.string(node, "url"),
                Json.string(node, "partialDataUrl"), Json.string(node, "query"), instant(Json.string(node, "createdAt")),
                instant(Json.string(node, "completedAt")));
    }

    /**
     * Polls until the operation finishes, at once after a {@link #finished} notification of it.
     *
     * @return the completed operation
     * @throws BulkExportException when it failed, was cancelled or expired
     */
    public BulkOperation await(ShopDomain shop, AccessTokenSource tokens, String id, BooleanSupplier cancelled) {
        FinishSignals.Waiter waiter = signals.register(shop, id);
        try {
            Duration wait = firstWait();
            while (true) {
                BulkOperation operation = status(shop, tokens, id);
                if (operation.finished()) {
                    if (!"COMPLETED".equals(operation.status())) {
                        throw new BulkExportException("The bulk export " + id + " on " + shop + " ended "
                                + operation.status() + (operation.errorCode() == null ? ""
                                : " (" + operation.errorCode() + ")") + "; it will be started again on the next sync.");
                    }
                    return operation;
                }
                if (cancelled.getAsBoolean()) {
                    throw new BulkExportException("Waiting for bulk export " + id + " was cancelled");
                }
                pause(waiter, wait, "for bulk export " + id);
                wait = nextWait(wait);
            }
        } finally {
            signals.unregister(waiter);
        }
    }

    private Duration firstWait() {
        return Duration.ofMillis(Math.min(250, pollInterval.toMillis()));
    }

    private Duration nextWait(Duration wait) {
        return wait.multipliedBy(2).compareTo(pollInterval) > 0 ? pollInterval : wait.multipliedBy(2);
    }

    private void pause(FinishSignals.Waiter waiter, Duration wait, String what) {
        try {
            signals.sleep(waiter, wait, sleeper);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BulkExportException("Interrupted while waiting " + what, e);
        }
    }

    /**
     * Reads a completed export as entities, in batches of at most {@code batchSize}, skipping the
     * first {@code skip} records (those a previous, interrupted read already stored). Records
     * come in the same order on every read of the same operation.
     *
     * @return the number of records in the file
     */
    public long read(BulkOperation completed, EntityType type, long skip, int batchSize,
                     Consumer<List<Entity>> batches) {
        if (completed.url() == null) {
            return 0;
        }
        Path file = download(completed);
        long records = 0;
        try (BulkRecords reader = new BulkRecords(file, workDir, runSize)) {
            List<Entity> batch = new ArrayList<>(batchSize);
            while (reader.hasNext()) {
                BulkRecords.Record record = reader.next();
                records++;
                if (records <= skip) {
                    continue;
                }
                batch.add(toEntity(type, record));
                if (batch.size() >= batchSize) {
                    batches.accept(List.copyOf(batch));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                batches.accept(List.copyOf(batch));
            }
            return records;
        } catch (BulkRecords.MalformedBulkFileException e) {
            throw new BulkExportException("The result of bulk export " + completed.id() + " is corrupt: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("Could not delete {}", file, e);
            }
        }
    }

    private static Entity toEntity(EntityType type, BulkRecords.Record record) {
        return switch (type) {
            case CUSTOMER -> GraphqlNodes.customer(record.parent());
            case PRODUCT -> GraphqlNodes.product(record.parent(),
                    record.children().stream().map(GraphqlNodes::variant)
                            .sorted(java.util.Comparator.comparingInt(v -> v.position())).toList());
            case ORDER -> GraphqlNodes.order(record.parent(),
                    record.children().stream().map(GraphqlNodes::lineItem).toList());
        };
    }

    // Downloads to a file; a download with fewer objects than Shopify counted is fetched again.
    private Path download(BulkOperation completed) {
        IOException last = null;
        for (int attempt = 1; attempt <= DOWNLOAD_ATTEMPTS; attempt++) {
            try {
                Path file = Files.createTempFile(workDir, "bulk-", ".jsonl");
                try (Response response = http.newCall(new Request.Builder().url(completed.url()).build()).execute()) {
                    if (!response.isSuccessful()) {
                        throw new IOException("HTTP " + response.code() + " downloading the bulk result");
                    }
                    try (InputStream in = response.body().byteStream()) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                long lines = completeLines(file);
                if (lines == completed.objectCount()) {
                    return file;
                }
                Files.deleteIfExists(file);
                last = new IOException("the bulk result holds " + lines + " complete lines of the "
                        + completed.objectCount() + " objects Shopify reported: the download was cut short");
            } catch (IOException e) {
                last = e;
            }
            LOG.warn("Downloading the result of bulk export {} failed (attempt {} of {}): {}", completed.id(), attempt,
                    DOWNLOAD_ATTEMPTS, last.getMessage());
        }
        throw new BulkExportException("Could not download the result of bulk export " + completed.id() + " after "
                + DOWNLOAD_ATTEMPTS + " attempts: " + last.getMessage(), last);
    }

    // A download is complete when it holds exactly the objects Shopify counted, one per line: a
    // response cut at a line boundary still looks like valid JSONL. A last line without its newline
    // counts only if it is a whole JSON object.
    private static long completeLines(Path file) throws IOException {
        long lines = 0;
        String last = null;
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines++;
                    last = line;
                }
            }
        }
        if (last != null && !endsWithNewline(file)) {
            try {
                if (!(Json.parse(last) instanceof Map<?, ?>)) {
                    lines--;
                }
            } catch (Json.MalformedJsonException e) {
                lines--;
            }
        }
        return lines;
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return true;
        }
        try (var channel = Files.newByteChannel(file)) {
            channel.position(size - 1);
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            channel.read(last);
            return last.get(0) == '\n';
        }
    }

    private static long longOf(BigDecimal value) {
        return value == null ? 0 : value.longValueExact();
    }

    private static Instant instant(String text) {
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }
}
