package app.citas.platform;

import app.citas.platform.Problem.FieldError;
import java.util.List;
import java.util.Map;

/** A failure the client can act on: it becomes a problem+json response with this problem and these headers. */
public class ApiException extends RuntimeException {
    private final Problem problem;
    private final Map<String, String> headers;

    public ApiException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public ApiException(int status, String slug, String title, String detail,
                        List<FieldError> errors, Map<String, String> headers) {
        this(Problems.of(status, slug, title, detail, errors), headers);
    }

    public static ApiException badRequest(String detail) {
        return of(400, "bad-request", "Bad request", detail);
    }

    public static ApiException invalidField(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(Problems.of(400, "validation", "Invalid request", "The request has invalid fields.",
                errors), Map.of());
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(Problems.of(401, "unauthorized", "Unauthorized", detail),
                Map.of("WWW-Authenticate", "Bearer realm=\"citas\""));
    }

    public static ApiException invalidToken() {
        return new ApiException(Problems.of(401, "invalid-token", "Unauthorized",
                "The bearer token is unknown, revoked or expired."),
                Map.of("WWW-Authenticate", "Bearer realm=\"citas\", error=\"invalid_token\""));
    }

    public static ApiException forbidden(String detail) {
        return of(403, "forbidden", "Forbidden", detail);
    }

    public static ApiException notFound(String what) {
        return of(404, "not-found", "Not found", what + " was not found.");
    }

    public static ApiException conflict(String detail) {
        return of(409, "conflict", "Conflict", detail);
    }

    public static ApiException unprocessable(String detail) {
        return of(422, "unprocessable", "Unprocessable request", detail);
    }

    public static ApiException unprocessable(String field, String message) {
        return new ApiException(Problems.of(422, "unprocessable", "Unprocessable request", message,
                List.of(new FieldError(field, message))), Map.of());
    }

    /** 429 with Retry-After, the contract's throttling problem. */
    public static ApiException throttled(long retryAfterSeconds) {
        return new ApiException(Problems.throttled(retryAfterSeconds),
                Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    /** A problem of the caller's own kind (slug and title), without field errors or headers. */
    public static ApiException of(int status, String slug, String title, String detail) {
        return new ApiException(Problems.of(status, slug, title, detail), Map.of());
    }

    public int status() {
        return problem.status();
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Problem problem() {
        return problem;
    }
}
