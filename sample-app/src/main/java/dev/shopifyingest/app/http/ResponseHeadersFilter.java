package dev.shopifyingest.app.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Adds the headers every response should carry: no MIME sniffing, no framing, a strict content
 * security policy for the static pages, no referrer across origins, and {@code no-store} for API
 * responses, which may hold personal data.
 */
public final class ResponseHeadersFilter implements Filter {

    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'; object-src 'none'";

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        response.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        response.header(HeaderNames.create("X-Frame-Options"), "DENY");
        response.header(HeaderNames.create("Referrer-Policy"), "same-origin");
        response.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        if (request.path().path().startsWith("/api/")) {
            response.header(HeaderNames.CACHE_CONTROL, "no-store");
        }
        chain.proceed();
    }
}
