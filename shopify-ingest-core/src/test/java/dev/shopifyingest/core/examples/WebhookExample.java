package dev.shopifyingest.core.examples;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.AccessTokenSource;
import dev.shopifyingest.core.graphql.AdminGraphqlClient;
import dev.shopifyingest.core.graphql.GraphqlOperation;
import dev.shopifyingest.core.sync.IngestBatch;
import dev.shopifyingest.core.sync.IngestSink;
import dev.shopifyingest.core.webhook.WebhookChange;
import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.core.webhook.WebhookDeliveryException;
import dev.shopifyingest.core.webhook.WebhookPayloads;
import dev.shopifyingest.core.webhook.WebhookVerifier;
import java.util.List;
import java.util.Map;

/**
 * The library guide's "Verify a webhook and map it", as code that compiles and runs (see
 * {@code ExamplesTest}).
 */
final class WebhookExample {

    private WebhookExample() {
    }

    /** Subscribes the app's endpoint to order changes. */
    static void subscribe(AdminGraphqlClient client, ShopDomain shop, AccessTokenSource tokens, String endpoint) {
        // tag::subscribe[]
        for (String topic : List.of("ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_DELETE")) {
            client.execute(shop, tokens, GraphqlOperation.named("WebhookSubscriptionCreate"),
                            Map.of("topic", topic, "uri", endpoint))
                    .mutationPayload("webhookSubscriptionCreate"); // throws on userErrors
        }
        // end::subscribe[]
    }

    /** The body of a webhook endpoint, framework aside: returns the HTTP status to answer. */
    // tag::endpoint[]
    static int handle(Map<String, String> headers, byte[] rawBody, WebhookVerifier verifier, IngestSink sink) {
        WebhookDelivery delivery;
        try {
            delivery = WebhookDelivery.parse(headers, rawBody); // the raw bytes, before any JSON parsing
        } catch (WebhookDeliveryException e) {
            return 400;
        }
        if (!verifier.verify(delivery)) {                      // HMAC-SHA256 with the client secret
            return 401;
        }
        delivery.checkShopAgainstBody();                       // for topics whose body names the shop
        ShopDomain shop = delivery.shopDomain();
        switch (WebhookPayloads.changeOf(delivery)) {
            case WebhookChange.Upsert upsert ->
                    sink.accept(new IngestBatch(shop, List.of(upsert.entity()), List.of(), null));
            case WebhookChange.Delete delete ->
                    sink.accept(new IngestBatch(shop, List.of(), List.of(delete.deletion()), null));
            case WebhookChange.NoEntityChange other -> {
                // app/uninstalled, compliance topics, bulk_operations/finish: handle them elsewhere
            }
        }
        return 200;                                            // only once stored: Shopify retries anything else
    }
    // end::endpoint[]
}
