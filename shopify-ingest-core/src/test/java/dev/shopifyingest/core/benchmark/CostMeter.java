package dev.shopifyingest.core.benchmark;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Adds up the {@code actualQueryCost} of every Admin API response that passes through. */
final class CostMeter implements Interceptor {

    private static final Pattern ACTUAL = Pattern.compile("\"actualQueryCost\":([0-9.]+)");

    private final DoubleAdder actual = new DoubleAdder();
    private final AtomicLong responses = new AtomicLong();

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (chain.request().url().encodedPath().endsWith("/graphql.json")) {
            responses.incrementAndGet();
            Matcher m = ACTUAL.matcher(response.peekBody(Long.MAX_VALUE).string());
            if (m.find()) {
                actual.add(Double.parseDouble(m.group(1)));
            }
        }
        return response;
    }

    double actualCost() {
        return actual.sum();
    }

    long responses() {
        return responses.get();
    }
}
