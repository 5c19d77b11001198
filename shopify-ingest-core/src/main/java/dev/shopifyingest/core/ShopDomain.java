package dev.shopifyingest.core;

import java.util.Locale;
import java.util.Set;

/**
 * The canonical name of a Shopify store: its permanent {@code <handle>.myshopify.com} host name,
 * in lower case.
 *
 * <p>This is the one form the rest of the library works with: it keys tenants, builds Admin API
 * URLs and is what Shopify itself sends in OAuth callbacks, webhook headers and payloads. A store's
 * custom domain ({@code shop.example.com}) is <em>not</em> a shop domain; it can change and does not
 * identify the store to the Admin API.
 *
 * <h2>Two ways in</h2>
 *
 * <ul>
 *   <li>{@link #parse(String)} is for what a merchant types or pastes. It accepts the common forms
 *       and canonicalises them:
 *       <ul>
 *         <li>{@code my-store} and {@code My-Store} (just the store name);
 *         <li>{@code my-store.myshopify.com}, with or without {@code https://} or {@code http://},
 *             optionally followed by {@code /}, {@code /admin} or {@code /admin/};
 *         <li>{@code admin.shopify.com/store/my-store}, with or without a scheme, optionally
 *             followed by {@code /} and any further path such as {@code /orders/123}. Merchants
 *             copy the address bar of today's admin, which is always such a deeper path, so it is
 *             accepted; the part after the store name is ignored.
 *       </ul>
 *       {@code http://} is accepted and canonicalised like {@code https://}: the result is only a
 *       name, and this library always connects over HTTPS whatever scheme was typed. Leading and
 *       trailing whitespace (a paste with a newline) is removed; whitespace inside is rejected.
 *   <li>The canonical constructor {@code new ShopDomain(value)} accepts only the canonical form
 *       itself. Use it for values Shopify sent (callbacks, webhook headers) and values read back
 *       from storage, where anything else signals tampering or corruption.
 * </ul>
 *
 * <p>Everything else is rejected with an {@link InvalidShopDomainException} whose message says what
 * was wrong and which forms are accepted: other hosts and look-alikes
 * ({@code my-store.myshopify.com.evil.com}, {@code myshopify.com}, {@code evil.com/my-store.myshopify.com}),
 * ports, user information, query strings and fragments, other paths, other schemes, whitespace
 * inside, non-ASCII characters, underscores, a leading or trailing hyphen, and store names longer
 * than a DNS label allows (63 characters).
 *
 * @param value the canonical domain, for example {@code my-store.myshopify.com}
 */
public record ShopDomain(String value) {

    private static final String SUFFIX = ".myshopify.com";
    private static final String ADMIN_HOST = "admin.shopify.com";
    private static final String ADMIN_STORE_PATH = "/store/";
    private static final Set<String> MYSHOPIFY_PATHS = Set.of("", "/", "/admin", "/admin/");
    /** RFC 1035 §2.3.4: a DNS label is at most 63 octets. */
    private static final int MAX_LABEL_LENGTH = 63;
    private static final int MAX_QUOTED_INPUT = 80;
    private static final String ACCEPTED_FORMS =
            "Enter the store's address as my-store, my-store.myshopify.com,"
                    + " https://my-store.myshopify.com/admin or https://admin.shopify.com/store/my-store.";

    /**
     * Accepts only the canonical form, {@code <handle>.myshopify.com} in lower case.
     *
     * @param value the canonical domain
     * @throws InvalidShopDomainException if {@code value} is null or not exactly canonical; use
     *     {@link #parse(String)} for merchant input
     */
    public ShopDomain {
        if (value == null) {
            throw new InvalidShopDomainException("No shop domain was given. " + ACCEPTED_FORMS);
        }
        if (!value.endsWith(SUFFIX) || !value.equals(value.toLowerCase(Locale.ROOT))) {
            throw new InvalidShopDomainException(
                    quote(value)
                            + " is not a canonical shop domain (<name>.myshopify.com in lower case)."
                            + " Use ShopDomain.parse for addresses typed by a merchant.");
        }
        String problem = labelProblem(value.substring(0, value.length() - SUFFIX.length()));
        if (problem != null) {
            throw new InvalidShopDomainException(
                    quote(value) + " is not a canonical shop domain: " + problem + ".");
        }
    }

    /**
     * Turns what a merchant typed into the canonical shop domain.
     *
     * @param input a store name or store address in one of the accepted forms (see the class
     *     description)
     * @return the canonical shop domain
     * @throws InvalidShopDomainException if the input is null, empty or not an accepted form; the
     *     message says what was wrong and lists the accepted forms
     */
    public static ShopDomain parse(String input) {
        if (input == null) {
            throw new InvalidShopDomainException("No shop domain was given. " + ACCEPTED_FORMS);
        }
        String text = input.strip();
        if (text.isEmpty()) {
            throw new InvalidShopDomainException("The shop domain is empty. " + ACCEPTED_FORMS);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7E) {
                throw reject(input, "contains a non-ASCII character; store addresses use only ASCII");
            }
            if (c <= 0x20 || c == 0x7F) {
                throw reject(input, "contains whitespace or a control character");
            }
        }

