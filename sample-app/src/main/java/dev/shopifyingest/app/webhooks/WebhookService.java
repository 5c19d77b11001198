package dev.shopifyingest.app.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shopifyingest.app.http.ApiException;
import dev.shopifyingest.app.http.Json;
import dev.shopifyingest.core.webhook.WebhookDelivery;
import dev.shopifyingest.core.webhook.WebhookDeliveryException;
import dev.shopifyingest.core.webhook.WebhookTopic;
import dev.shopifyingest.core.webhook.WebhookVerifier;
import dev.shopifyingest.jdbc.InboxReceipt;
import dev.shopifyingest.jdbc.ShopNotFoundException;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/shopify}: Shopify's webhook deliveries, outside {@code /api} (no session,
 * no CSRF token: the HMAC is the authentication).
 *
 * <p>In order: the raw body is read up to the limit (413 beyond it); its
 * {@code X-Shopify-Hmac-Sha256} is checked against the client secret, or the previous one during a
 * rotation, <em>before anything is parsed</em> (401 when it does not match, nothing stored); the
 * headers are parsed (400 naming a missing or malformed header); the delivery is stored in the
 * inbox, once, and answered with 200 as soon as the row is committed. Concurrent deliveries are
 * committed together ({@link InboxGroupCommit}); when too many wait, 503 (Shopify retries).
 * Applying them is the {@link WebhookWorker}'s job.
 *
 * <p>Decisions for signed deliveries the inbox cannot take, chosen so that Shopify stops retrying
 * what can never succeed while nothing the app could use is dropped:
 * <ul>
 *   <li>an unknown topic (a subscription this app never made): 200, logged and ignored, since a
 *       retry would not make it known and 8 failures would make Shopify delete the subscription;</li>
 *   <li>a shop that is not registered (for example after {@code shop/redact}): 200, ignored;</li>
 *   <li>a compliance, {@code app/uninstalled} or {@code shop/update} body naming another shop than
 *       the header: 401, it is a replay of a genuine body under another shop's name;</li>
 *   <li>such a body that is not a JSON object in valid UTF-8: 400, naming what is wrong;</li>
 *   <li>an entity body that is not valid JSON: stored (200); the processor keeps it as failed with
 *       its error, for a human to look at.</li>
 * </ul>
 */
public final class WebhookService implements HttpService {

    /** The path Shopify delivers to. */
    public static final String PATH = "/webhooks/shopify";

    private static final HeaderName HMAC = HeaderNames.create(WebhookDelivery.HEADER_HMAC);
    private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);

    private final WebhookVerifier verifier;
    private final InboxGroupCommit inbox;
    private final WebhookWorker worker;
    private final ObjectMapper mapper;
    private final long maxBodyBytes;

    /**
     * The endpoint.
     *
     * @param verifier     checks signatures with the current (and previous) client secret
     * @param inbox        stores verified deliveries in the inbox
     * @param worker       woken when a new delivery was stored
     * @param mapper       writes the JSON answers
     * @param maxBodyBytes the largest body accepted; larger ones get 413
     */
    public WebhookService(WebhookVerifier verifier, InboxGroupCommit inbox, WebhookWorker worker, ObjectMapper mapper,
            long maxBodyBytes) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::receive);
    }

    private void receive(ServerRequest request, ServerResponse response) {
        byte[] body = readBody(request);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : request.headers()) {
            headers.putIfAbsent(header.name(), header.get());
        }
        String hmac = request.headers().first(HMAC)
                .orElse(null);
        if (!verifier.verify(body, hmac)) {
            LOG.warn("Rejected a webhook with a missing or wrong HMAC ({} bytes)", body.length);
            throw new ApiException(Status.UNAUTHORIZED_401, "invalid_hmac",
                    "The X-Shopify-Hmac-Sha256 header does not match the body.");
        }
        WebhookDelivery delivery;
        try {
            delivery = WebhookDelivery.parse(headers, body);
        } catch (WebhookDeliveryException e) {
            throw ApiException.badRequest("bad_request", e.getMessage());
        }
        InboxReceipt receipt;
        try {
            receipt = inbox.store(delivery);
        } catch (InboxGroupCommit.Busy e) {
            throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "busy", e.getMessage());
        } catch (ShopNotFoundException e) {
            LOG.info("Ignored webhook {} ({}) for {}: the shop is not registered", delivery.webhookId(),
                    delivery.topic().wireName(), delivery.shopDomain());
            ok(response, "ignored");
            return;
        } catch (WebhookDeliveryException e) {
            switch (e.reason()) {
                case UNKNOWN_TOPIC -> {
                    LOG.warn("Ignored webhook {} for {}: unknown topic '{}'", delivery.webhookId(),
                            delivery.shopDomain(), delivery.topic().wireName());
                    ok(response, "ignored");
                    return;
                }
                case SHOP_MISMATCH -> throw new ApiException(Status.UNAUTHORIZED_401, "shop_mismatch", e.getMessage());
                default -> throw ApiException.badRequest("bad_request", e.getMessage());
            }
        }
        if (receipt == InboxReceipt.STORED) {
            if (delivery.topic() == WebhookTopic.Known.APP_UNINSTALLED) {
                worker.watchUninstall(delivery.shopDomain());
            }
            worker.wake();
        }
        ok(response, receipt == InboxReceipt.STORED ? "stored" : "duplicate");
    }

    private void ok(ServerResponse response, String outcome) {
        Json.send(mapper, response, Status.OK_200, Map.of("status", outcome));
    }

    private byte[] readBody(ServerRequest request) {
        if (request.headers().contentLength().orElse(0) > maxBodyBytes) {
            throw tooLarge();
        }
        try (InputStream in = request.content().inputStream()) {
            // One byte more than allowed tells "exactly at the limit" from "over it" for chunked bodies.
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read a webhook body", e);
        }
    }

    private ApiException tooLarge() {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, "payload_too_large",
                "The request body is larger than the limit of " + maxBodyBytes + " bytes.");
    }
}
