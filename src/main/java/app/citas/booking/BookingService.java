package app.citas.booking;

import app.citas.account.Caller;
import app.citas.account.User;
import app.citas.booking.BookingDao.AppointmentQuery;
import app.citas.booking.BookingDao.StoredResponse;
import app.citas.booking.BookingViews.AppointmentPatch;
import app.citas.booking.BookingViews.AppointmentView;
import app.citas.booking.BookingViews.Availability;
import app.citas.booking.BookingViews.BookingRequest;
import app.citas.booking.SlotFinder.Schedule;
import app.citas.catalog.Resource;
import app.citas.catalog.Service;
import app.citas.platform.ApiException;
import app.citas.platform.Page;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/** Booking rules. The database's exclusion constraints have the last word on overlaps. */
final class BookingService {
    private final BookingDao dao;
    private final ObjectMapper json;
    private final Clock clock;
    private final int maxUpcomingPerCustomer;

    BookingService(BookingDao dao, ObjectMapper json, Clock clock, int maxUpcomingPerCustomer) {
        this.dao = dao;
        this.json = json;
        this.clock = clock;
        this.maxUpcomingPerCustomer = maxUpcomingPerCustomer;
    }

    /** The result of a POST: the first answer again when an Idempotency-Key is replayed. */
    record Booked(int status, String body, String location, boolean replayed) {
    }

    Availability availability(long serviceId, LocalDate date, Long resourceId) {
        Service service = dao.serviceWithResources(serviceId)
                .orElseThrow(() -> ApiException.notFound("Service " + serviceId));
        List<Resource> resources = service.isActive() ? service.getResources().stream()
                .filter(Resource::isActive)
                .filter(r -> resourceId == null || r.getId().equals(resourceId))
                .toList() : List.of();
        if (resources.isEmpty()) {
            return new Availability(serviceId, date, List.of());
        }
        Instant from = resources.stream().map(r -> date.atStartOfDay(r.getZone()).toInstant())
                .min(Comparator.naturalOrder()).orElseThrow();
        Instant to = resources.stream().map(r -> date.plusDays(1).atStartOfDay(r.getZone()).toInstant())
                .max(Comparator.naturalOrder()).orElseThrow();
        var busy = dao.busy(resources.stream().map(Resource::getId).toList(), from, to);
        List<Schedule> schedules = resources.stream().map(r -> new Schedule(r.getId(), r.getZone(),
                r.getWorkingHours(), busy.getOrDefault(r.getId(), List.of()))).toList();
        Duration duration = Duration.ofMinutes(service.getDurationMinutes());
        return new Availability(serviceId, date, SlotFinder.freeSlots(date, duration, schedules, clock.instant()));
    }

    Page<AppointmentView> list(Caller caller, AppointmentQuery query) {
        caller.requireUser();
        if (!caller.isStaff() && query.customerId() != null) {
            throw ApiException.forbidden("Only staff may filter by customer.");
        }
        AppointmentQuery scoped = caller.isStaff() ? query : new AppointmentQuery(query.from(), query.to(),
                query.status(), query.resourceId(), query.serviceId(), caller.userId(), query.page());
        BookingDao.PageOf found = dao.appointments(scoped);
        return query.page().of(found.items().stream().map(AppointmentView::of).toList(), found.total());
    }

    AppointmentView get(Caller caller, long id) {
        return AppointmentView.of(visible(caller, id));
    }

    Booked book(Caller caller, BookingRequest request, String idempotencyKey, LongFunction<String> locationOf) {
        caller.requireUser();
        if (idempotencyKey == null) {
            return created(book(caller, request), locationOf);
        }
        byte[] requestHash = sha256(toJson(request));
        if (!dao.claimIdempotencyKey(caller.userId(), idempotencyKey, requestHash)) {
            return replay(caller, idempotencyKey, requestHash);
        }
        Booked booked = created(book(caller, request), locationOf);
        dao.storeResponse(caller.userId(), idempotencyKey, booked.status(), booked.body(), booked.location());
        return booked;
    }

    private Booked created(AppointmentView view, LongFunction<String> locationOf) {
        return new Booked(201, toJson(view), locationOf.apply(view.id()), false);
    }

    private Booked replay(Caller caller, String key, byte[] requestHash) {
        StoredResponse stored = dao.storedResponse(caller.userId(), key)
                .orElseThrow(() -> ApiException.conflict("A request with this Idempotency-Key is in progress."));
        if (!MessageDigest.isEqual(stored.requestHash(), requestHash)) {
            throw ApiException.unprocessable("This Idempotency-Key was already used for a different request.");
        }
        if (stored.status() == null) {
            throw ApiException.conflict("A request with this Idempotency-Key is in progress.");
        }
        return new Booked(stored.status(), stored.body(), stored.location(), true);
    }

