package app.citas.booking;

import app.citas.booking.BookingViews.Availability;
import app.citas.platform.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("services/{id}/availability")
@Produces(MediaType.APPLICATION_JSON)
public final class AvailabilityEndpoint {
    private final BookingService booking;

    AvailabilityEndpoint(BookingService booking) {
        this.booking = booking;
    }

    @GET
    @Operation(summary = "Free slots of a service on a date", responses = {
            @ApiResponse(responseCode = "200", description = "Slots sorted by startsAt then resourceId",
                    content = @Content(schema = @Schema(implementation = Availability.class))),
            @ApiResponse(responseCode = "400", description = "Missing or invalid date or resourceId"),
            @ApiResponse(responseCode = "404", description = "No such service")})
    public Availability availability(@PathParam("id") long serviceId, @QueryParam("date") String date,
                                     @QueryParam("resourceId") String resourceId) {
        return booking.availability(serviceId, QueryParams.date("date", date), QueryParams.id("resourceId", resourceId));
    }
}
