package app.citas.booking;

import app.citas.quota.QuotaModule;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The first servlet filter on the API path: marks a request for a calendar feed before anything else sees it, so
 * that its secret reaches no log and its quota is an anonymous caller's, whoever sends it.
 * <ul>
 * <li>{@value #ACCESS_LOG_ATTRIBUTE}: the request line with the secret replaced by the first 8 hex digits of its
 * SHA-256 (enough to tell feeds apart in the log, useless to guess one). Tomcat's access log
 * ({@code tomcat-conf/conf/server.xml}) writes the request line of a request carrying it from this attribute, never
 * {@code %r}; the query string is left out as well.</li>
 * <li>{@link QuotaModule#ANONYMOUS_CALLER}: the quota bucket is the feed's ({@code feed:} and 16 hex digits of the
 * secret's SHA-256), at the anonymous limit. Per feed rather than per address: calendar services (Google's, Microsoft's)
 * fetch the feeds of all their users from a few shared addresses, which would share one anonymous bucket.</li>
 * </ul>
 */
final class CalendarFeedRequests implements Filter {
    static final String ACCESS_LOG_ATTRIBUTE = "citas.accessLogRequestLine";
    private static final String PREFIX = "/" + CalendarFeedEndpoints.FEEDS_PATH + "/";

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        String path = request.getPathInfo();
        if (path != null && path.startsWith(PREFIX)) {
            String secret = path.substring(PREFIX.length());
            if (secret.endsWith(CalendarFeedEndpoints.SUFFIX)) {
                secret = secret.substring(0, secret.length() - CalendarFeedEndpoints.SUFFIX.length());
            }
            String hash = HexFormat.of().formatHex(CalendarFeeds.hash(ascii(secret)));
            request.setAttribute(ACCESS_LOG_ATTRIBUTE, request.getMethod() + " " + request.getContextPath()
                    + request.getServletPath() + PREFIX + "{" + hash.substring(0, 8) + "}" + CalendarFeedEndpoints.SUFFIX
                    + " " + request.getProtocol());
            request.setAttribute(QuotaModule.ANONYMOUS_CALLER, "feed:" + hash.substring(0, 16));
        }
        chain.doFilter(request, response);
    }

    /** The path as ASCII (anything else becomes '?'): only its hash is used, and a real secret is ASCII. */
    private static String ascii(String text) {
        return new String(text.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
    }
}
