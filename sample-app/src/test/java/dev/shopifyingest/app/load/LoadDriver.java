package dev.shopifyingest.app.load;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
 */
final class LoadDriver {

    /** Requests in flight beyond which the open model gives up on a request instead of queueing it. */
    private static final int MAX_IN_FLIGHT = 10_000;
    /** How long requests still in flight at the end of a run may take to be answered. */
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private LoadDriver() {
    }

    /** One request to send and the test of its answer. */
    record Call(HttpRequest request, Predicate<HttpResponse<String>> expected) {
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

    /** An HTTP/1.1 client for a run (Shopify delivers webhooks over HTTP/1.1). */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Sends at a fixed rate for a duration, then waits for the answers still due.
     *
     * @param name      what is sent, for the report
     * @param client    the client
     * @param traffic   the requests
     * @param perSecond the arrival rate
     * @param duration  how long requests keep starting
     * @return the measurements
     */
    static Result open(String name, HttpClient client, Traffic traffic, double perSecond, Duration duration)
            throws InterruptedException {
        Recorder recorder = new Recorder();
        long intervalNanos = (long) (1_000_000_000L / perSecond);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicLong inFlight = new AtomicLong();
        Object drained = new Object();
        for (long n = 0; ; n++) {
            long intended = start + n * intervalNanos;
            if (intended >= end) {
                break;
            }
            // Pacing to the schedule; a late wake-up is charged to the request by measuring from `intended`.
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            recorder.sent.incrementAndGet();
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                recorder.fail("more than " + MAX_IN_FLIGHT + " requests in flight; not sent");
                continue;
            }
            Call call = traffic.next();
            inFlight.incrementAndGet();
            client.sendAsync(call.request(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                recorder.complete(call, response, error, System.nanoTime() - intended);
                if (inFlight.decrementAndGet() == 0) {
                    synchronized (drained) {
                        drained.notifyAll();
                    }
                }
            });
        }
        long drainDeadline = System.nanoTime() + DRAIN.toNanos();
        synchronized (drained) {
            while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) {
                drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(drainDeadline - System.nanoTime())));
            }
        }
        long unanswered = inFlight.get();
        for (long i = 0; i < unanswered; i++) {
            recorder.fail("no answer within " + DRAIN + " after the run");
        }
        return recorder.result(name, String.format(Locale.ROOT, "open, %.0f/s", perSecond),
                Math.max(recorder.lastAnswer.get(), end) - start);
    }

    /**
     * Runs a fixed number of clients, each sending its next request when the last was answered.
     *
     * @param name     what is sent, for the report
     * @param client   the client
     * @param traffic  the requests
     * @param clients  how many requests are in flight at once
     * @param duration how long clients keep starting requests
     * @return the measurements
     */
    static Result closed(String name, HttpClient client, Traffic traffic, int clients, Duration duration)
            throws InterruptedException {
        Recorder recorder = new Recorder();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            Thread.ofVirtual().name("load-client-" + i).start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        Call call = traffic.next();
                        recorder.sent.incrementAndGet();
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> response = client.send(call.request(),
                                    HttpResponse.BodyHandlers.ofString());
                            recorder.complete(call, response, null, System.nanoTime() - sent);
                        } catch (java.io.IOException e) {
                            recorder.complete(call, null, e, System.nanoTime() - sent);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
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

    /** Counts and latencies of one run, updated from many threads. */
    private static final class Recorder {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong lastAnswer = new AtomicLong();
        final Latencies latencies = new Latencies();
        final List<String> errors = new ArrayList<>();

        void complete(Call call, HttpResponse<String> response, Throwable error, long latencyNanos) {
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
                fail("HTTP " + response.statusCode() + " " + body.substring(0, Math.min(200, body.length())));
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
