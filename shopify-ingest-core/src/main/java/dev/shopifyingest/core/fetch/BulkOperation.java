package dev.shopifyingest.core.fetch;

import java.time.Instant;

/**
 * The state of a Shopify bulk operation.
 *
 * @param id its GID, e.g. {@code gid://shopify/BulkOperation/1}
 * @param status {@code CREATED}, {@code RUNNING}, {@code COMPLETED}, {@code CANCELING},
 *     {@code CANCELED}, {@code FAILED} or {@code EXPIRED}
 * @param errorCode why it failed ({@code ACCESS_DENIED}, {@code INTERNAL_SERVER_ERROR},
 *     {@code TIMEOUT}), or {@code null}
 * @param objectCount objects (JSONL lines: parents and their children) exported so far
 * @param rootObjectCount top-level objects (the records a read yields) exported so far
 * @param url where the JSONL result is, once completed (null when there were no objects)
 * @param partialDataUrl partial results of a failed operation, or {@code null}
 * @param query the bulk query it runs
 * @param createdAt when it was created
 * @param completedAt when it finished, or {@code null}
 */
public record BulkOperation(String id, String status, String errorCode, long objectCount, long rootObjectCount,
                            String url,
                            String partialDataUrl, String query, Instant createdAt, Instant completedAt) {

    /** Whether the operation will not change any more. */
    public boolean finished() {
        return switch (status) {
            case "COMPLETED", "CANCELED", "FAILED", "EXPIRED" -> true;
            default -> false;
        };
    }
}
