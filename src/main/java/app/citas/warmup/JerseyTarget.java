package app.citas.warmup;

import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.security.Principal;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;

/**
 * Anonymous GETs handed straight to Jersey's {@link ApplicationHandler}: no socket and none of the servlet filters
 * (so no token and no quota), the unit of work begun by Jersey's own listener as when no filter began one.
 */
public final class JerseyTarget implements Warmup.Target {
    private static final SecurityContext ANONYMOUS = new SecurityContext() {
        @Override
        public Principal getUserPrincipal() {
            return null;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String getAuthenticationScheme() {
            return null;
        }
    };

    private final ApplicationHandler handler;
    private final URI base;

    /** @param base the API root as clients see it, ending with a slash (e.g. {@code http://localhost/citas/api/v1/}) */
    public JerseyTarget(ApplicationHandler handler, URI base) {
        this.handler = handler;
        this.base = base;
    }

    @Override
    public Warmup.Reply get(String pathAndQuery) throws Exception {
        ContainerRequest request = new ContainerRequest(base, base.resolve(pathAndQuery), "GET", ANONYMOUS,
                new MapPropertiesDelegate(), handler.getConfiguration());
        request.header("Accept", "application/json");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ContainerResponse response = handler.apply(request, body).get();
        return new Warmup.Reply(response.getStatus(), body.toByteArray());
    }
}
