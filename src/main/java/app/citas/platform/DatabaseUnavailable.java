package app.citas.platform;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The answer when PostgreSQL cannot be reached or the pool is exhausted: 503 with a hint when to retry. */
public final class DatabaseUnavailable {
    public static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseUnavailable() {
    }

    public static ProblemDraft problem() {
        return Problems.unavailable();
    }

    static Response response() {
        return ExceptionMappers.problem(problem(), Map.of("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)));
    }
}
