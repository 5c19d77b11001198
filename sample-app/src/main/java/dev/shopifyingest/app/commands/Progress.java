package dev.shopifyingest.app.commands;

import java.io.PrintStream;

/**
 * Progress lines such as {@code orders 120/360}: one about every tenth of the work and one at the
 * end, so a long run shows it is alive without flooding the terminal.
 */
final class Progress {

    private final PrintStream out;
    private final String label;
    private final int total;
    private final int step;
    private int done;

    Progress(PrintStream out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.step = Math.max(1, (total + 9) / 10);
    }

    /** Counts one item done and prints a line when a tenth (or everything) is done. */
    void advance() {
        done++;
        if (done == total || done % step == 0) {
            out.println(label + " " + done + "/" + total);
            out.flush();
        }
    }

    /**
     * A count with its noun, singular for one: {@code count(1, "orders")} is "1 order".
     *
     * @param n the count
     * @param plural the noun's plural, formed with a final "s" (orders, products, customers, variants)
     */
    static String count(long n, String plural) {
        return n + " " + (n == 1 ? plural.substring(0, plural.length() - 1) : plural);
    }

    /** How many items are done. */
    int done() {
        return done;
    }
}
