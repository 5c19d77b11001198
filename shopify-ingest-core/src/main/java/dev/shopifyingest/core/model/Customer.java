package dev.shopifyingest.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Shopify customer as ingested.
 *
 * @param id numeric id ({@code legacyResourceId})
 * @param firstName first name, or {@code null}
 * @param lastName last name, or {@code null}
 * @param email default email address, or {@code null}
 * @param phone default phone number, or {@code null}
 * @param state account state, e.g. {@code ENABLED}
 * @param tags tags, or {@code null} when the source did not say (customer webhook payloads of
 *     recent API versions omit them); an empty list means the customer has none
 * @param numberOfOrders orders the customer placed, as Shopify counts them, or {@code null} when the
 *     source did not say (webhook payloads of recent API versions omit it)
 * @param amountSpent lifetime amount spent, as Shopify reports it, or {@code null} when not reported
 * @param createdAt when the customer was created
 * @param updatedAt when the customer last changed; newer versions replace older ones
 * @param rawJson the JSON node this record was read from, kept for fields the model does not name
 */
public record Customer(long id, String firstName, String lastName, String email, String phone, String state,
                       List<String> tags, Long numberOfOrders, Money amountSpent, Instant createdAt,
                       Instant updatedAt, String rawJson) implements Entity {

    /** Checks required fields and copies the tags, if reported. */
    public Customer {
        tags = tags == null ? null : List.copyOf(tags);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(rawJson, "rawJson");
    }

    @Override
    public EntityType type() {
        return EntityType.CUSTOMER;
    }

    /** "First Last", trimmed; empty when both are absent. */
    public String displayName() {
        return ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
    }
}
