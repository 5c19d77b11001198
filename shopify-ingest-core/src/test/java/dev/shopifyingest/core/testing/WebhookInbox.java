package dev.shopifyingest.core.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An app's webhook endpoint for tests: records every POST it receives, headers and the raw body
 * bytes exactly as sent, and answers 200.
 */
public final class WebhookInbox implements AutoCloseable {

    /** One request as received: headers by name (first value) and the raw body. */
    public record Received(Map<String, String> headers, byte[] body) {
        /** A header, matched case-insensitively. */
        public String header(String name) {
            return headers.get(name);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory());
    private final List<Received> received = new ArrayList<>();

    /** Starts listening on a free port of 127.0.0.1. */
    public WebhookInbox() {
        this(received -> { });
    }

    /**
     * Starts listening on a free port of 127.0.0.1, handing each request to {@code endpoint}
     * before answering 200, as an app's endpoint acts on a delivery before acknowledging it.
     */
    public WebhookInbox(Consumer<Received> endpoint) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
            Received request = new Received(headers, body);
            endpoint.accept(request);
            synchronized (received) {
                received.add(request);
                received.notifyAll();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The address Shopify should deliver to. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks");
    }

    /** Waits until {@code count} requests that match {@code which} arrived, and returns those. */
    public List<Received> await(Predicate<Received> which, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                List<Received> matching = received.stream().filter(which).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Received " + matching.size() + " of " + count
                            + " matching webhooks; all received: " + received.stream()
                            .map(r -> r.header("X-Shopify-Topic")).toList());
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
        }
    }

    /** Waits for {@code count} deliveries of {@code topic}. */
    public List<Received> awaitTopic(String topic, int count, Duration timeout) throws InterruptedException {
        return await(r -> topic.equals(r.header("X-Shopify-Topic")), count, timeout);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
