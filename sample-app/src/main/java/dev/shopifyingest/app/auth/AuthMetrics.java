package dev.shopifyingest.app.auth;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.util.List;

/** Counters of sign-ups and log-ins by outcome, for {@code /metrics}. */
final class AuthMetrics {

    private final Counter signups;
    private final Counter signupsRejected;
    private final Counter loginsSucceeded;
    private final Counter loginsFailed;
    private final Counter loginsThrottled;

    AuthMetrics(MeterRegistry registry) {
        signups = counter(registry, "auth.signups", "created", "Sign-ups by outcome");
        signupsRejected = counter(registry, "auth.signups", "rejected", "Sign-ups by outcome");
        loginsSucceeded = counter(registry, "auth.logins", "succeeded", "Log-ins by outcome");
        loginsFailed = counter(registry, "auth.logins", "failed", "Log-ins by outcome");
        loginsThrottled = counter(registry, "auth.logins", "throttled", "Log-ins by outcome");
    }

    private static Counter counter(MeterRegistry registry, String name, String outcome, String description) {
        return registry.getOrCreate(Counter.builder(name)
                .description(description)
                .tags(List.of(Tag.create("outcome", outcome))));
    }

    void signupCreated() {
        signups.increment();
    }

    void signupRejected() {
        signupsRejected.increment();
    }

    void loginSucceeded() {
        loginsSucceeded.increment();
    }

    void loginFailed() {
        loginsFailed.increment();
    }

    void loginThrottled() {
        loginsThrottled.increment();
    }
}
