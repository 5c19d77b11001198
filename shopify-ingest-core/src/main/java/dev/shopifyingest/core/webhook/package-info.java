/**
 * Receiving Shopify webhooks over HTTPS: verifying their signature and reading their headers.
 *
 * <p>In a webhook endpoint, in this order:
 *
 * <ol>
 *   <li>read the raw body bytes, before any JSON parsing;
 *   <li>{@link dev.shopifyingest.core.webhook.WebhookVerifier#verify(byte[], String)} with the
 *       {@code X-Shopify-Hmac-Sha256} header; answer 401 if false;
 *   <li>{@link dev.shopifyingest.core.webhook.WebhookDelivery#parse(java.util.Map, byte[])} for the
 *       topic, shop and ids; answer 400 on a {@link dev.shopifyingest.core.webhook.WebhookDeliveryException};
 *   <li>for topics whose payload names the shop (compliance topics, {@code app/uninstalled},
 *       {@code shop/update}), {@link dev.shopifyingest.core.webhook.WebhookDelivery#checkShopAgainstBody()}:
 *       the shop header is not signed, so a genuine body could be replayed under another shop's name.
 * </ol>
 *
 * <p>Mapping payloads to the domain model happens elsewhere.
 */
package dev.shopifyingest.core.webhook;
