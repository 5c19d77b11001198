package dev.shopifyingest.insights.examples;

import dev.shopifyingest.insights.Insights;
import dev.shopifyingest.insights.InsightsQuery;
import dev.shopifyingest.insights.InvalidDateRangeException;
import dev.shopifyingest.insights.UnknownShopException;
import java.time.LocalDate;

/** The insights guide's "Errors", as code that compiles and runs (see {@code ExamplesTest}). */
final class ErrorsExample {

    /** An HTTP answer, as the app's web framework would build it. */
    record Response(int status, Object body) {
    }

    private ErrorsExample() {
    }

    /** Answers a request for a shop's summary over a range of days. */
    static Response summary(Insights insights, long shopId, LocalDate from, LocalDate to) {
        // tag::errors[]
        try {
            return ok(insights.summary(InsightsQuery.of(shopId, from, to)));
        } catch (InvalidDateRangeException e) {
            return badRequest("invalid_date_range", e.getMessage());   // "from (2026-03-10) is after to (2026-03-01)."
        } catch (UnknownShopException e) {
            return notFound();
        }
        // end::errors[]
    }

    static Response ok(Object body) {
        return new Response(200, body);
    }

    static Response badRequest(String code, String message) {
        return new Response(400, code + ": " + message);
    }

    static Response notFound() {
        return new Response(404, "not_found");
    }
}
