package dev.shopifyingest.core.fetch;

import dev.shopifyingest.core.graphql.QueryCost;
import dev.shopifyingest.core.model.Entity;
import java.util.List;

/**
 * One page of entities, complete with their children (line items, variants).
 *
 * @param entities the entities in {@code updatedAt} order
 * @param endCursor the cursor to pass for the next page
 * @param hasNextPage whether more entities follow
 * @param cost the cost Shopify reported for the page's main query, or {@code null}
 */
public record Page(List<Entity> entities, String endCursor, boolean hasNextPage, QueryCost cost) {

    /** Copies the list. */
    public Page {
        entities = List.copyOf(entities);
    }
}
