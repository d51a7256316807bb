package app.citas.catalog;

import app.citas.catalog.CatalogQueries.ResourceQuery;
import app.citas.catalog.CatalogQueries.ServiceQuery;
import app.citas.platform.ApiException;
import app.citas.platform.HttpCaching;
import app.citas.platform.JsonBody;
import app.citas.platform.PageRequest;
import app.citas.platform.ProblemResponses;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the plain public catalog reads (a list or one service, resource or category page, without preconditions)
 * in front of Jersey, with the endpoints' own parsing, the same cached bodies and the same headers: JFR put Jersey's
 * matching, injection and writer chain at about half of such a read's CPU. The answers the endpoints refuse with
 * (400 for a bad parameter, 404 for an unknown id) are written here too, as Jersey would word them. Anything else
 * (a conditional request, another Accept, an invalid token, an encoded or repeated parameter) goes on to Jersey,
 * which answers it as always; so does a read that fails (the database unreachable, say), which is read again there.
 */
final class CatalogReads implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogReads.class);
    private static final int MAX_ID_DIGITS = 18;

    private final Catalog catalog;
    private final HttpCaching http;
    private final ObjectMapper json;

    CatalogReads(Catalog catalog, HttpCaching http, ObjectMapper json) {
        this.catalog = catalog;
        this.http = http;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        JsonBody body;
        try {
            body = plain(request) ? read(request.getPathInfo(), request.getQueryString()) : null;
        } catch (ApiException refused) {
            ProblemResponses.write(request, response, json, refused.draft(), refused.headers());
            return;
        }
        if (body == null) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        http.write(body, response);
    }

    /** A GET any JSON answer suits, with no preconditions, and no credentials Jersey would refuse. */
    private static boolean plain(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        String accept = request.getHeader("Accept");
        if (accept != null && !accept.equals("*/*") && !accept.equals("application/json")) {
            return false;
        }
        if (request.getHeader("If-None-Match") != null || request.getHeader("If-Match") != null
                || request.getHeader("If-Modified-Since") != null || request.getHeader("If-Unmodified-Since") != null) {
            return false;
        }
        return request.getHeader("Authorization") == null || request.getUserPrincipal() != null;
    }

    /**
     * The cached body for the path and query, or null for Jersey to answer (not one of these reads, or a failure).
     *
     * @throws ApiException the endpoint's refusal (a bad parameter, an unknown id)
     */
    private JsonBody read(String path, String query) {
        if (path == null) {
            return null;
        }
        Map<String, String> params = QueryString.simple(query);
        if (params == null) {
            return null;
        }
        try {
            return switch (path) {
                case "/services" -> catalog.services(ServiceQuery.parse(params.get("category"), params.get("q"),
                        params.get("active"), params.get("sort"), params.get("page"), params.get("size")));
                case "/resources" -> catalog.resources(ResourceQuery.parse(params.get("kind"),
                        params.get("serviceId"), params.get("q"), params.get("active"), params.get("page"),
                        params.get("size")));
                case "/categories" -> catalog.categories(PageRequest.parse(params.get("page"), params.get("size")));
                default -> one(path);
            };
        } catch (ApiException refused) {
            throw refused;
        } catch (RuntimeException failed) {
            // The database unreachable on a miss, say: Jersey tries once more and maps what fails (503 and its
            // Retry-After, or a logged 500) as for any request.
            LOG.debug("Catalog read for {} left to Jersey: {}", path, failed.toString());
            return null;
        }
    }

    private JsonBody one(String path) {
        if (path.startsWith("/services/")) {
            long id = id(path, "/services/".length());
            return id < 0 ? null : catalog.service(id);
        }
        if (path.startsWith("/resources/")) {
            long id = id(path, "/resources/".length());
            return id < 0 ? null : catalog.resource(id);
        }
        return null;
    }

    /** The path's digits from {@code start} to its end as a number, or -1 if it holds anything else. */
    private static long id(String path, int start) {
        int digits = path.length() - start;
        if (digits < 1 || digits > MAX_ID_DIGITS) {
            return -1;
        }
        for (int i = start; i < path.length(); i++) {
            if (path.charAt(i) < '0' || path.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(path, start, path.length(), 10);
    }

    /** Query strings of plain parameters only: nothing to decode, no parameter twice. */
    static final class QueryString {
        private QueryString() {
        }

        /** The parameters of {@code name=value} pairs made of letters, digits and {@code - _ . ,}; else null. */
        static Map<String, String> simple(String query) {
            Map<String, String> params = new HashMap<>(8);
            if (query == null || query.isEmpty()) {
                return params;
            }
            int start = 0;
            while (start <= query.length()) {
                int end = query.indexOf('&', start);
                if (end < 0) {
                    end = query.length();
                }
                int equals = query.indexOf('=', start);
                if (equals < 0 || equals >= end || equals == start
                        || !plain(query, start, equals) || !plain(query, equals + 1, end)
                        || params.put(query.substring(start, equals), query.substring(equals + 1, end)) != null) {
                    return null;
                }
                start = end + 1;
            }
            return params;
        }

        private static boolean plain(String text, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_' || c == '.' || c == ',';
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }
}
