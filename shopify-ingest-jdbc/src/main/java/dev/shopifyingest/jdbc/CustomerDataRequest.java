package dev.shopifyingest.jdbc;

import dev.shopifyingest.core.ShopDomain;
import java.util.List;
import java.util.Objects;

/**
 * A {@code customers/data_request} with the stored data to hand over to the merchant, who must
 * pass it on to the customer.
 *
 * @param shopId the shop
 * @param shop its domain
 * @param customerId the customer
 * @param ordersRequested the orders Shopify listed
 * @param dataRequestId Shopify's id of the request, or null
 * @param json everything stored about the customer ({@link TenantStore#customerData})
 */
public record CustomerDataRequest(long shopId, ShopDomain shop, long customerId, List<Long> ordersRequested,
                                  String dataRequestId, String json) {

    /** Checks the fields and copies the list. */
    public CustomerDataRequest {
        Objects.requireNonNull(shop, "shop");
        ordersRequested = List.copyOf(ordersRequested);
        Objects.requireNonNull(json, "json");
    }

    /**
     * Describes the request without the customer's data.
     *
     * @return a description safe to log
     */
    @Override
    public String toString() {
        return "CustomerDataRequest[shopId=" + shopId + ", shop=" + shop + ", customerId=" + customerId
                + ", ordersRequested=" + ordersRequested.size() + ", dataRequestId=" + dataRequestId
                + ", json=<" + json.length() + " chars>]";
    }
}
