package dev.shopifyingest.insights;

import java.util.List;

/**
 * What a dashboard shows at once, read from one consistent snapshot of the data.
 *
 * @param summary the headline figures
 * @param series sales and orders over time
 * @param topCustomers the biggest spenders
 */
public record Dashboard(Summary summary, Series series, List<TopCustomer> topCustomers) {

    /** Copies the list. */
    public Dashboard {
        topCustomers = List.copyOf(topCustomers);
    }
}
