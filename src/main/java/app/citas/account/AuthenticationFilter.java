package app.citas.account;

import app.citas.platform.ApiException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Resolves {@code Authorization: Bearer <token>} to a {@link Caller}. No header means anonymous; a header that
 * is not a live token is a 401, never a silent downgrade to anonymous.
 */
@Priority(Priorities.AUTHENTICATION)
final class AuthenticationFilter implements ContainerRequestFilter {
    private final AccountService accounts;

    AuthenticationFilter(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        // The quota filter in front of Jersey has usually resolved the header already: never look it up twice.
        Authentication authentication = request.getProperty(Authentication.ATTRIBUTE) instanceof Authentication known
                ? known : accounts.authenticateHeader(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (authentication.invalidToken()) {
            throw ApiException.invalidToken();
        }
        if (!authentication.caller().isAnonymous()) {
            boolean secure = request.getSecurityContext().isSecure();
            request.setSecurityContext(new CallerContext(authentication.caller(), secure));
        }
    }

    private record CallerContext(Caller caller, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.role() != null && caller.role().name().equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
