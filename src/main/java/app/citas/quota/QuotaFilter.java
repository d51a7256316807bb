package app.citas.quota;

import app.citas.account.Caller;
import app.citas.account.ClientKeys;
import app.citas.platform.ApiException;
import jakarta.annotation.Priority;
import jakarta.inject.Provider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;

/**
 * Applies the per-role quotas to every API request but /health, right after authentication and before matching.
 * Callers are keyed by user id, anonymous ones (and invalid tokens) by client address. Every answer carries the
 * RateLimit headers of its caller's bucket; a refusal is a 429 problem with Retry-After.
 */
@PreMatching
@Priority(Priorities.AUTHORIZATION)
final class QuotaFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** Where the decision waits for the response filter: a request property, private to this class. */
    private static final String DECISION = QuotaFilter.class.getName() + ".decision";
    private final QuotaBuckets buckets;
    private final QuotaStats stats;
    @Context
    private Provider<HttpServletRequest> servletRequest;

    QuotaFilter(QuotaBuckets buckets, QuotaStats stats) {
        this.buckets = buckets;
        this.stats = stats;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if ("health".equals(request.getUriInfo().getPath())) {
            return;
        }
        Decision decision = consume(Caller.of(request.getSecurityContext()));
        stats.record(decision);
        request.setProperty(DECISION, decision);
        if (!decision.allowed()) {
            throw ApiException.throttled(decision.retryAfterSeconds());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof Decision decision) {
            response.getHeaders().putSingle("RateLimit-Policy", decision.policyHeader());
            response.getHeaders().putSingle("RateLimit", decision.rateLimitHeader());
        }
    }

    private Decision consume(Caller caller) {
        if (caller.isAnonymous()) {
            return buckets.consume(Policy.ANON, ClientKeys.of(clientAddress()));
        }
        return buckets.consume(caller.isStaff() ? Policy.STAFF : Policy.USER, String.valueOf(caller.userId()));
    }

    /** The address Tomcat's RemoteIpValve resolved; loopback when Jersey runs without a servlet container (tests). */
    private String clientAddress() {
        HttpServletRequest request = servletRequest == null ? null : servletRequest.get();
        return request == null ? "127.0.0.1" : request.getRemoteAddr();
    }
}
