package dev.shopifyingest.jdbc;

/**
 * No shop with the given id or domain is registered (never registered, or erased by
 * {@code shop/redact}). Register it with {@link ShopRegistry#register} first.
 */
public final class ShopNotFoundException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which shop was not found
     */
    public ShopNotFoundException(String message) {
        super(message);
    }
}
