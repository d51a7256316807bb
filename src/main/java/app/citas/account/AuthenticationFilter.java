package app.citas.account;

import app.citas.platform.DatabaseUnavailable;
import app.citas.platform.ProblemResponses;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.IOException;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a request is authenticated: a servlet filter in front of the quota filter and Jersey, inside the
 * request's unit of work (the token lookup is part of the request's one transaction). The {@link Caller} becomes the
 * request's user principal, which is how the quota filter and Jersey's SecurityContext see it; no Authorization
 * header means anonymous. A header that is not a live token leaves the caller anonymous for the quota (spent per
 * client address) and is refused with 401 by {@link InvalidTokenFilter} once Jersey has matched the request.
 */
final class AuthenticationFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);
    private final AccountService accounts;
    private final ObjectMapper json;

    AuthenticationFilter(AccountService accounts, ObjectMapper json) {
        this.accounts = accounts;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        Authentication authentication;
        try {
            authentication = accounts.authenticateHeader(request.getHeader("Authorization"));
        } catch (RuntimeException e) {
            LOG.warn("Could not resolve a bearer token: {}", e.toString());
            HttpServletResponse response = (HttpServletResponse) servletResponse;
            response.setHeader("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
            ProblemResponses.write(request, response, json, DatabaseUnavailable.problem());
            return;
        }
        chain.doFilter(new AuthenticatedRequest(request, authentication), servletResponse);
    }

    /** The request with its caller as the user principal, and what its Authorization header said. */
    static final class AuthenticatedRequest extends HttpServletRequestWrapper {
        private static final String AUTHENTICATION = AuthenticatedRequest.class.getName();
        private final Caller caller;

        AuthenticatedRequest(HttpServletRequest request, Authentication authentication) {
            super(request);
            this.caller = authentication.caller();
            // Jersey sees servlet request attributes as its request properties: the header's verdict travels as one
            // that only the account feature reads.
            request.setAttribute(AUTHENTICATION, authentication);
        }

        /** What the Authorization header of this request said; anonymous where no filter authenticated it. */
        static Authentication of(ContainerRequestContext request) {
            return request.getProperty(AUTHENTICATION) instanceof Authentication known
                    ? known : Authentication.ANONYMOUS;
        }

        @Override
        public Principal getUserPrincipal() {
            return caller.isAnonymous() ? null : caller;
        }

        @Override
        public String getRemoteUser() {
            return caller.isAnonymous() ? null : caller.username();
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.role() != null && caller.role().name().equals(role);
        }

        @Override
        public String getAuthType() {
            return caller.isAnonymous() ? null : "Bearer";
        }
    }
}
