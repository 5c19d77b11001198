package dev.shopifyingest.core.fetch;

import java.time.Instant;

/**
 * Which page of an entity to fetch: entities are read in {@code updatedAt} order, so a pass that
 * resumes from a cursor, or restarts from a time, misses nothing that changed meanwhile.
 *
 * @param after the cursor of the previous page, or {@code null} for the first page
 * @param updatedSince only entities updated at or after this time, or {@code null} for all
 * @param pageSize entities per page, 1 to 250
 */
public record PageRequest(String after, Instant updatedSince, int pageSize) {

    /** Shopify's largest page. */
    public static final int MAX_PAGE_SIZE = 250;

    /** Checks the page size. */
    public PageRequest {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and 250, got " + pageSize);
        }
    }
}
