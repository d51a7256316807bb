package app.citas.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Answers no cache may keep (appointments, /me, errors) say so: {@code Cache-Control: no-store} unless the
 * endpoint chose a policy itself (the public catalog reads do). An API answer is never a page to frame or run.
 */
final class NoStoreByDefault implements ContainerResponseFilter {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!response.getHeaders().containsKey(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        response.getHeaders().putSingle("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
}
