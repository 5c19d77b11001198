package dev.shopifyingest.core.fetch;

import dev.shopifyingest.core.graphql.ShopifyApiException;

/** A bulk export did not produce a complete result (failed, cancelled, expired, or a corrupt file). */
public final class BulkExportException extends ShopifyApiException {

    private static final long serialVersionUID = 1L;

    /** A failure described for humans. */
    public BulkExportException(String message) {
        super(message);
    }

    /** A failure with its cause. */
    public BulkExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
