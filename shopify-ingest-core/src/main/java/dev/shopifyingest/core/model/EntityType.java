package dev.shopifyingest.core.model;

/** The Shopify resources the project ingests. */
public enum EntityType {
    /** Shopify customers. */
    CUSTOMER("Customer"),
    /** Products with their variants. */
    PRODUCT("Product"),
    /** Orders with their line items and refunds. */
    ORDER("Order");

    private final String gidType;

    EntityType(String gidType) {
        this.gidType = gidType;
    }

    /** The type segment of this resource's GIDs, e.g. {@code Order} in {@code gid://shopify/Order/1}. */
    public String gidType() {
        return gidType;
    }

    /** The GID of the resource of this type with the given numeric id. */
    public String gid(long id) {
        return "gid://shopify/" + gidType + "/" + Long.toUnsignedString(id);
    }
}
