package dev.shopifyingest.app.auth;

import dev.shopifyingest.app.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Refuses state-changing requests that a browser says come from another site: a
 * {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, or an {@code Origin}
 * that is neither the app's own ({@code APP_URL}) nor the request's {@code Host}. Requests
 * without either header (non-browser clients) pass; for them the CSRF token is the protection.
 * This also covers log-in and sign-up, which have no session yet to bind a CSRF token to.
 */
final class OriginCheck {

    private static final io.helidon.http.HeaderName SEC_FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");

    private final String appOrigin;

    OriginCheck(String appOrigin) {
        this.appOrigin = Objects.requireNonNull(appOrigin, "appOrigin").toLowerCase(Locale.ROOT);
    }

    void check(ServerRequest request) {
        Optional<String> site = request.headers().first(SEC_FETCH_SITE);
        if (site.isPresent() && !site.get().equals("same-origin") && !site.get().equals("none")) {
            throw crossSite();
        }
        Optional<String> origin = request.headers().first(HeaderNames.ORIGIN);
        if (origin.isPresent() && !allowed(origin.get(), request.headers().first(HeaderNames.HOST).orElse(null))) {
            throw crossSite();
        }
    }

    private boolean allowed(String origin, String host) {
        String normalised = origin.strip().toLowerCase(Locale.ROOT);
        if (normalised.equals(appOrigin)) {
            return true;
        }
        try {
            URI uri = new URI(normalised);
            return host != null && uri.getRawAuthority() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getRawAuthority().equals(host.strip().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static ApiException crossSite() {
        return ApiException.forbidden("cross_site_request", "Requests from other sites are not accepted.");
    }
}
