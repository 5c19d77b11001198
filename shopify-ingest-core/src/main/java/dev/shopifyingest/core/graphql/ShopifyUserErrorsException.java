package dev.shopifyingest.core.graphql;

import java.util.List;
import java.util.stream.Collectors;

/** Shopify rejected a mutation's input and reported why in {@code userErrors}; nothing changed. */
public final class ShopifyUserErrorsException extends ShopifyApiException {

    private static final long serialVersionUID = 1L;
    private final transient List<UserError> userErrors;

    /**
     * One reason a mutation was rejected.
     *
     * @param field the path of the offending input field, possibly empty
     * @param message Shopify's explanation
     * @param code Shopify's error code, or {@code null} where the type has none
     */
    public record UserError(List<String> field, String message, String code) {
    }

    /** The errors Shopify reported for {@code mutation}. */
    public ShopifyUserErrorsException(String mutation, List<UserError> userErrors) {
        super(mutation + " was rejected by Shopify: " + userErrors.stream()
                .map(e -> (e.field().isEmpty() ? "" : String.join(".", e.field()) + ": ") + e.message())
                .collect(Collectors.joining("; ")));
        this.userErrors = List.copyOf(userErrors);
    }

    /** The errors as Shopify reported them. */
    public List<UserError> userErrors() {
        return userErrors;
    }
}
