package app.citas.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/** Writes a problem document straight to the servlet response: for answers given before, or outside, Jersey. */
public final class ProblemResponses {
    private ProblemResponses() {
    }

    /**
     * Worded in the language the request prefers, which Content-Language names; with the headers Jersey's answers
     * carry (no cache keeps it, no page frames or runs it).
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, ObjectMapper json,
                             ProblemDraft problem) throws IOException {
        write(request, response, json, problem, Map.of());
    }

    /** The same with the headers the problem comes with (an {@link ApiException}'s Retry-After, say). */
    public static void write(HttpServletRequest request, HttpServletResponse response, ObjectMapper json,
                             ProblemDraft problem, Map<String, String> headers) throws IOException {
        Locale locale = Languages.preferred(request.getHeader("Accept-Language"));
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setHeader("Content-Language", locale.toLanguageTag());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", NoStoreByDefault.CONTENT_SECURITY_POLICY);
        headers.forEach(response::setHeader);
        json.writeValue(response.getOutputStream(), problem.in(locale));
    }
}
