package dev.shopifyingest.core;

/**
 * Thrown when text cannot be turned into a {@link ShopDomain}: it is not the address of a Shopify
 * store, or it is written in a form this library does not accept.
 *
 * <p>The message says what was wrong with the input and lists the forms that are accepted, so an
 * application can show it to the merchant who typed the address.
 */
public final class InvalidShopDomainException extends ShopifyException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong and which forms are accepted
     */
    public InvalidShopDomainException(String message) {
        super(message);
    }
}
