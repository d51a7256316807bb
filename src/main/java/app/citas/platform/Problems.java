package app.citas.platform;

import app.citas.platform.ProblemDraft.Field;
import java.util.List;
import java.util.Set;

/**
 * The one place a problem is made: every error body of the API, its type URIs, titles and details. Titles and details
 * are {@link Message}s, worded in the request's language when the problem is sent; those of the platform are in
 * app/citas/platform/messages*.properties, each feature words its own details in its own bundle.
 */
public final class Problems {
    static final String TYPE_BASE = "https://citas.app/problems/";
    static final Messages TEXT = Messages.of(Problems.class);
    /** Statuses with a title and detail of their own in the platform bundle (http.NNN.*); others get http.other.*. */
    private static final Set<Integer> WORDED = Set.of(400, 401, 403, 404, 405, 406, 408, 409, 411, 413, 414, 415, 422,
            429, 431);

    private Problems() {
    }

    /** A problem of a kind the platform words the title of ({@code slug.title} in its bundle). */
    public static ProblemDraft of(int status, String slug, Message detail) {
        return of(status, slug, TEXT.get(slug + ".title"), detail, null);
    }

    /** @param errors the invalid fields, or null when the problem is not about fields */
    public static ProblemDraft of(int status, String slug, Message title, Message detail, List<Field> errors) {
        return new ProblemDraft(status, slug, title, detail, errors, null);
    }

    /** A text of the platform's own bundle. */
    public static Message text(String key, Object... args) {
        return TEXT.get(key, args);
    }

    /** A 4xx that has nothing more specific to say (a path, method or header Jersey itself refused). */
    public static ProblemDraft forStatus(int status) {
        String prefix = WORDED.contains(status) ? "http." + status : "http.other";
        return new ProblemDraft(status, "http-" + status, TEXT.get(prefix + ".title"), TEXT.get(prefix + ".detail"),
                null, null);
    }

    /** A 500: the client learns only the id under which the failure was logged. */
    public static ProblemDraft internal(String errorId) {
        return new ProblemDraft(500, "internal", TEXT.get("internal.title"), TEXT.get("internal.detail", errorId),
                null, errorId);
    }

    /** A 503 when PostgreSQL cannot be reached or the pool is exhausted (sent with Retry-After). */
    public static ProblemDraft unavailable() {
        return of(503, "unavailable", TEXT.get("unavailable.detail"));
    }

    /** A 429 (sent with Retry-After). */
    public static ProblemDraft throttled(long retryAfterSeconds) {
        return of(429, "throttled", TEXT.get("throttled.detail", retryAfterSeconds));
    }

    public static ProblemDraft bodyTooLarge(int maxBytes) {
        return of(413, "body-too-large", TEXT.get("body-too-large.detail", maxBytes));
    }

    /** What the error page answers for a 4xx outside the API (or before it), where nothing more is known. */
    public static ProblemDraft errorPage(int status) {
        return new ProblemDraft(status, "http-" + status, TEXT.get("error-page.title"), TEXT.get("error-page.detail"),
                null, null);
    }
}
