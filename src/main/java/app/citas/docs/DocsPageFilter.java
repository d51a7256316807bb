package app.citas.docs;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The API documentation page at /docs/ (Swagger UI, static files served by Tomcat's default servlet; see web.xml):
 * its own Content-Security-Policy, scripts from this origin only, and {@code /docs/} answers with index.html.
 * The API keeps its stricter {@code default-src 'none'}.
 */
public final class DocsPageFilter extends HttpFilter {
    /**
     * Every script is a file of this origin (no inline script); Swagger UI sets inline styles (a browser blocks them
     * otherwise, DocsPageIT sees it in the console) and embeds its icons as data: URIs.
     */
    public static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    static final String ROOT = "/docs/";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", POLICY);
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (ROOT.equals(path)) {
            response.setHeader("Cache-Control", "no-cache");
            request.getRequestDispatcher(ROOT + "index.html").forward(request, response);
            return;
        }
        // The page and its initializer change with a deployment; Swagger UI's own files only with its pinned version.
        boolean ours = path.endsWith(".html") || path.endsWith("swagger-initializer.js");
        response.setHeader("Cache-Control", ours ? "no-cache" : "public, max-age=86400");
        chain.doFilter(request, response);
    }
}
