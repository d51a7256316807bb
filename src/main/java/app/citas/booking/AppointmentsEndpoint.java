package app.citas.booking;

import app.citas.account.Caller;
import app.citas.booking.BookingDao.AppointmentQuery;
import app.citas.booking.BookingViews.AppointmentPatch;
import app.citas.booking.BookingViews.AppointmentView;
import app.citas.booking.BookingViews.BookingRequest;
import app.citas.booking.BookingViews.CancelRequest;
import app.citas.platform.ApiException;
import app.citas.platform.Page;
import app.citas.platform.PageRequest;
import app.citas.platform.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

@Path("appointments")
@RolesAllowed({"USER", "STAFF"})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AppointmentsEndpoint {
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private final BookingService booking;
    private final IdempotentBookings idempotent;

    AppointmentsEndpoint(BookingService booking, IdempotentBookings idempotent) {
        this.booking = booking;
        this.idempotent = idempotent;
    }

    @GET
    @Operation(summary = "List appointments: a user's own, or all for staff", responses = {
            @ApiResponse(responseCode = "200", description = "A page of appointments sorted by startsAt"),
            @ApiResponse(responseCode = "400", description = "Invalid filter, page or size"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "customerId filter used by a non-staff caller")})
    public Page<AppointmentView> list(@QueryParam("from") String from, @QueryParam("to") String to,
                                      @QueryParam("status") String status, @QueryParam("resourceId") String resourceId,
                                      @QueryParam("serviceId") String serviceId,
                                      @QueryParam("customerId") String customerId,
                                      @QueryParam("page") String page, @QueryParam("size") String size,
                                      @Context SecurityContext security) {
        Caller caller = Caller.of(security).requireUser();
        return booking.list(caller, new AppointmentQuery(QueryParams.instant("from", from),
                QueryParams.instant("to", to), QueryParams.enumValue("status", status, AppointmentStatus.class),
                QueryParams.id("resourceId", resourceId), QueryParams.id("serviceId", serviceId),
                QueryParams.id("customerId", customerId), PageRequest.parse(page, size)));
    }

    @POST
    @Operation(summary = "Book an appointment", parameters = @Parameter(name = IDEMPOTENCY_KEY, in = ParameterIn.HEADER,
            description = "Retrying with the same key returns the first response instead of booking twice"),
            responses = {
                    @ApiResponse(responseCode = "201", description = "Booked, status CONFIRMED"),
                    @ApiResponse(responseCode = "400", description = "Invalid fields"),
                    @ApiResponse(responseCode = "401", description = "Not signed in"),
                    @ApiResponse(responseCode = "403", description = "customerId set by a non-staff caller"),
                    @ApiResponse(responseCode = "409", description = "Slot taken, the customer is busy then, or the "
                            + "customer already holds the most upcoming appointments allowed (type too-many-upcoming)"),
                    @ApiResponse(responseCode = "413", description = "Body larger than CITAS_MAX_BODY_BYTES"),
                    @ApiResponse(responseCode = "422", description = "Outside working hours, in the past, inactive, "
                            + "or the resource does not offer the service")})
    public Response book(@NotNull @Valid BookingRequest request, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                         @Context SecurityContext security, @Context UriInfo uri) {
        Caller caller = Caller.of(security).requireUser();
        return idempotent.answer(caller, checkedKey(idempotencyKey), request, () -> booking.book(caller, request),
                id -> uri.getAbsolutePathBuilder().path(String.valueOf(id)).build().toString());
    }

    private static String checkedKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ApiException.invalidField(IDEMPOTENCY_KEY, "must be 1-255 visible ASCII characters");
        }
        return key;
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One appointment (its customer or staff)", responses = {
            @ApiResponse(responseCode = "200", description = "The appointment"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "404", description = "No such appointment visible to the caller")})
    public AppointmentView get(@PathParam("id") long id, @Context SecurityContext security) {
        return booking.get(Caller.of(security), id);
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel an appointment", responses = {
            @ApiResponse(responseCode = "200", description = "Cancelled"),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "404", description = "No such appointment visible to the caller"),
            @ApiResponse(responseCode = "409", description = "Already cancelled"),
            @ApiResponse(responseCode = "422", description = "Already started")})
    public AppointmentView cancel(@PathParam("id") long id, @Valid CancelRequest request,
                                  @Context SecurityContext security) {
        return booking.cancel(Caller.of(security), id, request == null ? null : request.reason());
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Reschedule or annotate an appointment; staff may also set the status", responses = {
            @ApiResponse(responseCode = "200", description = "Updated"),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "status set by a non-staff caller"),
            @ApiResponse(responseCode = "404", description = "No such appointment visible to the caller"),
            @ApiResponse(responseCode = "409", description = "Slot taken or appointment cancelled"),
            @ApiResponse(responseCode = "422", description = "Outside working hours or in the past")})
    public AppointmentView patch(@PathParam("id") long id, @NotNull @Valid AppointmentPatch patch,
                                 @Context SecurityContext security) {
        return booking.patch(Caller.of(security), id, patch);
    }
}
