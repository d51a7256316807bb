package app.citas.account;

import app.citas.account.AccountViews.UserView;
import app.citas.platform.JerseyApplication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

@Path("me")
@RolesAllowed({"USER", "STAFF"})
@SecurityRequirement(name = JerseyApplication.BEARER)
@Produces(MediaType.APPLICATION_JSON)
public final class MeEndpoint {
    private final AccountService accounts;

    MeEndpoint(AccountService accounts) {
        this.accounts = accounts;
    }

    @GET
    @Operation(summary = "The signed-in user", responses = {
            @ApiResponse(responseCode = "200", description = "The user",
                    content = @Content(schema = @Schema(implementation = UserView.class))),
            @ApiResponse(responseCode = "401", description = "Not signed in")})
    public UserView me(@Context SecurityContext security) {
        return accounts.me(Caller.of(security));
    }
}
