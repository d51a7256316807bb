package app.citas.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/** Writes a problem document straight to the servlet response: for answers given before, or outside, Jersey. */
public final class ProblemResponses {
    private ProblemResponses() {
    }

    /** Worded in the language the request prefers, which Content-Language names. */
    public static void write(HttpServletRequest request, HttpServletResponse response, ObjectMapper json,
                             ProblemDraft problem) throws IOException {
        Locale locale = Languages.preferred(request.getHeader("Accept-Language"));
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setHeader("Content-Language", locale.toLanguageTag());
        json.writeValue(response.getOutputStream(), problem.in(locale));
    }
}
