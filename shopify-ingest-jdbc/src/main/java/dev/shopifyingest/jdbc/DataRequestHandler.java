package dev.shopifyingest.jdbc;

/**
 * Passes a customer's data on to the merchant (e-mail, admin notification, a download link):
 * Shopify's {@code customers/data_request} leaves that to the app. Called by the
 * {@link WebhookProcessor} inside the delivery's transaction; if it throws, the delivery stays in
 * the inbox and is retried later.
 */
@FunctionalInterface
public interface DataRequestHandler {

    /**
     * Hands the data over.
     *
     * @param request the request with the customer's data
     * @throws RuntimeException to have the delivery retried later
     */
    void handle(CustomerDataRequest request);
}
