package dev.shopifyingest.app.events;

import dev.shopifyingest.app.auth.CurrentUser;
import dev.shopifyingest.app.http.ApiException;
import dev.shopifyingest.app.shops.Memberships;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/shops/{id}/events}: a shop's live events as {@code text/event-stream}, for its
 * members only (anyone else gets the 404 of a missing shop, before any byte of the stream).
 *
 * <p>The request's own (virtual) thread writes the stream: events from {@link LiveEvents}, and a
 * comment as heartbeat whenever nothing was sent for the heartbeat interval. A write failing means
 * the client is gone: its stream is detached at once.
 */
public final class EventsService implements HttpService {

    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    private static final Logger LOG = LoggerFactory.getLogger(EventsService.class);

    private final LiveEvents events;
    private final Memberships memberships;
    private final Duration heartbeat;

    /**
     * The endpoint.
     *
     * @param events      the hub
     * @param memberships who may see which shop
     * @param heartbeat   the longest silence on a stream
     */
    public EventsService(LiveEvents events, Memberships memberships, Duration heartbeat) {
        this.events = Objects.requireNonNull(events, "events");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/shops/{id}/events", this::stream);
    }

    private void stream(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        long shopId = shopId(request.path().pathParameters().get("id"));
        if (!memberships.isMember(user.id(), shopId)) {
            throw new ApiException(Status.NOT_FOUND_404, "not_found", "There is no such shop.");
        }
        String lastEventId = request.headers().first(LAST_EVENT_ID).orElse(null);
        response.header(HeaderValues.CACHE_NO_CACHE);
        try (LiveEvents.Stream stream = events.open(shopId, lastEventId);
                SseSink sink = response.sink(SseSink.TYPE)) {
            sink.emit(SseEvent.builder().comment("connected").build());
            while (!stream.ended()) {
                LiveEvents.Event event = stream.next(heartbeat);
                if (event != null) {
                    sink.emit(SseEvent.builder().id(event.id()).name(event.name()).data(event.data()).build());
                } else if (!stream.ended()) {
                    sink.emit(SseEvent.builder().comment("heartbeat").build());
                }
            }
        } catch (UncheckedIOException e) {
            LOG.debug("Event stream of shop {} closed by the client", shopId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long shopId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ApiException(Status.NOT_FOUND_404, "not_found", "There is no such shop.");
        }
    }
}