    private AppointmentView book(Caller caller, BookingRequest request) {
        if (request.customerId() != null && !caller.isStaff()) {
            throw ApiException.forbidden("Only staff may book for another customer.");
        }
        long customerId = request.customerId() == null ? caller.userId() : request.customerId();
        User customer = (caller.isStaff() ? dao.user(customerId) : dao.userLocked(customerId))
                .orElseThrow(() -> ApiException.unprocessable("customerId", "no customer has id " + customerId));
        if (!caller.isStaff()) {
            requireRoomForAnother(customerId);
        }
        Service service = dao.service(request.serviceId()).orElseThrow(() ->
                ApiException.unprocessable("serviceId", "no service has id " + request.serviceId()));
        Resource resource = dao.resource(request.resourceId()).orElseThrow(() ->
                ApiException.unprocessable("resourceId", "no resource has id " + request.resourceId()));
        requireBookable(service, resource, request.startsAt());
        Appointment appointment = new Appointment(service, resource, customer, request.startsAt(),
                blankToNull(request.notes()), clock.instant());
        dao.insert(appointment);
        return AppointmentView.of(appointment);
    }

    AppointmentView cancel(Caller caller, long id, String reason) {
        Appointment appointment = visible(caller, id);
        if (appointment.getStatus() == AppointmentStatus.CANCELLED) {
            throw ApiException.conflict("The appointment is already cancelled.");
        }
        if (appointment.getStatus() != AppointmentStatus.CONFIRMED) {
            throw ApiException.conflict("Only confirmed appointments can be cancelled.");
        }
        if (!appointment.getStartsAt().isAfter(clock.instant())) {
            throw ApiException.unprocessable("The appointment has already started.");
        }
        appointment.cancel(blankToNull(reason));
        dao.flush();
        return AppointmentView.of(appointment);
    }

    AppointmentView patch(Caller caller, long id, AppointmentPatch patch) {
        Appointment appointment = visible(caller, id);
        if (patch.status() != null && !caller.isStaff()) {
            throw ApiException.forbidden("Only staff may change the status; cancel with POST /appointments/{id}/cancel.");
        }
        if (appointment.getStatus() == AppointmentStatus.CANCELLED && patch.status() == null) {
            throw ApiException.conflict("A cancelled appointment cannot be changed.");
        }
        if (patch.startsAt() != null && !patch.startsAt().equals(appointment.getStartsAt())) {
            if (!caller.isStaff() && !appointment.getStartsAt().isAfter(clock.instant())) {
                throw ApiException.unprocessable("The appointment has already started.");
            }
            requireBookable(appointment.getService(), appointment.getResource(), patch.startsAt());
            appointment.reschedule(patch.startsAt());
        }
        if (patch.notes() != null) {
            appointment.setNotes(blankToNull(patch.notes()));
        }
        if (patch.status() != null) {
            appointment.setStatus(patch.status());
        }
        dao.flush();
        return AppointmentView.of(appointment);
    }

    /** The appointment if the caller may see it: its customer or staff. Anyone else learns nothing: 404. */
    private Appointment visible(Caller caller, long id) {
        caller.requireUser();
        return dao.appointment(id)
                .filter(a -> caller.isStaff() || a.getCustomer().getId().equals(caller.userId()))
                .orElseThrow(() -> ApiException.notFound("Appointment " + id));
    }

    /**
     * Slot hoarding: a customer holds at most so many upcoming appointments. The customer's row is locked first,
     * so two bookings racing for the last place are counted one after the other. Staff are not capped.
     */
    private void requireRoomForAnother(long customerId) {
        if (dao.upcomingCount(customerId, clock.instant()) >= maxUpcomingPerCustomer) {
            throw new ApiException(409, "too-many-upcoming", "Too many upcoming appointments",
                    "A customer may hold at most " + maxUpcomingPerCustomer
                            + " upcoming appointments; cancel one to book another.", null, Map.of());
        }
    }

    private void requireBookable(Service service, Resource resource, Instant start) {
        if (!service.isActive()) {
            throw ApiException.unprocessable("serviceId", "the service is not active");
        }
        if (!resource.isActive()) {
            throw ApiException.unprocessable("resourceId", "the resource is not active");
        }
        if (!dao.offers(resource.getId(), service.getId())) {
            throw ApiException.unprocessable("resourceId", "the resource does not offer this service");
        }
        if (!start.isAfter(clock.instant())) {
            throw ApiException.unprocessable("startsAt", "must be in the future");
        }
        Instant end = start.plus(Duration.ofMinutes(service.getDurationMinutes()));
        if (!SlotFinder.withinWorkingHours(resource.getWorkingHours(), resource.getZone(), start, end)) {
            throw ApiException.unprocessable("startsAt", "the appointment must lie inside one working period of the resource");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
