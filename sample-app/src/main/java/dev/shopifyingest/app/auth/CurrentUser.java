package dev.shopifyingest.app.auth;

import dev.shopifyingest.app.http.ApiException;
import io.helidon.webserver.http.ServerRequest;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The user a request is authenticated as. {@link AuthFilter} puts it in the request's context;
 * handlers get it with {@link #of(ServerRequest)}.
 *
 * @param id         the user id
 * @param email      the user's normalised email
 * @param sessionId  the session the request belongs to
 * @param sessionEnd the session's absolute end
 */
public record CurrentUser(long id, String email, UUID sessionId, Instant sessionEnd) {

    /** Requires every value. */
    public CurrentUser {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(sessionEnd, "sessionEnd");
    }

    /**
     * The authenticated user of a request.
     *
     * @param request the request
     * @return the user
     * @throws ApiException 401 when the request is not authenticated, so a handler fails closed
     *     even if it were reached without the filter
     */
    public static CurrentUser of(ServerRequest request) {
        return request.context().get(CurrentUser.class, CurrentUser.class).orElseThrow(ApiException::unauthenticated);
    }
}
