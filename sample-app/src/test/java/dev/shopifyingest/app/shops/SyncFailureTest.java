package dev.shopifyingest.app.shops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopifyingest.core.ShopDomain;
import dev.shopifyingest.core.auth.ReconnectRequiredException;
import dev.shopifyingest.core.graphql.ShopUnavailableException;
import dev.shopifyingest.core.graphql.ShopifyAccessDeniedException;
import dev.shopifyingest.core.graphql.ShopifyAccessRevokedException;
import dev.shopifyingest.core.graphql.ShopifyServerException;
import dev.shopifyingest.jdbc.ApiDeprecation;
import dev.shopifyingest.jdbc.Shop;
import dev.shopifyingest.jdbc.ShopDetails;
import dev.shopifyingest.jdbc.SyncStatus;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which status and sentence each failure leaves, and how the API shows each registry status. */
class SyncFailureTest {

    private static final String SHOP = "demo-store.myshopify.com";

    @Test
    void accessThatCannotBeRenewedOrLacksAScopeNeedsReconnecting() {
        assertThat(SyncFailure.of(new ReconnectRequiredException(new ShopDomain(SHOP), "its refresh token expired")))
                .extracting(SyncFailure::status).isEqualTo(SyncStatus.RECONNECT_NEEDED);
        SyncFailure denied = SyncFailure.of(new ShopifyAccessDeniedException(SHOP, "Access denied", "read_orders"));
        assertThat(denied.status()).isEqualTo(SyncStatus.RECONNECT_NEEDED);
        assertThat(denied.detail()).contains("the read_orders permission was not granted");
        assertThat(SyncFailure.of(new ShopifyAccessDeniedException(SHOP, "Access denied")).detail())
                .contains("a permission it needs was not granted");
    }

    @Test
    void aRevokedPermanentTokenDisconnectsTheShop() {
        SyncFailure revoked = SyncFailure.of(new ShopifyAccessRevokedException(SHOP, 401));

        assertThat(revoked.status()).isEqualTo(SyncStatus.STOPPED);
        assertThat(revoked.detail()).isEqualTo("Shopify revoked the app's access to this shop (HTTP 401): the app was"
                + " uninstalled or its access withdrawn. Connect the shop again to resume syncing.");
        assertThat(ShopView.of(shop(SyncStatus.STOPPED, revoked.detail()), null).status()).isEqualTo("disconnected");
    }

    @Test
    void aServerFailureQuotesTheRequestIdOnlyWhenThereIsOne() {
        assertThat(SyncFailure.of(new ShopifyServerException("failed", null, "abc-123")).detail())
                .startsWith("Shopify kept failing on its side (request id abc-123). ");
        assertThat(SyncFailure.of(new ShopifyServerException("failed", null)).detail())
                .startsWith("Shopify kept failing on its side. ");
        assertThat(SyncFailure.of(new IllegalStateException("boom")))
                .isEqualTo(new SyncFailure(SyncStatus.FAILED, "The last sync failed: boom"));
    }

    @Test
    void eachRegistryStatusHasItsContractStatusAndDetail() {
        String frozen = SyncFailure.of(new ShopUnavailableException(SHOP, ShopUnavailableException.Reason.FROZEN))
                .detail();

        assertThat(ShopView.of(shop(SyncStatus.PENDING, null), null).status()).isEqualTo("connecting");
        assertThat(ShopView.of(shop(SyncStatus.IDLE, ShopView.HISTORY_LIMITED), null))
                .extracting(ShopView::status, ShopView::statusDetail, ShopView::historyLimitedTo60Days)
                .containsExactly("connected", ShopView.HISTORY_LIMITED, true);
        assertThat(ShopView.of(shop(SyncStatus.UNAVAILABLE, frozen), null))
                .extracting(ShopView::status, ShopView::statusDetail)
                .containsExactly("unavailable", "Shopify reports this shop is frozen (unpaid bill): syncing resumes"
                        + " when the shop is active again.");
        assertThat(ShopView.of(shop(SyncStatus.RECONNECT_NEEDED, "x"), null).status()).isEqualTo("reconnect_needed");
        assertThat(ShopView.of(shop(SyncStatus.FAILED, "x"), null).status()).isEqualTo("error");
        assertThat(ShopView.of(shop(SyncStatus.SYNCING, "stale"), null))
                .extracting(ShopView::status, ShopView::statusDetail).containsExactly("syncing", null);
    }

    private static Shop shop(SyncStatus status, String detail) {
        return new Shop(1, new ShopDomain(SHOP), new ShopDetails("Demo", "USD", null), Set.of("read_orders"), true,
                null, null, Instant.EPOCH, null, status, detail, null,
                new ApiDeprecation("2026-10", "deprecated", Instant.EPOCH));
    }
}
