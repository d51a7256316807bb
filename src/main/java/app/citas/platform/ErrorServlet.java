package app.citas.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web application's error page (WEB-INF/web.xml): whatever escapes Jersey, or fails before it, still
 * answers problem+json rather than Tomcat's HTML page, and never shows a trace.
 */
public final class ErrorServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorServlet.class);
    private final ObjectMapper json = JsonMapper.create();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 404;
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String errorId = null;
        if (status >= 500) {
            errorId = UUID.randomUUID().toString();
            LOG.error("Unhandled error {} on {}", errorId, request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), failure);
        }
        String detail = status >= 500 ? "Something went wrong on our side. Quote errorId " + errorId + " when reporting it."
                : "The request failed.";
        Problem problem = new Problem(Problem.typeFor(status >= 500 ? "internal" : "http-" + status),
                status >= 500 ? "Internal server error" : "Error", status, detail, null, errorId);
        ProblemResponses.write(response, json, problem);
    }
}
