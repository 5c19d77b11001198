package dev.shopifyingest.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A test client of a {@code text/event-stream} over real HTTP: parses events (and comments) as
 * they arrive into a queue the test waits on with a deadline.
 */
public final class EventStream implements AutoCloseable {

    /** One received item: an event, or a comment (name {@code ":"}, the comment in {@code data}). */
    public record Item(String id, String name, String data) {
    }

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final Thread reader;

    private EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /**
     * Opens a stream.
     *
     * @param uri         the stream's address
     * @param cookie      the {@code Cookie} header, or null
     * @param lastEventId the {@code Last-Event-ID} header, or null
     * @return the open stream (its status may be an error)
     */
    public static EventStream open(URI uri, String cookie, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new EventStream(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The response status. */
    public int status() {
        return response.statusCode();
    }

    /** The response's content type. */
    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null || name != null) {
                        items.add(new Item(id, name == null ? "message" : name, data == null ? "" : data.toString()));
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    items.add(new Item(null, ":", line.substring(1).strip()));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).strip());
                }
            }
        } catch (RuntimeException e) {
            // The stream was closed by the test or the server.
        }
    }

    /**
     * Waits for the first item that matches, dropping those before it.
     *
     * @param which   the item wanted
     * @param timeout the deadline
     * @return the item
     * @throws AssertionError if none came in time
     */
    public Item await(Predicate<Item> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Item item = items.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (item == null) {
                throw new AssertionError("No matching event within " + timeout);
            }
            if (which.test(item)) {
                return item;
            }
        }
    }

    /** Waits for the named event. */
    public Item await(String name) throws InterruptedException {
        return await(item -> item.name().equals(name), Duration.ofSeconds(10));
    }

    /** Waits until the server said the stream is open and listening. */
    public EventStream awaitConnected() throws InterruptedException {
        await(item -> item.name().equals(":") && item.data().equals("connected"), Duration.ofSeconds(10));
        return this;
    }

    /** Everything received and not yet taken. */
    public java.util.List<Item> drain() {
        java.util.List<Item> all = new java.util.ArrayList<>();
        items.drainTo(all);
        return all;
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
