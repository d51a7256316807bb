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
    private static final String BEARER = "Bearer ";
    private final AccountService accounts;

    AuthenticationFilter(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiException.invalidToken();
        }
        Caller caller = accounts.authenticate(header.substring(BEARER.length()).trim())
                .orElseThrow(ApiException::invalidToken);
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new CallerContext(caller, secure));
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
