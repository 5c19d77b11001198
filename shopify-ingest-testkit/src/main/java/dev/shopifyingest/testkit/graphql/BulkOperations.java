package dev.shopifyingest.testkit.graphql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk query operations of one app on one shop: creation under the concurrency limit, the
 * state machine (driven by a background thread, or deterministically by polling), cancellation,
 * result files and the "finished" listeners (for the {@code bulk_operations/finish} webhook).
 */
final class BulkOperations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulkOperations.class);
    private static final Pattern FILE_NAME = Pattern.compile("bulk-\\d+\\.jsonl");

    private final ShopState shop;
    private final AdminGraphql.Options options;
    private final AtomicLong nextId = new AtomicLong(4_200_000_001L);
    private final ConcurrentSkipListMap<Long, BulkOperation> operations = new ConcurrentSkipListMap<>();
    private final List<Consumer<BulkOperationFinished>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    // Guards the result directory on its own: an operation executing under its monitor needs the
    // directory, while run() holds the lock and reads operations' states (one lock for both deadlocked).
    private final Object directoryLock = new Object();
    private int mostActive;
    private ExecutorService executor;
    private Path directory;
    private boolean ownDirectory;

    BulkOperations(ShopState shop, AdminGraphql.Options options) {
        this.shop = shop;
        this.options = options;
    }

    /**
     * Creates and starts an operation, or explains why not.
     *
     * @return the operation's snapshot and an empty list, or null and the user errors
     */
    Map<String, Object> run(RequestContext ctx, String query, boolean groupObjects) {
        BulkQueryPlan plan;
        try {
            plan = BulkQueryPlan.of(query);
            // Surface search syntax and unsupported sort keys now, as userErrors, rather than as a failed run.
            checkArguments(plan, ctx);
        } catch (BulkQueryPlan.Invalid e) {
            return payload(null, "INVALID", List.of("query"), e.getMessage());
        } catch (GraphqlFailure e) {
            return payload(null, "INVALID", List.of("query"), "Invalid bulk query: " + e.getMessage());
        }
        BulkOperation operation;
        synchronized (lock) {
            List<BulkOperation> active = operations.values().stream().filter(o -> o.status().active()).toList();
            int limit = options.bulkConcurrency();
            if (active.size() >= limit) {
                return limit == 1
                        ? payload(null, "OPERATION_IN_PROGRESS", null, "A bulk query operation for this app and shop"
                        + " is already in progress: " + Gid.of("BulkOperation", active.getFirst().id()) + ".")
                        : payload(null, "LIMIT_REACHED", null, "The limit of " + limit
                        + " concurrent bulk query operations for this app and shop has been reached.");
            }
            operation = new BulkOperation(nextId.getAndIncrement(), query, plan, ctx.scopes(), groupObjects,
                    shop.clock().instant());
            operations.put(operation.id(), operation);
            mostActive = Math.max(mostActive, active.size() + 1);
        }
        LOG.info("Bulk operation {} created on {}: {}", operation.id(), shop.store().shop().domain(), plan.connection());
        // The payload shows the operation as created, as Shopify's does: a background run may
        // already have moved it on by the time the payload is written.
        BulkOperation.Snapshot created = operation.snapshot(shop);
        if (options.bulkProgress() == AdminGraphql.Options.BulkProgress.BACKGROUND) {
            executor().execute(() -> {
                if (operation.start()) {
                    execute(operation);
                } else {
                    finishCanceled(operation, 0, 0);
                }
            });
        }
        return payload(created, null, null, null);
    }

    private static void checkArguments(BulkQueryPlan plan, RequestContext ctx) {
        Object query = plan.arguments().get("query");
        EntitySearch search = ShopifySchema.get().search();
        String text = query == null ? null : query.toString();
        switch (plan.connection()) {
            case "orders" -> search.orders().compile(text, ctx, List.of("orders"));
            case "customers" -> search.customers().compile(text, ctx, List.of("customers"));
            default -> search.products().compile(text, ctx, List.of("products"));
        }
        Object sortKey = plan.arguments().get("sortKey");
        boolean known = (plan.connection().equals("orders") ? QueryFields.ORDER_SORT_KEYS : QueryFields.OTHER_SORT_KEYS)
                .stream().anyMatch(k -> k.name().equals(sortKey));
        if (!known) {
            throw GraphqlFailure.notImplemented("sorting " + plan.connection() + " by " + sortKey);
        }
    }

    private Map<String, Object> payload(BulkOperation.Snapshot operation, String code, List<String> field,
                                        String message) {
        List<Views.UserError> errors = message == null ? List.of()
                : List.of(new Views.UserError("BulkOperationUserError", field, message, code));
        return QueryFields.payload("bulkOperation", operation, "userErrors", errors);
    }

    /** The most operations that were active (created, running or canceling) at once. */
    int mostActive() {
        synchronized (lock) {
            return mostActive;
        }
    }

    /** The operation with {@code id}, advanced one step first when progress is driven by polling. */
    Optional<BulkOperation.Snapshot> find(long id) {
        BulkOperation operation = operations.get(id);
        if (operation == null) {
            return Optional.empty();
        }
        poll(operation);
        return Optional.of(operation.snapshot(shop));
    }

    /** Every operation, newest first, each advanced one step when progress is driven by polling. */
    List<BulkOperation.Snapshot> all() {
        List<BulkOperation.Snapshot> snapshots = new ArrayList<>();
        for (BulkOperation operation : operations.descendingMap().values()) {
            poll(operation);
            snapshots.add(operation.snapshot(shop));
        }
        return snapshots;
    }

    /** The most recent operation of a type ({@code currentBulkOperation}); the fake runs queries only. */
    Optional<BulkOperation.Snapshot> current(String type) {
        if (!"QUERY".equals(type) || operations.isEmpty()) {
            return Optional.empty();
        }
        return find(operations.lastKey());
    }

    /** {@code bulkOperationCancel}: asks a running operation to stop. */
    Map<String, Object> cancel(long id) {
        BulkOperation operation = operations.get(id);
        if (operation == null) {
            return QueryFields.payload("bulkOperation", null, "userErrors", List.of(new Views.UserError("UserError",
                    List.of("id"), "Bulk operation does not exist", null)));
        }
        if (!operation.cancel()) {
            return QueryFields.payload("bulkOperation", operation.snapshot(shop), "userErrors",
                    List.of(new Views.UserError("UserError", null, "A bulk operation cannot be canceled when it is "
                            + operation.status().name().toLowerCase(java.util.Locale.ROOT), null)));
        }
        return QueryFields.payload("bulkOperation", operation.snapshot(shop), "userErrors", List.of());
    }

    /** The result file named {@code fileName}, if such an operation wrote one. */
    Optional<Path> result(String fileName) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            return Optional.empty();
        }
        long id = Long.parseLong(fileName.substring("bulk-".length(), fileName.length() - ".jsonl".length()));
        BulkOperation operation = operations.get(id);
        return operation == null ? Optional.empty() : Optional.ofNullable(operation.file()).filter(Files::exists);
    }

    AutoCloseable onFinished(Consumer<BulkOperationFinished> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // Polling drives the deterministic mode: CREATED → RUNNING → (runs now) → COMPLETED; CANCELING → CANCELED.
    private void poll(BulkOperation operation) {
        if (options.bulkProgress() != AdminGraphql.Options.BulkProgress.ON_POLL) {
            return;
        }
        synchronized (operation) {
            switch (operation.status()) {
                case CREATED -> operation.start();
                case RUNNING -> execute(operation);
                case CANCELING -> finishCanceled(operation, 0, 0);
                default -> { }
            }
        }
    }

    private void execute(BulkOperation operation) {
        Path file = directory().resolve(operation.fileName());
        boolean adjacent = operation.grouped()
                || options.ungroupedLayout() == AdminGraphql.Options.BulkLayout.CHILDREN_AFTER_EACH_PARENT;
        BulkRun run = new BulkRun(shop, operation, adjacent);
        try {
            BulkRun.Counts counts = run.writeTo(file);
            if (counts.canceled() || operation.cancelRequested()) {
                deleteQuietly(file);
                finishCanceled(operation, counts.objects(), counts.roots());
                return;
            }
            operation.completed(file, counts.objects(), counts.roots(), Files.size(file), shop.clock().instant());
            LOG.info("Bulk operation {} completed: {} objects", operation.id(), counts.objects());
        } catch (BulkRun.Failure e) {
            LOG.info("Bulk operation {} failed with {}: {}", operation.id(), e.code(), e.getMessage());
            operation.failed(e.code(), run.objects() > 0 ? file : null, run.objects(), run.roots(), shop.clock().instant());
        } catch (RuntimeException | IOException e) {
            LOG.warn("Bulk operation {} failed", operation.id(), e);
            operation.failed("INTERNAL_SERVER_ERROR", run.objects() > 0 ? file : null, run.objects(), run.roots(),
                    shop.clock().instant());
        }
        notifyFinished(operation);
    }

    private void finishCanceled(BulkOperation operation, long objects, long roots) {
        operation.canceled(objects, roots, shop.clock().instant());
        notifyFinished(operation);
    }

    private void notifyFinished(BulkOperation operation) {
        BulkOperation.Snapshot s = operation.snapshot(shop);
        BulkOperationFinished finished = new BulkOperationFinished(s.gid(), s.status(), s.errorCode(), s.createdAt(),
                s.completedAt(), s.type());
        for (Consumer<BulkOperationFinished> listener : listeners) {
            try {
                listener.accept(finished);
            } catch (RuntimeException e) {
                LOG.warn("A bulk operation listener failed for {}", s.gid(), e);
            }
        }
    }

    private ExecutorService executor() {
        synchronized (lock) {
            if (executor == null) {
                AtomicInteger threads = new AtomicInteger();
                executor = Executors.newCachedThreadPool(task -> {
                    Thread thread = new Thread(task, "fake-shopify-bulk-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
            }
            return executor;
        }
    }

    private Path directory() {
        synchronized (directoryLock) {
            if (directory == null) {
                try {
                    if (options.bulkDirectory().isPresent()) {
                        directory = Files.createDirectories(options.bulkDirectory().get());
                    } else {
                        directory = Files.createTempDirectory("fake-shopify-bulk-");
                        ownDirectory = true;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot create the bulk result directory", e);
                }
            }
            return directory;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Could not delete {}", file, e);
        }
    }

    /** Stops the background thread and deletes result files the fake created in its own temp directory. */
    @Override
    public void close() {
        Path toDelete;
        synchronized (lock) {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
        synchronized (directoryLock) {
            toDelete = ownDirectory ? directory : null;
        }
        if (toDelete != null) {
            try (Stream<Path> files = Files.list(toDelete)) {
                files.sorted(Comparator.reverseOrder()).forEach(BulkOperations::deleteQuietly);
                Files.deleteIfExists(toDelete);
            } catch (IOException e) {
                LOG.debug("Could not delete {}", toDelete, e);
            }
        }
    }
}
