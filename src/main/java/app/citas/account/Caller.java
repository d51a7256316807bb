package app.citas.account;

import app.citas.platform.ApiException;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** Who is calling: anonymous, or a user with a role. Resolved once per request by the authentication filter. */
public record Caller(Long userId, String username, Role role, byte[] tokenHash) implements Principal {
    public static final Caller ANONYMOUS = new Caller(null, null, null, null);

    public static Caller of(SecurityContext context) {
        return context == null ? ANONYMOUS : of(context.getUserPrincipal());
    }

    /** The caller behind a request's user principal (set by the authentication filter); anonymous when none. */
    public static Caller of(Principal principal) {
        return principal instanceof Caller caller ? caller : ANONYMOUS;
    }

    public boolean isAnonymous() {
        return userId == null;
    }

    public boolean isStaff() {
        return role == Role.STAFF;
    }

    /** The caller, who must be signed in (401 otherwise). */
    public Caller requireUser() {
        if (isAnonymous()) {
            throw ApiException.unauthorized(AccountMessages.of("sign-in.required"));
        }
        return this;
    }

    /** The caller, who must be staff (401 when anonymous, 403 for a user). */
    public Caller requireStaff() {
        requireUser();
        if (!isStaff()) {
            throw ApiException.forbidden(AccountMessages.of("staff-only"));
        }
        return this;
    }

    @Override
    public String getName() {
        return username == null ? "anonymous" : username;
    }

    @Override
    public String toString() {
        return isAnonymous() ? "Caller[anonymous]" : "Caller[" + userId + "," + role + "]";
    }
}
