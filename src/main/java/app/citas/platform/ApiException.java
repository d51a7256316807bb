package app.citas.platform;

import app.citas.platform.ProblemDraft.Field;
import java.util.List;
import java.util.Map;

/**
 * A failure the client can act on: it becomes a problem+json response with this problem and these headers, worded
 * in the request's language. Details and field messages are {@link Message}s of the feature that fails.
 */
public class ApiException extends RuntimeException {
    private final ProblemDraft problem;
    private final Map<String, String> headers;

    public ApiException(ProblemDraft problem, Map<String, String> headers) {
        super(problem.detail().key(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public static ApiException badRequest(Message detail) {
        return of(400, "bad-request", detail);
    }

    public static ApiException invalidField(String field, Message message) {
        return invalid(List.of(new Field(field, message)));
    }

    public static ApiException invalid(List<Field> errors) {
        return new ApiException(Problems.of(400, "validation", Problems.text("validation.title"),
                Problems.text("validation.detail"), errors), Map.of());
    }

    public static ApiException unauthorized(Message detail) {
        return new ApiException(Problems.of(401, "unauthorized", detail),
                Map.of("WWW-Authenticate", "Bearer realm=\"citas\""));
    }

    public static ApiException invalidToken() {
        return new ApiException(Problems.of(401, "invalid-token", Problems.text("invalid-token.detail")),
                Map.of("WWW-Authenticate", "Bearer realm=\"citas\", error=\"invalid_token\""));
    }

    public static ApiException forbidden(Message detail) {
        return of(403, "forbidden", detail);
    }

    public static ApiException notFound(Message detail) {
        return of(404, "not-found", detail);
    }

    public static ApiException conflict(Message detail) {
        return of(409, "conflict", detail);
    }

    public static ApiException unprocessable(Message detail) {
        return of(422, "unprocessable", detail);
    }

    public static ApiException unprocessable(String field, Message message) {
        return new ApiException(Problems.of(422, "unprocessable", Problems.text("unprocessable.title"), message,
                List.of(new Field(field, message))), Map.of());
    }

    /** 422 of the caller's own kind (a rule the request breaks), title included, naming the field that breaks it. */
    public static ApiException unprocessable(String slug, String field, Message title, Message detail) {
        return new ApiException(Problems.of(422, slug, title, detail, List.of(new Field(field, detail))), Map.of());
    }

    /** 429 with Retry-After, the contract's throttling problem. */
    public static ApiException throttled(long retryAfterSeconds) {
        return new ApiException(Problems.throttled(retryAfterSeconds),
                Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    /** A problem of a kind the platform words the title of, without field errors or headers. */
    public static ApiException of(int status, String slug, Message detail) {
        return new ApiException(Problems.of(status, slug, detail), Map.of());
    }

    /** A problem of the caller's own kind, title included. */
    public static ApiException of(int status, String slug, Message title, Message detail) {
        return new ApiException(Problems.of(status, slug, title, detail, null), Map.of());
    }

    public int status() {
        return problem.status();
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The problem before it is worded: what the response carries. */
    public ProblemDraft draft() {
        return problem;
    }

    /** The problem in English. */
    public Problem problem() {
        return problem.in(Languages.ENGLISH);
    }
}
