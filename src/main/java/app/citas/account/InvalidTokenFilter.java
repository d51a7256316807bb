package app.citas.account;

import app.citas.account.AuthenticationFilter.AuthenticatedRequest;
import app.citas.platform.ApiException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * Refuses a request whose Authorization header is not a live bearer token with 401, once Jersey has matched it: the
 * quota filter in front has already charged the request to its client address.
 */
@Priority(Priorities.AUTHENTICATION)
final class InvalidTokenFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        if (AuthenticatedRequest.of(request).invalidToken()) {
            throw ApiException.invalidToken();
        }
    }
}
