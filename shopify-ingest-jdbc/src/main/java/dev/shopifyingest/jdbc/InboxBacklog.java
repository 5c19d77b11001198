package dev.shopifyingest.jdbc;

import java.time.Instant;

/**
 * How far the webhook processors are behind, across every shop: what an operator graphs and
 * alerts on.
 *
 * @param pending                 deliveries stored and not applied yet, failing ones included
 * @param failing                 those among them whose last attempt failed and wait for a retry
 * @param oldestPendingReceivedAt when the oldest pending delivery was received, or null when none is pending
 */
public record InboxBacklog(long pending, long failing, Instant oldestPendingReceivedAt) {
}
