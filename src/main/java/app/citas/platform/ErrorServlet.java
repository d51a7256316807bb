package app.citas.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web application's error page (WEB-INF/web.xml): whatever escapes Jersey, or fails before it, still
 * answers problem+json rather than Tomcat's HTML page, and never shows a trace. Writes with the application's one
 * JSON mapper, which the listener that starts Citas publishes with {@link #useMapper}.
 */
public final class ErrorServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorServlet.class);
    private static final String MAPPER_ATTRIBUTE = ErrorServlet.class.getName() + ".mapper";
    private transient ObjectMapper json;

    /** Hands the application's mapper to the error page of this web application. */
    public static void useMapper(ServletContext context, ObjectMapper json) {
        context.setAttribute(MAPPER_ATTRIBUTE, json);
    }

    @Override
    public void init() throws ServletException {
        json = (ObjectMapper) getServletContext().getAttribute(MAPPER_ATTRIBUTE);
        if (json == null) {
            throw new ServletException("No JSON mapper published: Citas did not start in this context");
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 404;
        ProblemDraft problem;
        if (status >= 500) {
            String errorId = UUID.randomUUID().toString();
            Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            LOG.error("Unhandled error {} on {}", errorId, request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), failure);
            problem = Problems.internal(errorId);
        } else {
            problem = Problems.errorPage(status);
        }
        ProblemResponses.write(request, response, json, problem);
    }
}
