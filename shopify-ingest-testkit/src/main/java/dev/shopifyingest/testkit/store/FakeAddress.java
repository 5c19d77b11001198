package dev.shopifyingest.testkit.store;

/**
 * A customer's mailing address, as Shopify's {@code MailingAddress} carries it.
 *
 * @param address1 street line
 * @param city city
 * @param province province or state name
 * @param provinceCode province or state code, e.g. {@code NY}
 * @param country country name
 * @param countryCode ISO 3166-1 alpha-2 code, e.g. {@code US}
 * @param zip postal code
 */
public record FakeAddress(String address1, String city, String province, String provinceCode,
                          String country, String countryCode, String zip) {
}
