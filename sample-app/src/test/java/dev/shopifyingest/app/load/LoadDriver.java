package dev.shopifyingest.app.load;

import dev.shopifyingest.app.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Sends HTTP requests to a server for a while and records each one's latency and whether its
 * answer was the expected one, in one of two models:
 *
 * <ul>
 *   <li><b>open</b> ({@link #open}): requests start at a fixed rate whatever the server does, as
 *       Shopify's webhooks and a crowd of browsers arrive. Each latency runs from the moment the
 *       request <em>should</em> have started, so a stall of the server (or of this driver) counts
 *       against every request it delayed: no coordinated omission.</li>
 *   <li><b>closed</b> ({@link #closed}): a fixed number of clients, each sending its next request
 *       when the previous one was answered, as wrk does. It finds the most the server can take;
 *       its latencies are those of a saturated server and understate what an open arrival
 *       would see during a stall.</li>
 * </ul>
 *
 * <p>Both speak HTTP/1.1 over keep-alive connections with {@link RawHttp}: the driver shares the
 * machine's cores with the server, so it spends as little CPU per request as it can. The open
 * model runs on one thread with a selector, opening a new connection whenever every open one
 * waits for an answer (HTTP/1.1 has one request in flight per connection, as Shopify sends them).
 */
final class LoadDriver {

    /** Requests in flight beyond which the open model gives up on a request instead of queueing it. */
    private static final int MAX_IN_FLIGHT = 10_000;
    /** How long requests still in flight at the end of a run may take to be answered. */
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private LoadDriver() {
    }

    /** One request to send, as bytes on the wire, and the test of its answer. */
    record Call(byte[] request, Predicate<RawHttp.Response> expected) {
    }

    /** Produces the requests of a run; called from many threads at once. */
    interface Traffic {
        /** The next request. */
        Call next();
    }

    /**
     * What a run measured.
     *
     * @param name      what was sent
     * @param model     "open, 2000/s" or "closed, 64 clients"
     * @param sent      requests started
     * @param ok        requests answered as expected
     * @param failed    requests answered otherwise, failed, or never answered
     * @param seconds   from the first request to the last answer
     * @param latencies latencies of every answered request
     * @param errors    the first few failures, described
     */
    record Result(String name, String model, long sent, long ok, long failed, double seconds, Latencies latencies,
                  List<String> errors) {

        /** Expected answers per second. */
        double throughput() {
            return ok / seconds;
        }

        /** One line: name, model, counts, throughput and latencies. */
        String line() {
            return String.format(Locale.ROOT, "%-14s %-20s sent %,8d  ok %,8d  failed %,5d  %,8.0f/s  %s",
                    name, model, sent, ok, failed, throughput(), latencies.summary());
        }
    }

    /**
     * Sends at a fixed rate for a duration, then waits for the answers still due.
     *
     * @param name      what is sent, for the report
     * @param server    the server's base URL
     * @param traffic   the requests
     * @param perSecond the arrival rate
     * @param duration  how long requests keep starting
     * @return the measurements
     */
    static Result open(String name, URI server, Traffic traffic, double perSecond, Duration duration)
            throws IOException {
        Recorder recorder = new Recorder();
        long intervalNanos = (long) (1_000_000_000L / perSecond);
        InetSocketAddress address = RawHttp.address(server);
        ArrayDeque<Exchange> idle = new ArrayDeque<>();
        List<Exchange> all = new ArrayList<>();
        int inFlight = 0;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long drainDeadline = end + DRAIN.toNanos();
        try (Selector selector = Selector.open()) {
            for (long n = 0; ; ) {
                long now = System.nanoTime();
                for (long intended = start + n * intervalNanos; intended <= now && intended < end;
                        intended = start + ++n * intervalNanos) {
                    recorder.sent.incrementAndGet();
                    if (inFlight >= MAX_IN_FLIGHT) {
                        recorder.fail("more than " + MAX_IN_FLIGHT + " requests in flight; not sent");
                        continue;
                    }
                    Exchange exchange = idle.poll();
                    if (exchange == null) {
                        exchange = new Exchange(selector, address);
                        all.add(exchange);
                    }
                    exchange.send(traffic.next(), intended);
                    inFlight++;
                }
                long next = start + n * intervalNanos;
                boolean starting = next < end;
                if (!starting && (inFlight == 0 || now >= drainDeadline)) {
                    break;
                }
                long wait = (starting ? next : drainDeadline) - now;
                if (wait >= 1_000_000) {
                    selector.select(wait / 1_000_000);
                } else {
                    selector.selectNow();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Exchange exchange = (Exchange) key.attachment();
                    switch (exchange.ready(key, recorder)) {
                        case ANSWERED -> {
                            inFlight--;
                            idle.push(exchange);
                        }
                        case FAILED, CLOSED -> {
                            inFlight--;
                            all.remove(exchange);
                        }
                        case WAITING -> {
                        }
                    }
                }
            }
        } finally {
            all.forEach(Exchange::close);
        }
        for (int i = 0; i < inFlight; i++) {
            recorder.fail("no answer within " + DRAIN + " after the run");
        }
        return recorder.result(name, String.format(Locale.ROOT, "open, %.0f/s", perSecond),
                Math.max(recorder.lastAnswer.get(), end) - start);
    }

    /**
     * Runs a fixed number of clients, each sending its next request when the last was answered.
     *
     * @param name     what is sent, for the report
     * @param server   the server's base URL
     * @param traffic  the requests
     * @param clients  how many requests are in flight at once
     * @param duration how long clients keep starting requests
     * @return the measurements
     */
    static Result closed(String name, URI server, Traffic traffic, int clients, Duration duration)
            throws InterruptedException {
        Recorder recorder = new Recorder();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            Thread.ofVirtual().name("load-client-" + i).start(() -> {
                try (RawHttp.Connection connection = new RawHttp.Connection(server)) {
                    while (System.nanoTime() < end) {
                        Call call = traffic.next();
                        recorder.sent.incrementAndGet();
                        long sent = System.nanoTime();
                        try {
                            RawHttp.Response response = connection.exchange(call.request());
                            recorder.complete(call, response, null, System.nanoTime() - sent);
                        } catch (IOException e) {
                            recorder.complete(call, null, e, System.nanoTime() - sent);
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        if (!done.await(duration.plus(DRAIN).toMillis(), TimeUnit.MILLISECONDS)) {
            recorder.fail("a client did not finish within " + DRAIN + " after the run");
        }
        return recorder.result(name, "closed, " + clients + " clients", recorder.lastAnswer.get() - start);
    }

    /** What a connection's readiness led to. */
    private enum Progress { WAITING, ANSWERED, FAILED, CLOSED }

    /** One keep-alive connection of the open model and the request it carries. */
    private static final class Exchange {
        private final SocketChannel channel;
        private final SelectionKey key;
        private final RawHttp.ResponseReader reader = new RawHttp.ResponseReader();
        private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private ByteBuffer out;
        private Call call;
        private long intended;

        Exchange(Selector selector, InetSocketAddress address) throws IOException {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = channel.connect(address);
            key = channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, this);
        }

        void send(Call next, long intendedNanos) throws IOException {
            call = next;
            intended = intendedNanos;
            reader.reset();
            out = ByteBuffer.wrap(next.request());
            if (channel.isConnected()) {
                write();
            }
        }

        Progress ready(SelectionKey selected, Recorder recorder) {
            try {
                if (selected.isConnectable()) {
                    channel.finishConnect();
                    write();
                    return Progress.WAITING;
                }
                if (selected.isWritable()) {
                    write();
                    return Progress.WAITING;
                }
                if (selected.isReadable()) {
                    in.clear();
                    int read = channel.read(in);
                    if (read < 0) {
                        throw new IOException("The server closed the connection before answering");
                    }
                    if (!reader.feed(in.array(), 0, read)) {
                        return Progress.WAITING;
                    }
                    recorder.complete(call, reader.response(), null, System.nanoTime() - intended);
                    if (reader.closeAfter()) {
                        close();
                        return Progress.CLOSED;
                    }
                    key.interestOps(0);
                    return Progress.ANSWERED;
                }
                return Progress.WAITING;
            } catch (IOException e) {
                recorder.complete(call, null, e, System.nanoTime() - intended);
                close();
                return Progress.FAILED;
            }
        }

        private void write() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }

    /** Counts and latencies of one run, updated from many threads. */
    private static final class Recorder {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong lastAnswer = new AtomicLong();
        final Latencies latencies = new Latencies();
        final List<String> errors = new ArrayList<>();

        void complete(Call call, RawHttp.Response response, Throwable error, long latencyNanos) {
            lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
            if (error != null) {
                fail(error.getClass().getSimpleName() + ": " + error.getMessage());
                return;
            }
            latencies.add(latencyNanos);
            if (call.expected().test(response)) {
                ok.incrementAndGet();
            } else {
                String body = response.body();
                fail("HTTP " + response.status() + " " + body.substring(0, Math.min(200, body.length())));
            }
        }

        void fail(String error) {
            failed.incrementAndGet();
            synchronized (errors) {
                if (errors.size() < 5) {
                    errors.add(error);
                }
            }
        }

        Result result(String name, String model, long elapsedNanos) {
            synchronized (errors) {
                return new Result(name, model, sent.get(), ok.get(), failed.get(),
                        Math.max(1, elapsedNanos) / 1e9, latencies, List.copyOf(errors));
            }
        }
    }
}
