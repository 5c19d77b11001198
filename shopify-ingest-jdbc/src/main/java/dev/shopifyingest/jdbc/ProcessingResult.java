package dev.shopifyingest.jdbc;

/**
 * What one {@link WebhookProcessor#processPending(int)} call did.
 *
 * @param applied deliveries applied to the store (entity changes, compliance, uninstall) or handed
 *     to a {@link TopicHandler}, and marked done
 * @param ignored deliveries whose topic needs nothing from the store and had no handler, marked done
 * @param failed deliveries whose processing failed; kept with their error for a later retry
 */
public record ProcessingResult(int applied, int ignored, int failed) {

    /**
     * How many deliveries were taken up.
     *
     * @return the sum of the three counts
     */
    public int total() {
        return applied + ignored + failed;
    }
}
