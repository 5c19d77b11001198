package dev.shopifyingest.jdbc;

/**
 * What erasing one customer's personal data ({@code customers/redact}) changed.
 *
 * @param customerId the customer
 * @param customerStored whether a customer row was erased or a redacted marker recorded
 * @param ordersRedacted how many of their orders had the buyer's e-mail and raw node erased
 * @param refundNotesErased how many refund notes were erased
 */
public record CustomerRedaction(long customerId, boolean customerStored, int ordersRedacted, int refundNotesErased) {
}
