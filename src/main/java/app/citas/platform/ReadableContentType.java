package app.citas.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Jersey's method selection reads a quality parameter from Content-Type as it would from Accept, and one it cannot
 * parse ("q=x") escapes every exception mapper as a 500. A Content-Type has no quality, so any "q" is refused here,
 * before matching, as the client's 400; so is a Content-Type that does not parse at all.
 */
@PreMatching
final class ReadableContentType implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        boolean readable;
        try {
            var type = request.getMediaType();
            readable = type == null || !type.getParameters().containsKey("q");
        } catch (RuntimeException unparseable) {
            readable = false;
        }
        if (!readable) {
            throw ApiException.badRequest(Problems.text("content-type.unreadable"));
        }
    }
}
