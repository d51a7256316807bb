package app.citas.account;

import app.citas.platform.ApiException;
import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Enforces {@link RolesAllowed} on resource methods before the body is read or validated: anonymous callers get
 * 401 with a Bearer challenge, signed-in callers without the role get 403.
 */
final class RoleCheckFeature implements DynamicFeature {
    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        RolesAllowed allowed = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        if (allowed != null) {
            context.register(new RoleCheck(Arrays.stream(allowed.value()).map(Role::valueOf).collect(Collectors.toSet())));
        }
    }

    @Priority(Priorities.AUTHORIZATION)
    private static final class RoleCheck implements ContainerRequestFilter {
        private final Set<Role> roles;

        RoleCheck(Set<Role> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            Caller caller = Caller.of(request.getSecurityContext()).requireUser();
            if (!roles.contains(caller.role())) {
                throw ApiException.forbidden(roles.equals(Set.of(Role.STAFF))
                        ? AccountMessages.of("staff-only") : AccountMessages.of("role.forbidden"));
            }
        }
    }
}
