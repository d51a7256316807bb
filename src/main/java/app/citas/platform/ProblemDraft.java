package app.citas.platform;

import app.citas.platform.Problem.FieldError;
import java.util.List;
import java.util.Locale;

/**
 * A problem before it is worded: made by {@link Problems}, and turned into the {@link Problem} sent once the
 * language of the request is known ({@link ProblemResponses}, or the Jersey filter that localizes problems).
 */
public record ProblemDraft(int status, String slug, Message title, Message detail, List<Field> errors, String errorId) {
    /** An invalid field: its name is the client's own and is never translated. */
    public record Field(String field, Message message) {
    }

    public Problem in(Locale locale) {
        List<FieldError> fields = errors == null ? null
                : errors.stream().map(f -> new FieldError(f.field(), f.message().in(locale))).toList();
        return new Problem(Problems.TYPE_BASE + slug, title.in(locale), status, detail.in(locale), fields, errorId);
    }
}
