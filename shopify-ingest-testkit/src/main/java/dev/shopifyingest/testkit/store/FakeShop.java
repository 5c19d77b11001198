package dev.shopifyingest.testkit.store;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The shop a {@link FakeStore} stands for: what Shopify's {@code shop} query answers.
 *
 * @param id numeric shop id (the GID is {@code gid://shopify/Shop/{id}})
 * @param name the shop's display name
 * @param domain the canonical {@code *.myshopify.com} domain
 * @param email the shop owner's email
 * @param currencyCode ISO 4217 code of the shop currency, e.g. {@code USD}
 * @param timeZone the shop's IANA time zone, in which day buckets are cut
 * @param planName the plan's public display name, e.g. {@code Basic}
 */
public record FakeShop(long id, String name, String domain, String email, String currencyCode,
                       ZoneId timeZone, String planName) {

    /** Validates that every field is present. */
    public FakeShop {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(currencyCode, "currencyCode");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(planName, "planName");
        if (!domain.endsWith(".myshopify.com")) {
            throw new IllegalArgumentException("A shop domain ends with .myshopify.com, got " + domain);
        }
    }

    /** Shopify's global id of this shop. */
    public String gid() {
        return "gid://shopify/Shop/" + id;
    }
}
