package dev.shopifyingest.app.http;

/**
 * The JSON body of every error response: {@code {"error":{"code":"...","message":"..."}}}.
 *
 * @param error what went wrong
 */
public record ErrorBody(Detail error) {

    /**
     * Creates a body.
     *
     * @param code    a stable machine-readable code
     * @param message a message for people
     * @return the body
     */
    public static ErrorBody of(String code, String message) {
        return new ErrorBody(new Detail(code, message));
    }

    /**
     * The error itself.
     *
     * @param code    a stable machine-readable code, such as {@code invalid_credentials}
     * @param message a message for people
     */
    public record Detail(String code, String message) {
    }
}
