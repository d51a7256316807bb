package app.citas.platform;

import app.citas.platform.Problem.FieldError;
import java.util.List;
import java.util.Map;

/** A failure the client can act on: it becomes a problem+json response with this status and text. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ApiException(int status, String slug, String title, String detail,
                        List<FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors;
        this.headers = headers;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad-request", "Bad request", detail, null, Map.of());
    }

    public static ApiException invalidField(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(400, "validation", "Invalid request", "The request has invalid fields.", errors, Map.of());
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "Unauthorized", detail, null,
                Map.of("WWW-Authenticate", "Bearer realm=\"citas\""));
    }

    public static ApiException invalidToken() {
        return new ApiException(401, "invalid-token", "Unauthorized",
                "The bearer token is unknown, revoked or expired.", null,
                Map.of("WWW-Authenticate", "Bearer realm=\"citas\", error=\"invalid_token\""));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail, null, Map.of());
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", "Not found", what + " was not found.", null, Map.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail, null, Map.of());
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(422, "unprocessable", "Unprocessable request", detail, null, Map.of());
    }

    public static ApiException unprocessable(String field, String message) {
        return new ApiException(422, "unprocessable", "Unprocessable request", message,
                List.of(new FieldError(field, message)), Map.of());
    }

    /** 429 with Retry-After, the contract's throttling problem. */
    public static ApiException throttled(long retryAfterSeconds) {
        return new ApiException(429, "throttled", "Too many requests",
                "Request was throttled. Expected available in " + retryAfterSeconds + " seconds.", null,
                Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Problem problem() {
        return new Problem(Problem.typeFor(slug), title, status, getMessage(), errors, null);
    }
}
