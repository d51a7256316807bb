package app.citas.account;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * The one place a request is authenticated: before quotas and before matching, inside the request's unit of work
 * (so the token lookup is part of the request's one transaction). {@code Authorization: Bearer <token>} becomes the
 * request's {@link SecurityContext}, whose principal is the {@link Caller}; no header means anonymous. A header that
 * is not a live token leaves the caller anonymous for the quota (spent per client address) and is refused with 401
 * by {@link InvalidTokenFilter} once the request is matched: never a silent downgrade to anonymous.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class AuthenticationFilter implements ContainerRequestFilter {
    private final AccountService accounts;

    AuthenticationFilter(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Authentication authentication = accounts.authenticateHeader(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new CallerContext(authentication, secure));
    }

    /** The caller of a request, as Jersey hands it to filters and endpoints ({@link Caller#of(SecurityContext)}). */
    record CallerContext(Authentication authentication, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            Caller caller = authentication.caller();
            return caller.isAnonymous() ? null : caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            Caller caller = authentication.caller();
            return caller.role() != null && caller.role().name().equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return authentication.caller().isAnonymous() ? null : "Bearer";
        }
    }
}
