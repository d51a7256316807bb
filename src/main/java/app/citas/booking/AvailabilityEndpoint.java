package app.citas.booking;

import app.citas.booking.BookingViews.Availability;
import app.citas.platform.ApiException;
import app.citas.platform.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

@Path("services/{id}/availability")
@Produces(MediaType.APPLICATION_JSON)
public final class AvailabilityEndpoint {
    /** The most dates a range may span, both ends included: a month view. */
    static final int MOST_DAYS = 31;

    private final BookingService booking;

    AvailabilityEndpoint(BookingService booking) {
        this.booking = booking;
    }

    @GET
    @Operation(summary = "Free slots of a service on a date (?date=), or on every date of a range of at most 31 days "
            + "(?from=&to=, inclusive)", responses = {
            @ApiResponse(responseCode = "200", description = "Slots sorted by startsAt then resourceId",
                    content = @Content(schema = @Schema(implementation = Availability.class))),
            @ApiResponse(responseCode = "400", description = "Missing or invalid date, from, to or resourceId; date "
                    + "together with from/to; to before from, or a range of more than 31 days"),
            @ApiResponse(responseCode = "404", description = "No such service")})
    public Availability availability(@PathParam("id") long serviceId,
                                     @Parameter(description = "One date (YYYY-MM-DD); or give from and to")
                                     @QueryParam("date") String date,
                                     @Parameter(description = "First date of a range (YYYY-MM-DD)")
                                     @QueryParam("from") String from,
                                     @Parameter(description = "Last date of a range, inclusive (YYYY-MM-DD), at most "
                                             + "30 days after from")
                                     @QueryParam("to") String to,
                                     @Parameter(description = "Only this resource's slots")
                                     @QueryParam("resourceId") String resourceId) {
        if (from == null && to == null) {
            return booking.availability(serviceId, QueryParams.date("date", date),
                    QueryParams.id("resourceId", resourceId));
        }
        if (date != null) {
            throw ApiException.invalidField("date", BookingMessages.of("availability.date-or-range"));
        }
        LocalDate first = QueryParams.date("from", from);
        LocalDate last = QueryParams.date("to", to);
        if (last.isBefore(first)) {
            throw ApiException.invalidField("to", BookingMessages.of("availability.range-order"));
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > MOST_DAYS) {
            throw ApiException.invalidField("to", BookingMessages.of("availability.range-too-long", MOST_DAYS));
        }
        return booking.availability(serviceId, first, last, QueryParams.id("resourceId", resourceId));
    }
}