        String rest = text;
        boolean hadScheme = false;
        int schemeEnd = rest.indexOf("://");
        if (schemeEnd >= 0) {
            String scheme = rest.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw reject(input, "starts with an unsupported scheme; only https:// (or http://) is accepted");
            }
            rest = rest.substring(schemeEnd + 3);
            hadScheme = true;
        }
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw reject(input, "contains a query string or fragment ('?' or '#'); remove it");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (authority.indexOf('@') >= 0) {
            throw reject(input, "contains user information ('@')");
        }
        if (authority.indexOf(':') >= 0) {
            throw reject(input, "contains a port number or a stray ':'");
        }
        String host = authority.toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            throw reject(input, "has no host name");
        }

        if (host.equals(ADMIN_HOST)) {
            return fromAdminPath(input, path);
        }
        if (host.endsWith(SUFFIX)) {
            String handle = host.substring(0, host.length() - SUFFIX.length());
            if (handle.isEmpty()) {
                throw reject(input, "has no store name before .myshopify.com");
            }
            if (handle.indexOf('.') >= 0) {
                throw reject(input, "is not a store address: exactly one name may precede .myshopify.com");
            }
            if (!MYSHOPIFY_PATHS.contains(path)) {
                throw reject(input, "has a path other than /admin after the myshopify.com address");
            }
            return fromHandle(input, handle);
        }
        if (host.indexOf('.') < 0) {
            if (hadScheme) {
                throw reject(input, "is a bare store name with a scheme; write the full my-store.myshopify.com address");
            }
            if (!path.isEmpty()) {
                throw reject(input, "is a bare store name followed by a path");
            }
            return fromHandle(input, host);
        }
        throw reject(input, "is not a Shopify store address: the host must be <name>.myshopify.com or admin.shopify.com");
    }

    /**
     * The store's handle: the part before {@code .myshopify.com}, for example {@code my-store}.
     *
     * @return the handle, in lower case
     */
    public String handle() {
        return value.substring(0, value.length() - SUFFIX.length());
    }

    /**
     * The canonical domain, so the value can be used directly in messages and URLs.
     *
     * @return the same as {@link #value()}
     */
    @Override
    public String toString() {
        return value;
    }

    private static ShopDomain fromAdminPath(String input, String path) {
        if (!path.startsWith(ADMIN_STORE_PATH)) {
            throw reject(input, "is an admin.shopify.com address without /store/<name>");
        }
        String afterStore = path.substring(ADMIN_STORE_PATH.length());
        int end = afterStore.indexOf('/');
        String handle = (end < 0 ? afterStore : afterStore.substring(0, end)).toLowerCase(Locale.ROOT);
        if (handle.isEmpty()) {
            throw reject(input, "has no store name after admin.shopify.com/store/");
        }
        return fromHandle(input, handle);
    }

    private static ShopDomain fromHandle(String input, String lowerCaseHandle) {
        String problem = labelProblem(lowerCaseHandle);
        if (problem != null) {
            throw reject(input, "has a store name that " + problem);
        }
        return new ShopDomain(lowerCaseHandle + SUFFIX);
    }

    /** Returns why {@code handle} is not a valid lower-case store handle, or null if it is. */
    private static String labelProblem(String handle) {
        if (handle.isEmpty()) {
            return "is empty";
        }
        if (handle.length() > MAX_LABEL_LENGTH) {
            return "is longer than " + MAX_LABEL_LENGTH + " characters";
        }
        for (int i = 0; i < handle.length(); i++) {
            char c = handle.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (c == '_') {
                return "contains an underscore; Shopify store names use only letters, digits and hyphens";
            }
            if (!allowed) {
                return "contains a character other than letters, digits and hyphens";
            }
        }
        if (handle.startsWith("-") || handle.endsWith("-")) {
            return "starts or ends with a hyphen";
        }
        return null;
    }

    private static InvalidShopDomainException reject(String input, String problem) {
        return new InvalidShopDomainException(quote(input) + " " + problem + ". " + ACCEPTED_FORMS);
    }

    /** Quotes input for a message: shortened, with anything but printable ASCII escaped. */
    private static String quote(String input) {
        StringBuilder out = new StringBuilder("'");
        int limit = Math.min(input.length(), MAX_QUOTED_INPUT);
        for (int i = 0; i < limit; i++) {
            char c = input.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            }
        }
        if (input.length() > limit) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}
