package dev.shopifyingest.insights;

/**
 * No shop with the given id is visible: it was never registered, has been erased, or the
 * transaction's tenant cannot see it. Register the shop with the store first (or check the id).
 */
public final class UnknownShopException extends InsightsException {

    private static final long serialVersionUID = 1L;

    private final long shopId;

    /**
     * Creates the exception.
     *
     * @param shopId the shop that was asked for
     */
    public UnknownShopException(long shopId) {
        super("No shop with id " + shopId + " is registered. Register it with the store first, or check the id.");
        this.shopId = shopId;
    }

    /**
     * The shop that was asked for.
     *
     * @return its id
     */
    public long shopId() {
        return shopId;
    }
}
