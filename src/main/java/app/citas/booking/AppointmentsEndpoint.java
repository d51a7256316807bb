package app.citas.booking;

import app.citas.account.Caller;
import app.citas.booking.BookingDao.AppointmentQuery;
import app.citas.booking.BookingViews.AppointmentPage;
import app.citas.booking.BookingViews.AppointmentPatch;
import app.citas.booking.BookingViews.AppointmentView;
import app.citas.booking.BookingViews.BookingRequest;
import app.citas.booking.BookingViews.CancelRequest;
import app.citas.platform.ApiException;
import app.citas.platform.JerseyApplication;
import app.citas.platform.PageRequest;
import app.citas.platform.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Variant;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

@Path("appointments")
@RolesAllowed({"USER", "STAFF"})
@SecurityRequirement(name = JerseyApplication.BEARER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AppointmentsEndpoint {
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private final BookingService booking;
    private final IdempotentBookings idempotent;
    private final CalendarFeeds calendarFeeds;

    AppointmentsEndpoint(BookingService booking, IdempotentBookings idempotent, CalendarFeeds calendarFeeds) {
        this.booking = booking;
        this.idempotent = idempotent;
        this.calendarFeeds = calendarFeeds;
    }

    @GET
    @Operation(summary = "List appointments: a user's own, or all for staff",
            description = "Sorted by startsAt, then id. Two ways to page: page/size (offset pages, with a total that "
                    + "is exact up to CITAS_APPOINTMENTS_COUNT_LIMIT and a lower bound beyond it, see totalExact), "
                    + "or after/size (keyset pages: follow next, which costs the same however deep the list and "
                    + "never skips or repeats an appointment; no total). Every page that has a successor carries its "
                    + "URL in next and in Link: <…>; rel=\"next\" (a keyset link, also from an offset page).",
            responses = {
                    @ApiResponse(responseCode = "200", description = "A page of appointments sorted by startsAt, id",
                            headers = @Header(name = "Link", description = "RFC 8288 link to the next page, "
                                    + "<URL>; rel=\"next\"; absent on the last page",
                                    schema = @Schema(type = "string")),
                            content = @Content(schema = @Schema(implementation = AppointmentPage.class))),
                    @ApiResponse(responseCode = "400", description = "Invalid filter, page, size or after, or page "
                            + "together with after"),
                    @ApiResponse(responseCode = "401", description = "Not signed in"),
                    @ApiResponse(responseCode = "403", description = "customerId filter used by a non-staff caller")})
    public Response list(@Parameter(description = "Only appointments starting at or after this instant (ISO-8601)")
                         @QueryParam("from") String from,
                         @Parameter(description = "Only appointments starting before this instant (ISO-8601)")
                         @QueryParam("to") String to,
                         @Parameter(description = "Only appointments with this status") @QueryParam("status") String status,
                         @Parameter(description = "Only this resource's") @QueryParam("resourceId") String resourceId,
                         @Parameter(description = "Only this service's") @QueryParam("serviceId") String serviceId,
                         @Parameter(description = "Only this customer's (staff only)")
                         @QueryParam("customerId") String customerId,
                         @Parameter(description = "1-based page number (default 1); not together with after")
                         @QueryParam("page") String page,
                         @Parameter(description = "Items per page, 1 to 100 (default 20)") @QueryParam("size") String size,
                         @Parameter(description = "Opaque cursor taken from a next link: the page strictly after that "
                                 + "position, with the same filters and size; not together with page")
                         @QueryParam(AppointmentCursor.PARAMETER) String after,
                         @Context SecurityContext security, @Context UriInfo uri) {
        Caller caller = Caller.of(security).requireUser();
        if (page != null && after != null) {
            throw ApiException.invalidField(AppointmentCursor.PARAMETER,
                    BookingMessages.of("cursor.with-page"));
        }
        AppointmentQuery query = new AppointmentQuery(QueryParams.instant("from", from),
                QueryParams.instant("to", to), QueryParams.enumValue("status", status, AppointmentStatus.class),
                QueryParams.id("resourceId", resourceId), QueryParams.id("serviceId", serviceId),
                QueryParams.id("customerId", customerId), PageRequest.parse(page, size),
                AppointmentCursor.decode(after));
        AppointmentLists.Listed listed = booking.list(caller, query);
        String next = listed.next() == null ? null : nextLink(uri, query, listed.next());
        AppointmentLists.Total total = listed.total();
        AppointmentPage body = new AppointmentPage(listed.items(), listed.keyset() ? null : query.page().page(),
                query.page().size(), total == null ? null : total.value(), total == null ? null : total.exact(), next);
        Response.ResponseBuilder response = Response.ok(body);
        if (next != null) {
            response.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return response.build();
    }

    /**
     * The next page: this list's filters (as the request gave them, not the caller's scope) and size, after the
     * cursor. Every value is the canonical text of a parsed parameter (instants, enum names, numbers, base64url),
     * all in [A-Za-z0-9:._-], so nothing needs escaping and nothing the client sent is echoed unchecked.
     */
    private static String nextLink(UriInfo uri, AppointmentQuery query, AppointmentCursor after) {
        StringJoiner parameters = new StringJoiner("&", "?", "");
        parameter(parameters, "from", query.from());
        parameter(parameters, "to", query.to());
        parameter(parameters, "status", query.status());
        parameter(parameters, "resourceId", query.resourceId());
        parameter(parameters, "serviceId", query.serviceId());
        parameter(parameters, "customerId", query.customerId());
        parameter(parameters, "size", query.page().size());
        parameter(parameters, AppointmentCursor.PARAMETER, after.encode());
        return uri.getAbsolutePath() + parameters.toString();
    }

    private static void parameter(StringJoiner parameters, String name, Object value) {
        if (value != null) {
            parameters.add(name + "=" + value);
        }
    }

    @POST
    @Operation(summary = "Book an appointment", responses = {
            @ApiResponse(responseCode = "201", description = "Booked, status CONFIRMED",
                    content = @Content(schema = @Schema(implementation = AppointmentView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "customerId set by a non-staff caller"),
            @ApiResponse(responseCode = "409", description = "Slot taken (type conflict: the appointment, widened "
                    + "by its service's bufferBeforeMinutes and bufferAfterMinutes, overlaps another's blocked range on "
                    + "the resource), the customer is busy then, or the customer already holds the most upcoming "
                    + "appointments allowed (type too-many-upcoming)"),
            @ApiResponse(responseCode = "413", description = "Body larger than CITAS_MAX_BODY_BYTES"),
            @ApiResponse(responseCode = "422", description = "Outside working hours, in the past, inactive, or the "
                    + "resource does not offer the service (type unprocessable); or a rule of the service: sooner "
                    + "than its minNoticeMinutes (type min-notice), later than its maxAdvanceDays (type max-advance), "
                    + "a customer's start off its slotIntervalMinutes grid (type slot-interval)")})
    public Response book(@NotNull @Valid BookingRequest request,
                         @Parameter(description = "Retrying with the same key returns the first response instead of "
                                 + "booking twice") @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
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
            throw ApiException.invalidField(IDEMPOTENCY_KEY, BookingMessages.of("idempotency.key-invalid"));
        }
        return key;
    }

    @GET
    @Path("{id}")
    // JSON unless the client prefers iCalendar (Accept: text/calendar): qs puts JSON first for */* and no Accept.
    @Produces({MediaType.APPLICATION_JSON, CalendarRendering.MEDIA_TYPE + ";qs=0.5"})
    @Operation(summary = "One appointment (its customer or staff), as JSON or as iCalendar",
            description = "With Accept: text/calendar the appointment is an RFC 5545 calendar of one VEVENT (times "
                    + "in UTC, the same UID as in the calendar feeds), to add it to a calendar app; any other Accept "
                    + "that allows neither JSON nor text/calendar is 406.",
            responses = {
            @ApiResponse(responseCode = "200", description = "The appointment", content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AppointmentView.class)),
                    @Content(mediaType = CalendarRendering.MEDIA_TYPE, schema = @Schema(type = "string"))}),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "404", description = "No such appointment visible to the caller"),
            @ApiResponse(responseCode = "406", description = "Accept allows neither application/json nor text/calendar")})
    public Response get(@PathParam("id") long id, @Context SecurityContext security, @Context Request request,
                        @Context UriInfo uri) {
        Variant chosen = request.selectVariant(VARIANTS);
        if (chosen != null && CalendarRendering.MEDIA_TYPE.equals(chosen.getMediaType().getType() + "/"
                + chosen.getMediaType().getSubtype())) {
            return Response.ok(calendarFeeds.appointment(Caller.of(security), id, uri.getBaseUri().getHost())
                            .getBytes(StandardCharsets.UTF_8), CalendarRendering.CONTENT_TYPE)
                    .header("Content-Disposition", "inline; filename=\"appointment-" + id + ".ics\"")
                    .header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
        }
        return Response.ok(booking.get(Caller.of(security), id), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }

    /** What GET /appointments/{id} can answer, JSON first (the choice when the client accepts both equally). */
    private static final List<Variant> VARIANTS = Variant.mediaTypes(MediaType.APPLICATION_JSON_TYPE,
            MediaType.valueOf(CalendarRendering.MEDIA_TYPE)).build();

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel an appointment", responses = {
            @ApiResponse(responseCode = "200", description = "Cancelled",
                    content = @Content(schema = @Schema(implementation = AppointmentView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "404", description = "No such appointment visible to the caller"),
            @ApiResponse(responseCode = "409", description = "Already cancelled"),
            @ApiResponse(responseCode = "422", description = "Already started (type unprocessable), or a customer "
                    + "within the service's cancellationCutoffMinutes of the start (type cancellation-cutoff; staff "
                    + "can)")})
    public AppointmentView cancel(@PathParam("id") long id, @Valid CancelRequest request,
                                  @Context SecurityContext security) {
        return booking.cancel(Caller.of(security), id, request == null ? null : request.reason());
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Reschedule or annotate an appointment; staff may also set the status", responses = {
            @ApiResponse(responseCode = "200", description = "Updated",
                    content = @Content(schema = @Schema(implementation = AppointmentView.class))),
            @ApiResponse(responseCode = "400", description = "Invalid fields"),
            @ApiResponse(responseCode = "401", description = "Not signed in"),
            @ApiResponse(responseCode = "403", description = "status set by a non-staff caller"),
            @ApiResponse(responseCode = "404", description = "No such appointment visible to the caller"),
            @ApiResponse(responseCode = "409", description = "Slot taken (buffers included) or appointment cancelled"),
            @ApiResponse(responseCode = "422", description = "Outside working hours or in the past (type "
                    + "unprocessable); a customer moving within the service's cancellationCutoffMinutes of the "
                    + "current start (type cancellation-cutoff); the new start breaks a rule of the service (types "
                    + "min-notice, max-advance, slot-interval, as when booking)")})
    public AppointmentView patch(@PathParam("id") long id, @NotNull @Valid AppointmentPatch patch,
                                 @Context SecurityContext security) {
        return booking.patch(Caller.of(security), id, patch);
    }
}
