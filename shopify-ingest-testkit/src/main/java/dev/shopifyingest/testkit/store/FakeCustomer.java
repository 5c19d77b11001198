package dev.shopifyingest.testkit.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A customer of the fake store. Order counts and amounts spent are derived from the store's
 * orders by {@link FakeStore#customerStats(long)}, as Shopify derives them.
 *
 * @param id numeric id; the GID is {@code gid://shopify/Customer/{id}}
 * @param firstName first name
 * @param lastName last name
 * @param email email address, or {@code null}
 * @param phone E.164 phone number, or {@code null}
 * @param acceptsEmailMarketing whether the customer subscribed to email marketing
 * @param address default address, or {@code null}
 * @param tags tags, possibly empty
 * @param createdAt when the customer was created
 * @param updatedAt when the customer last changed
 */
public record FakeCustomer(long id, String firstName, String lastName, String email, String phone,
                           boolean acceptsEmailMarketing, FakeAddress address, List<String> tags,
                           Instant createdAt, Instant updatedAt) implements FakeEntity {

    /** Copies the tags and checks the timestamps. */
    public FakeCustomer {
        tags = List.copyOf(tags);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** "First Last", or the email when both names are blank, as Shopify's {@code displayName}. */
    public String displayName() {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
        return name.isEmpty() ? (email == null ? "" : email) : name;
    }

    @Override
    public String gid() {
        return "gid://shopify/Customer/" + id;
    }

    /** This customer with another update time. */
    public FakeCustomer withUpdatedAt(Instant when) {
        return new FakeCustomer(id, firstName, lastName, email, phone, acceptsEmailMarketing, address, tags,
                createdAt, when);
    }
}
