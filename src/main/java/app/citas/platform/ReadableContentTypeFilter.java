package app.citas.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/**
 * A Content-Type that does not parse (an empty header, say) or carries a quality parameter is the client's 400,
 * answered here as problem+json before Jersey. Jersey's servlet answers an unparseable one with a bare
 * {@code sendError(400)} before any exception mapper runs; and its method selection reads a "q" parameter as it
 * would from Accept, so one it cannot parse ("q=x") would escape every mapper as a 500. A Content-Type has no quality.
 */
public final class ReadableContentTypeFilter implements Filter {
    private final ObjectMapper json;

    public ReadableContentTypeFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && !readable(contentType)) {
            ProblemResponses.write(request, (HttpServletResponse) servletResponse, json,
                    ApiException.badRequest(Problems.text("content-type.unreadable")).draft());
            return;
        }
        chain.doFilter(servletRequest, servletResponse);
    }

    static boolean readable(String contentType) {
        try {
            return !MediaType.valueOf(contentType).getParameters().containsKey("q");
        } catch (RuntimeException unparseable) {
            return false;
        }
    }
}
