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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** A resource's time off (holidays, sick leave), for staff. */
@Path("resources/{id}/time-off")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TimeOffEndpoint {
    private final Schedules schedules;

    TimeOffEndpoint(Schedules schedules) {
        this.schedules = schedules;
    }

    @RolesAllowed("STAFF")
    @SecurityRequirement(name = JerseyApplication.BEARER)
    @GET
    @Operation(summary = "A resource's time off overlapping a span (staff)", responses = {
            @ApiResponse(responseCode = "200", description = "Time off sorted by startsAt then id",
                    content = @Content(schema = @Schema(implementation = TimeOffList.class))),
            @ApiResponse(responseCode = "400", description = "Missing or invalid from or to, to not after from, "
                    + "or more than 366 days"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "404", description = "No such resource")})
    public TimeOffList list(@PathParam("id") long resourceId,
                            @Parameter(description = "Start of the span (ISO-8601 instant)", required = true)
                            @QueryParam("from") String from,
                            @Parameter(description = "End of the span, exclusive (ISO-8601 instant)", required = true)
                            @QueryParam("to") String to) {
        return schedules.timeOff(resourceId, QueryParams.instant("from", from), QueryParams.instant("to", to));
    }

    @RolesAllowed("STAFF")
    @SecurityRequirement(name = JerseyApplication.BEARER)
    @POST
    @Operation(summary = "Add time off to a resource (staff); its confirmed appointments inside are listed, not cancelled",
            responses = {
                    @ApiResponse(responseCode = "201", description = "Created, with affectedAppointments",
                            content = @Content(schema = @Schema(implementation = TimeOffView.class))),
                    @ApiResponse(responseCode = "400", description = "Invalid fields, endsAt not after startsAt, "
                            + "or longer than 366 days"),
                    @ApiResponse(responseCode = "401", description = "Not signed in"),
                    @ApiResponse(responseCode = "403", description = "Not staff"),
                    @ApiResponse(responseCode = "404", description = "No such resource")})
    public Response add(@PathParam("id") long resourceId, @NotNull @Valid TimeOffInput input, @Context UriInfo uri) {
        TimeOffView created = schedules.addTimeOff(resourceId, input);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
                .entity(created).build();
    }

    @RolesAllowed("STAFF")
    @SecurityRequirement(name = JerseyApplication.BEARER)
    @DELETE
    @Path("{timeOffId}")
    @Operation(summary = "Remove a time off (staff)", responses = {
            @ApiResponse(responseCode = "204", description = "Removed"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "Not staff"),
            @ApiResponse(responseCode = "404", description = "No such resource, or no such time off of it")})
    public Response delete(@PathParam("id") long resourceId, @PathParam("timeOffId") long timeOffId) {
        schedules.deleteTimeOff(resourceId, timeOffId);
        return Response.noContent().build();
    }
}
