package dev.shopifyingest.testkit.graphql;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * One bulk query operation and its state machine: {@code CREATED → RUNNING → COMPLETED}, or
 * {@code FAILED}, or, once cancelled, {@code CANCELING → CANCELED}. Thread-safe; GraphQL reads
 * {@link Snapshot}s.
 */
final class BulkOperation {

    /** {@code BulkOperationStatus}. */
    enum Status { CREATED, RUNNING, COMPLETED, CANCELING, CANCELED, FAILED;

        boolean active() {
            return this == CREATED || this == RUNNING || this == CANCELING;
        }
    }

    /**
     * The operation as {@code BulkOperation} shows it at one moment.
     *
     * @param fileSize bytes of the result file, or null before completion
     * @param url the result link, or null unless completed with at least one object
     * @param partialDataUrl the partial result link of a failed operation, or null
     */
    record Snapshot(long id, String status, String errorCode, Instant createdAt, Instant completedAt,
                    long objectCount, long rootObjectCount, Long fileSize, String url, String partialDataUrl,
                    String query, String type) {
        String gid() {
            return Gid.of("BulkOperation", id);
        }
    }

    private final long id;
    private final String query;
    private final BulkQueryPlan plan;
    private final Set<String> scopes;
    private final boolean grouped;
    private final Instant createdAt;
    private Status status = Status.CREATED;
    private String errorCode;
    private Instant completedAt;
    private long objectCount;
    private long rootObjectCount;
    private Long fileSize;
    private Path file;
    private boolean partial;
    private volatile boolean cancelRequested;

    BulkOperation(long id, String query, BulkQueryPlan plan, Set<String> scopes, boolean grouped, Instant createdAt) {
        this.id = id;
        this.query = query;
        this.plan = plan;
        this.scopes = Set.copyOf(scopes);
        this.grouped = grouped;
        this.createdAt = createdAt;
    }

    long id() {
        return id;
    }

    BulkQueryPlan plan() {
        return plan;
    }

    Set<String> scopes() {
        return scopes;
    }

    boolean grouped() {
        return grouped;
    }

    String fileName() {
        return "bulk-" + id + ".jsonl";
    }

    synchronized Status status() {
        return status;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /** CREATED → RUNNING; false if the operation was cancelled before it started. */
    synchronized boolean start() {
        if (status != Status.CREATED) {
            return false;
        }
        status = Status.RUNNING;
        return true;
    }

    /** Asks a CREATED or RUNNING operation to stop; returns false if it already finished. */
    synchronized boolean cancel() {
        if (status == Status.CREATED || status == Status.RUNNING) {
            status = Status.CANCELING;
            cancelRequested = true;
            return true;
        }
        return status == Status.CANCELING;
    }

    synchronized void completed(Path file, long objects, long roots, long bytes, Instant at) {
        this.file = file;
        this.objectCount = objects;
        this.rootObjectCount = roots;
        this.fileSize = bytes;
        this.completedAt = at;
        this.status = Status.COMPLETED;
    }

    synchronized void failed(String code, Path partialFile, long objects, long roots, Instant at) {
        this.errorCode = code;
        this.file = partialFile;
        this.partial = partialFile != null;
        this.objectCount = objects;
        this.rootObjectCount = roots;
        this.completedAt = at;
        this.status = Status.FAILED;
    }

    synchronized void canceled(long objects, long roots, Instant at) {
        this.objectCount = objects;
        this.rootObjectCount = roots;
        this.completedAt = at;
        this.status = Status.CANCELED;
    }

    /** The result file, once the operation completed (or failed with partial data). */
    synchronized Path file() {
        return file;
    }

    synchronized Snapshot snapshot(ShopState shop) {
        String link = file == null ? null : shop.publicUrl("/fake-shopify/bulk/" + fileName());
        boolean completedWithData = status == Status.COMPLETED && objectCount > 0;
        return new Snapshot(id, status.name(), errorCode, createdAt, completedAt, objectCount, rootObjectCount,
                status == Status.COMPLETED ? fileSize : null, completedWithData ? link : null,
                partial ? link : null, query, "QUERY");
    }
}
