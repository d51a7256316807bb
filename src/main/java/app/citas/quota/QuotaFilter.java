package app.citas.quota;

import app.citas.account.Caller;
import app.citas.account.ClientKeys;
import app.citas.platform.ApiException;
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

/**
 * Applies the per-role quotas in front of Jersey, to every API path but /health, after the account feature's
 * authentication filter has made the caller the request's user principal. Callers are keyed by user id, anonymous
 * ones (and invalid tokens) by client IP, and requests another feature marked with
 * {@link QuotaModule#ANONYMOUS_CALLER} as anonymous callers under the key it gave (the calendar feeds).
 */
final class QuotaFilter implements Filter {
    private final QuotaBuckets buckets;
    private final QuotaStats stats;
    private final ObjectMapper json;

    QuotaFilter(QuotaBuckets buckets, QuotaStats stats, ObjectMapper json) {
        this.buckets = buckets;
        this.stats = stats;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if ("/health".equals(request.getPathInfo())) {
            chain.doFilter(request, response);
            return;
        }
        Decision decision = consume(Caller.of(request.getUserPrincipal()), request);
        stats.record(decision);
        response.setHeader("RateLimit-Policy", decision.policyHeader());
        response.setHeader("RateLimit", decision.rateLimitHeader());
        if (decision.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        ApiException throttled = ApiException.throttled(decision.retryAfterSeconds());
        ProblemResponses.write(request, response, json, throttled.draft(), throttled.headers());
    }

    private Decision consume(Caller caller, HttpServletRequest request) {
        if (request.getAttribute(QuotaModule.ANONYMOUS_CALLER) instanceof String anonymousCaller) {
            return buckets.consume(Policy.ANON, anonymousCaller);
        }
        if (caller.isAnonymous()) {
            return buckets.consume(Policy.ANON, ClientKeys.of(request.getRemoteAddr()));
        }
        return buckets.consume(caller.isStaff() ? Policy.STAFF : Policy.USER, String.valueOf(caller.userId()));
    }
}
