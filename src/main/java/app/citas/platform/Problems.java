package app.citas.platform;

import app.citas.platform.Problem.FieldError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The one place a {@link Problem} is made: every error body of the API, its type URIs, titles and details. */
public final class Problems {
    static final String TYPE_BASE = "https://citas.app/problems/";

    private Problems() {
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return of(status, slug, title, detail, null);
    }

    /** @param errors the invalid fields, or null when the problem is not about fields */
    public static Problem of(int status, String slug, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + slug, title, status, detail, errors, null);
    }

    /** A 4xx that has nothing more specific to say (a path, method or header Jersey itself refused). */
    public static Problem forStatus(int status) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        return of(status, "http-" + status, type == null ? "Error" : type.getReasonPhrase(), detailFor(status));
    }

    /** A 500: the client learns only the id under which the failure was logged. */
    public static Problem internal(String errorId) {
        return new Problem(TYPE_BASE + "internal", "Internal server error", 500,
                "Something went wrong on our side. Quote errorId " + errorId + " when reporting it.", null, errorId);
    }

    /** A 503 when PostgreSQL cannot be reached or the pool is exhausted (sent with Retry-After). */
    public static Problem unavailable() {
        return of(503, "unavailable", "Service unavailable",
                "The service is temporarily unable to reach its database. Retry shortly.");
    }

    /** A 429 (sent with Retry-After). */
    public static Problem throttled(long retryAfterSeconds) {
        return of(429, "throttled", "Too many requests",
                "Request was throttled. Expected available in " + retryAfterSeconds + " seconds.");
    }

    public static Problem bodyTooLarge(int maxBytes) {
        return of(413, "body-too-large", "Content too large", "The request body is larger than " + maxBytes + " bytes.");
    }

    /** What the error page answers for a 4xx outside the API (or before it), where nothing more is known. */
    public static Problem errorPage(int status) {
        return of(status, "http-" + status, "Error", "The request failed.");
    }

    static String detailFor(int status) {
        return switch (status) {
            case 400 -> "The request could not be read.";
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "This resource answers application/json only.";
            case 413 -> "The request body is too large.";
            case 415 -> "Send the body as application/json.";
            default -> "The request failed.";
        };
    }
}
