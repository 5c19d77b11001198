package dev.shopifyingest.app.shops;

import dev.shopifyingest.core.sync.SyncProgress;
import dev.shopifyingest.jdbc.ApiDeprecation;
import dev.shopifyingest.jdbc.Shop;
import dev.shopifyingest.jdbc.SyncStatus;
import java.time.Instant;

/**
 * A shop as the JSON API shows it (the {@code Shop} of {@code docs/sample-app-api.md}).
 *
 * @param id                     the shop's id in the store's registry, as a string
 * @param domain                 its {@code *.myshopify.com} domain
 * @param name                   its name, or null until known
 * @param currency               its currency code, or null until known
 * @param timeZone               its IANA time zone, or null until known
 * @param status                 {@code connecting}, {@code syncing}, {@code connected}, {@code disconnected},
 *                               {@code reconnect_needed}, {@code unavailable} or {@code error}
 * @param statusDetail           why, for the statuses that need explaining; else null
 * @param sync                   the running sync's progress, or null
 * @param lastSyncedAt           when a sync last finished, or null
 * @param historyLimitedTo60Days whether only the last 60 days of orders are readable ({@code read_all_orders} not granted)
 * @param apiDeprecation         the last deprecation notice Shopify sent for the shop, or null
 */
public record ShopView(String id, String domain, String name, String currency, String timeZone, String status,
        String statusDetail, SyncView sync, Instant lastSyncedAt, boolean historyLimitedTo60Days,
        DeprecationView apiDeprecation) {

    /**
     * A deprecation notice from Shopify (the {@code apiDeprecation} object of the contract).
     *
     * @param reason     Shopify's {@code X-Shopify-API-Deprecated-Reason}, as sent
     * @param apiVersion the Admin API version the app requested
     * @param noticedAt  when the app recorded it
     */
    public record DeprecationView(String reason, String apiVersion, Instant noticedAt) {

        static DeprecationView of(ApiDeprecation deprecation) {
            return deprecation == null ? null
                    : new DeprecationView(deprecation.reason(), deprecation.apiVersion(), deprecation.noticedAt());
        }
    }

    /** The scope without which Shopify serves only the last 60 days of orders. */
    static final String READ_ALL_ORDERS = "read_all_orders";

    /** The status detail of a connected shop whose orders Shopify limits to the last 60 days. */
    static final String HISTORY_LIMITED = "Shopify did not grant the read_all_orders permission, so only orders"
            + " from the last 60 days are synced. Connect the shop again and approve it to see older orders.";

    /**
     * A running sync's progress (the {@code sync} object of the contract and of {@code sync} events).
     *
     * @param stage  the engine's stage ({@code STARTED}, {@code RUNNING}, …)
     * @param entity the entity type being synced ({@code ORDER}, …), or null
     * @param done   how many were stored so far
     * @param total  how many are expected, or 0 when unknown
     */
    public record SyncView(String stage, String entity, long done, long total) {

        /** The view of an engine progress report. */
        static SyncView of(SyncProgress progress) {
            return new SyncView(progress.stage().name(), progress.type() == null ? null : progress.type().name(),
                    progress.done(), progress.total());
        }
    }

    /**
     * The view of a registered shop.
     *
     * @param shop the shop as the registry has it
     * @param sync the progress of a sync running on this instance, or null
     * @return the view
     */
    public static ShopView of(Shop shop, SyncView sync) {
        boolean reachable = shop.isInstalled() && shop.hasAccessToken();
        String status = reachable && sync != null ? "syncing"
                : statusOf(shop.isInstalled(), shop.hasAccessToken(), shop.syncStatus());
        String detail;
        if (!shop.isInstalled()) {
            detail = "The app was uninstalled from this shop. Connect it again to resume.";
        } else if (!shop.hasAccessToken()) {
            detail = "The shop's access has ended. Connect it again.";
        } else if (sync != null || shop.syncStatus() == SyncStatus.SYNCING) {
            detail = null;
        } else {
            detail = shop.syncStatusDetail();
        }
        return new ShopView(Long.toString(shop.shopId()), shop.domain().value(), shop.details().name(),
                shop.details().currencyCode(), shop.details().timeZone() == null ? null : shop.details().timeZone().getId(),
                status, detail, sync, shop.lastSyncedAt(), !shop.scopes().contains(READ_ALL_ORDERS),
                DeprecationView.of(shop.apiDeprecation()));
    }

    /**
     * The status a shop shows when no sync of it runs on this instance: one place for the rule, so
     * the API and the {@code shops{status}} gauge agree.
     *
     * @param installed      whether the app is installed on the shop
     * @param hasAccessToken whether the registry holds a token for it
     * @param syncStatus     its recorded sync status
     * @return one of the statuses of {@link #status()}
     */
    public static String statusOf(boolean installed, boolean hasAccessToken, SyncStatus syncStatus) {
        if (!installed) {
            return "disconnected";
        }
        if (!hasAccessToken) {
            return "reconnect_needed";
        }
        return switch (syncStatus) {
            case PENDING -> "connecting";
            case SYNCING -> "syncing";
            case IDLE -> "connected";
            case STOPPED -> "disconnected";
            case RECONNECT_NEEDED -> "reconnect_needed";
            case UNAVAILABLE -> "unavailable";
            case FAILED -> "error";
        };
    }
}
