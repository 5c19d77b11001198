package dev.shopifyingest.app.load;

import dev.shopifyingest.app.Browser;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Merchants reading the dashboard: each logs in, then loads the dashboard's figures for a date
 * range (summary, series, top customers), looks at them for a think time, and picks another
 * range, until the run ends. A closed model per user, as a person waits for a page before
 * reading it; every request's latency counts.
 */
final class DashboardUsers {

    /** The answers the users got. */
    static final class Tally {
        final Latencies all = new Latencies();
        final Latencies logIns = new Latencies();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final List<String> firstErrors = new ArrayList<>();

        void error(String what) {
            errors.incrementAndGet();
            synchronized (firstErrors) {
                if (firstErrors.size() < 5) {
                    firstErrors.add(what);
                }
            }
        }
    }

    private DashboardUsers() {
    }

    /**
     * Runs the users until the duration is over.
     *
     * @param app      the app
     * @param shopId   the shop whose dashboard they read
     * @param users    emails by user id, members of the shop
     * @param think    the pause between two page loads
     * @param duration how long they keep reading
     * @return what they got
     */
    static Tally run(LoadApp app, long shopId, Map<Long, String> users, Duration think, Duration duration)
            throws InterruptedException {
        Tally tally = new Tally();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(users.size());
        int n = 0;
        for (String email : users.values()) {
            SplittableRandom random = new SplittableRandom(n++);
            Thread.ofVirtual().name("dashboard-user-" + n).start(() -> {
                try {
                    browse(app.browser(), email, shopId, random, think, end, tally);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    tally.error(e.getClass().getSimpleName() + ": " + e.getMessage());
                } finally {
                    done.countDown();
                }
            });
        }
        if (!done.await(duration.plusMinutes(2).toMillis(), TimeUnit.MILLISECONDS)) {
            tally.error("a user was still waiting for an answer two minutes after the run");
        }
        return tally;
    }

    private static void browse(Browser browser, String email, long shopId, SplittableRandom random, Duration think,
            long end, Tally tally) throws InterruptedException {
        long started = System.nanoTime();
        Browser.Reply login = browser.logIn(email, LoadApp.PASSWORD);
        tally.logIns.add(System.nanoTime() - started);
        if (login.status() != 200) {
            tally.error("log-in answered " + login.status());
            return;
        }
        String base = "/api/shops/" + shopId + "/insights/";
        String[] granularities = {"day", "week", "month"};
        while (System.nanoTime() < end) {
            LocalDate to = LocalDate.now(ZoneOffset.UTC).minusDays(random.nextInt(30));
            LocalDate from = to.minusDays(new int[] {6, 29, 89, 364}[random.nextInt(4)]);
            String range = "from=" + from + "&to=" + to;
            get(browser, base + "summary?" + range, tally);
            get(browser, base + "series?granularity=" + granularities[random.nextInt(3)] + "&" + range, tally);
            get(browser, base + "top-customers?limit=10&" + range, tally);
            Thread.sleep(think); // the user reads the page
        }
    }

    private static void get(Browser browser, String path, Tally tally) {
        long started = System.nanoTime();
        tally.requests.incrementAndGet();
        Browser.Reply reply;
        try {
            reply = browser.get(path);
        } catch (RuntimeException e) {
            tally.error("GET " + path + ": " + e);
            return;
        }
        tally.all.add(System.nanoTime() - started);
        if (reply.status() != 200) {
            tally.error("GET " + path + " answered " + reply.status() + " " + reply.body());
        }
    }
}
