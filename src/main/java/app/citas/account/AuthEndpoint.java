package app.citas.account;

import app.citas.account.AccountViews.Credentials;
import app.citas.account.AccountViews.Registration;
import app.citas.account.AccountViews.TokenView;
import app.citas.account.AccountViews.UserView;
import app.citas.platform.JerseyApplication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AuthEndpoint {
    private final AccountService accounts;

    AuthEndpoint(AccountService accounts) {
        this.accounts = accounts;
    }

    @POST
    @Path("register")
    @Operation(summary = "Register a customer account", responses = {
            @ApiResponse(responseCode = "201", description = "Created",
                    content = @Content(schema = @Schema(implementation = UserView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "409", description = "Username or email taken")})
    public Response register(@NotNull @Valid Registration registration, @Context UriInfo uri) {
        UserView user = accounts.register(registration, Role.USER);
        return Response.created(uri.getBaseUriBuilder().path("me").build()).entity(user).build();
    }

    @POST
    @Path("token")
    @Operation(summary = "Exchange credentials for a bearer token", responses = {
            @ApiResponse(responseCode = "200", description = "A token",
                    content = @Content(schema = @Schema(implementation = TokenView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "401", description = "Wrong username or password"),
            @ApiResponse(responseCode = "429", description = "Too many failed attempts for this username or address")})
    public Response token(@NotNull @Valid Credentials credentials, @Context HttpServletRequest request) {
        TokenView token = accounts.signIn(credentials, ClientKeys.of(request.getRemoteAddr()));
        return Response.ok(token).header("Cache-Control", "no-store").build();
    }

    @DELETE
    @RolesAllowed({"USER", "STAFF"})
    @SecurityRequirement(name = JerseyApplication.BEARER)
    @Path("token")
    @Operation(summary = "Revoke the token of this request", responses = {
            @ApiResponse(responseCode = "204", description = "Revoked"),
            @ApiResponse(responseCode = "401", description = "Not signed in")})
    public Response revoke(@Context SecurityContext security) {
        accounts.signOut(Caller.of(security));
        return Response.noContent().build();
    }
}
