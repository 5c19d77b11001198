package dev.shopifyingest.app.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How many failed log-ins are allowed before further attempts get 429 until the window has
 * passed: per email (whether or not it has an account) and per client address.
 *
 * @param failuresPerEmail   failures allowed per email within the window; a success resets the count
 * @param failuresPerAddress failures allowed per client address within the window
 * @param window             how far back failures count
 */
public record LoginLimits(int failuresPerEmail, int failuresPerAddress, Duration window) {

    /** 5 failures per email and 20 per address in 15 minutes (an address may be a shared office or NAT). */
    public static final LoginLimits DEFAULT = new LoginLimits(5, 20, Duration.ofMinutes(15));

    /** Checks the values. */
    public LoginLimits {
        Objects.requireNonNull(window, "window");
        if (failuresPerEmail < 1 || failuresPerAddress < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
    }
}
