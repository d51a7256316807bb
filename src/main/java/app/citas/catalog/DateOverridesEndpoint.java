package app.citas.catalog;

import app.citas.platform.JerseyApplication;
import app.citas.platform.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A resource's special hours on particular dates (or closed), replacing its weekly hours there. */
@Path("resources/{id}/date-overrides")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DateOverridesEndpoint {
    private final Schedules schedules;

    DateOverridesEndpoint(Schedules schedules) {
        this.schedules = schedules;
    }

    @GET
    @Operation(summary = "A resource's date overrides between two dates", responses = {
            @ApiResponse(responseCode = "200", description = "Overrides sorted by date",
                    content = @Content(schema = @Schema(implementation = DateOverrideList.class))),
            @ApiResponse(responseCode = "400", description = "Missing or invalid from or to, to before from, "
                    + "or more than 366 days"),
            @ApiResponse(responseCode = "404", description = "No such resource")})
    public DateOverrideList list(@PathParam("id") long resourceId,
                                 @Parameter(description = "First date (YYYY-MM-DD)", required = true)
                                 @QueryParam("from") String from,
                                 @Parameter(description = "Last date, inclusive (YYYY-MM-DD)", required = true)
                                 @QueryParam("to") String to) {
        return schedules.dateOverrides(resourceId, QueryParams.date("from", from), QueryParams.date("to", to));
    }

    @RolesAllowed("STAFF")
    @SecurityRequirement(name = JerseyApplication.BEARER)
    @PUT
    @Path("{date}")
    @Operation(summary = "Set a resource's hours on one local date (staff); an empty periods list closes the day",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The date's override as stored",
                            content = @Content(schema = @Schema(implementation = DateOverrideView.class))),
                    @ApiResponse(responseCode = "400", description = "Invalid date or periods (unordered, overlapping)"),
                    @ApiResponse(responseCode = "401", description = "Not signed in"),
                    @ApiResponse(responseCode = "403", description = "Not staff"),
                    @ApiResponse(responseCode = "404", description = "No such resource")})
    public DateOverrideView put(@PathParam("id") long resourceId,
                                @Parameter(description = "The local date in the resource's time zone (YYYY-MM-DD)")
                                @PathParam("date") String date,
                                @NotNull @Valid DateOverrideInput input) {
        return schedules.putDateOverride(resourceId, QueryParams.date("date", date), input);
    }

    @RolesAllowed("STAFF")
    @SecurityRequirement(name = JerseyApplication.BEARER)
    @DELETE
    @Path("{date}")
    @Operation(summary = "Remove a date override (staff): the weekly hours apply on that date again", responses = {
            @ApiResponse(responseCode = "204", description = "Removed"),
            @ApiResponse(responseCode = "400", description = "Invalid date"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "404", description = "No such resource, or no override on that date")})
    public Response delete(@PathParam("id") long resourceId, @PathParam("date") String date) {
        schedules.deleteDateOverride(resourceId, QueryParams.date("date", date));
        return Response.noContent().build();
    }
}
