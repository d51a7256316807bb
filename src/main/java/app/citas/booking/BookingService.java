package app.citas.booking;

import app.citas.account.Caller;
import app.citas.account.Customers;
import app.citas.account.Customers.CustomerSummary;
import app.citas.booking.BookingDao.AppointmentQuery;
import app.citas.booking.BookingViews.AppointmentPatch;
import app.citas.booking.BookingViews.AppointmentView;
import app.citas.booking.BookingViews.Availability;
import app.citas.booking.BookingViews.BookingRequest;
import app.citas.booking.SlotFinder.Schedule;
import app.citas.catalog.Offerings;
import app.citas.catalog.Offerings.BookableResource;
import app.citas.catalog.Offerings.BookableService;
import app.citas.catalog.Offerings.ScheduleExceptions;
import app.citas.catalog.Offerings.ServiceSchedules;
import app.citas.catalog.Offerings.ServiceWithResources;
import app.citas.catalog.ServiceRules;
import app.citas.platform.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * Booking rules. The database's exclusion constraints have the last word on overlaps. Services and resources are
 * the catalog's and customers the account feature's: booking asks them through their published interfaces.
 */
final class BookingService {
    private final BookingDao dao;
    private final Offerings catalog;
    private final Customers customers;
    private final AppointmentLists lists;
    private final Clock clock;
    private final int maxUpcomingPerCustomer;

    /** @param countLimit how far the total of an appointment list is counted (see {@link AppointmentLists}) */
    BookingService(BookingDao dao, Offerings catalog, Customers customers, Clock clock, int maxUpcomingPerCustomer,
                   int countLimit) {
        this.dao = dao;
        this.catalog = catalog;
        this.customers = customers;
        this.lists = new AppointmentLists(dao, countLimit);
        this.clock = clock;
        this.maxUpcomingPerCustomer = maxUpcomingPerCustomer;
    }

    Availability availability(long serviceId, LocalDate date, Long resourceId) {
        return Availability.on(serviceId, date, freeSlots(serviceId, date, date, resourceId));
    }

    /** Free slots of the dates from to to (inclusive): the same statements as one date's, whatever the span. */
    Availability availability(long serviceId, LocalDate from, LocalDate to, Long resourceId) {
        return Availability.between(serviceId, from, to, freeSlots(serviceId, from, to, resourceId));
    }

    /**
     * One statement whatever the span, the resources' appointments over it, once the catalog has cached the service
     * with its resources and their exceptions (time off, date overrides); two more when it reads them.
     */
    private List<BookingViews.Slot> freeSlots(long serviceId, LocalDate first, LocalDate last, Long resourceId) {
        Instant now = clock.instant();
        // Exceptions that ended a day ago or earlier cannot touch a slot, which starts after now.
        ServiceSchedules schedules = catalog.serviceSchedules(serviceId, now.minus(Duration.ofDays(1)))
                .orElseThrow(() -> ApiException.notFound(BookingMessages.of("service.not-found", serviceId)));
        ServiceWithResources offered = schedules.offered();
        List<BookableResource> resources = offered.service().active() ? offered.resources().stream()
                .filter(BookableResource::active)
                .filter(r -> resourceId == null || r.id() == resourceId)
                .toList() : List.of();
        SlotFinder.Rules rules = SlotFinder.Rules.of(offered.service().rules());
        if (resources.isEmpty()) {
            return List.of();
        }
        Instant from = resources.stream().map(r -> first.atStartOfDay(r.zone()).toInstant())
                .min(Comparator.naturalOrder()).orElseThrow();
        Instant to = resources.stream().map(r -> last.plusDays(1).atStartOfDay(r.zone()).toInstant())
                .max(Comparator.naturalOrder()).orElseThrow();
        if (!to.isAfter(now) || rules.tooLate(from, now)) {
            return List.of(); // all past, or all beyond the horizon: no SQL
        }
        List<Long> ids = resources.stream().map(BookableResource::id).toList();
        // The slots' blocked ranges reach the service's buffers beyond the span.
        var busy = dao.busy(ids, from.minus(rules.bufferBefore()), to.plus(rules.bufferAfter()));
        List<Schedule> perResource = resources.stream().map(r -> schedule(r, busy.getOrDefault(r.id(), List.of()),
                schedules.exceptions().getOrDefault(r.id(), ScheduleExceptions.NONE))).toList();
        return SlotFinder.freeSlots(first, last, offered.service().duration(), rules, perResource, now);
    }

    private static Schedule schedule(BookableResource resource, List<SlotFinder.Busy> busy,
                                     ScheduleExceptions exceptions) {
        return new Schedule(resource.id(), resource.zone(), resource.workingHours(), busy, exceptions.dateOverrides(),
                exceptions.timeOff().stream().map(t -> new SlotFinder.Busy(t.startsAt(), t.endsAt())).toList());
    }

    /** A page of the caller's appointments (all of them for staff), by offset or after a cursor. */
    AppointmentLists.Listed list(Caller caller, AppointmentQuery query) {
        caller.requireUser();
        if (!caller.isStaff() && query.customerId() != null) {
            throw ApiException.forbidden(BookingMessages.of("customer-filter.staff-only"));
        }
        return lists.page(caller.isStaff() ? query : query.ofCustomer(caller.userId()));
    }

    /** The appointment as shown, in one statement; 404 unless the caller is its customer or staff. */
    AppointmentView get(Caller caller, long id) {
        caller.requireUser();
        return dao.shown(id)
                .filter(a -> caller.isStaff() || caller.userId().equals(a.customer().id()))
                .orElseThrow(() -> ApiException.notFound(BookingMessages.of("appointment.not-found", id)));
    }

    /** Books the appointment and answers it as booked (status CONFIRMED). */
    AppointmentView book(Caller caller, BookingRequest request) {
        caller.requireUser();
        if (request.customerId() != null && !caller.isStaff()) {
            throw ApiException.forbidden(BookingMessages.of("book-for-other.staff-only"));
        }
        long customerId = request.customerId() == null ? caller.userId() : request.customerId();
        CustomerSummary customer = (caller.isStaff() ? customers.customer(customerId) : customers.lockCustomer(customerId))
                .orElseThrow(() -> ApiException.unprocessable("customerId", BookingMessages.of("customer.no-such-id", customerId)));
        if (!caller.isStaff()) {
            requireRoomForAnother(customerId);
        }
        BookableService service = catalog.service(request.serviceId()).orElseThrow(() ->
                ApiException.unprocessable("serviceId", BookingMessages.of("service.no-such-id", request.serviceId())));
        BookableResource resource = catalog.resource(request.resourceId()).orElseThrow(() ->
                ApiException.unprocessable("resourceId", BookingMessages.of("resource.no-such-id", request.resourceId())));
        requireBookable(caller, service, resource, request.startsAt());
        Appointment appointment = new Appointment(service.id(), resource.id(), customer.id(), request.startsAt(),
                service.rules(), service.duration(), blankToNull(request.notes()), clock.instant());
        dao.insert(appointment);
        return AppointmentView.of(appointment, BookingViews.ServiceSummary.of(service),
                BookingViews.ResourceSummary.of(resource), BookingViews.CustomerSummary.of(customer));
    }

    AppointmentView cancel(Caller caller, long id, String reason) {
        Appointment appointment = visible(caller, id);
        if (appointment.getStatus() == AppointmentStatus.CANCELLED) {
            throw ApiException.conflict(BookingMessages.of("appointment.already-cancelled"));
        }
        if (appointment.getStatus() != AppointmentStatus.CONFIRMED) {
            throw ApiException.conflict(BookingMessages.of("appointment.cancel-confirmed-only"));
        }
        if (!appointment.getStartsAt().isAfter(clock.instant())) {
            throw ApiException.unprocessable(BookingMessages.of("appointment.started"));
        }
        requireBeforeCutoff(caller, appointment, "startsAt");
        appointment.cancel(blankToNull(reason));
        dao.flush();
        return shown(appointment);
    }

    AppointmentView patch(Caller caller, long id, AppointmentPatch patch) {
        Appointment appointment = visible(caller, id);
        if (patch.status() != null && !caller.isStaff()) {
            throw ApiException.forbidden(BookingMessages.of("status.staff-only"));
        }
        if (appointment.getStatus() == AppointmentStatus.CANCELLED && patch.status() == null) {
            throw ApiException.conflict(BookingMessages.of("appointment.cancelled-unchangeable"));
        }
        if (patch.startsAt() != null && !patch.startsAt().equals(appointment.getStartsAt())) {
            if (!caller.isStaff() && !appointment.getStartsAt().isAfter(clock.instant())) {
                throw ApiException.unprocessable(BookingMessages.of("appointment.started"));
            }
            requireBeforeCutoff(caller, appointment, "startsAt");
            // The foreign keys keep both in the catalog; it only deactivates them.
            BookableService service = catalog.service(appointment.getServiceId()).orElseThrow();
            BookableResource resource = catalog.resource(appointment.getResourceId()).orElseThrow();
            requireBookable(caller, service, resource, patch.startsAt());
            appointment.reschedule(patch.startsAt(), service.duration(), service.rules());
        }
        if (patch.notes() != null) {
            appointment.setNotes(blankToNull(patch.notes()));
        }
        if (patch.status() != null) {
            appointment.setStatus(patch.status());
        }
        dao.flush();
        return shown(appointment);
    }

    /**
     * The appointment just written as shown, with its service, resource and customer: one statement (the detail's),
     * which reads the flushed row in this transaction.
     */
    private AppointmentView shown(Appointment appointment) {
        return dao.shown(appointment.getId()).orElseThrow(() -> new IllegalStateException(
                "Appointment " + appointment.getId() + " vanished in its own transaction"));
    }

    /** The appointment if the caller may see it: its customer or staff. Anyone else learns nothing: 404. */
    private Appointment visible(Caller caller, long id) {
        caller.requireUser();
        return dao.appointment(id)
                .filter(a -> caller.isStaff() || caller.userId().equals(a.getCustomerId()))
                .orElseThrow(() -> ApiException.notFound(BookingMessages.of("appointment.not-found", id)));
    }

    /**
     * Slot hoarding: a customer holds at most so many upcoming appointments. The customer's row is locked first,
     * so two bookings racing for the last place are counted one after the other. Staff are not capped.
     */
    private void requireRoomForAnother(long customerId) {
        if (dao.upcomingCount(customerId, clock.instant()) >= maxUpcomingPerCustomer) {
            throw ApiException.of(409, "too-many-upcoming", BookingMessages.of("too-many-upcoming.title"),
                    BookingMessages.of("too-many-upcoming.detail", maxUpcomingPerCustomer));
        }
    }

    /**
     * The service's cancellation cutoff: a customer cannot cancel or move an appointment that starts within it (the
     * service's rule as it is now); staff can.
     */
    private void requireBeforeCutoff(Caller caller, Appointment appointment, String field) {
        if (caller.isStaff()) {
            return;
        }
        ServiceRules rules = catalog.service(appointment.getServiceId()).orElseThrow().rules();
        if (rules.cancellationCutoffMinutes() > 0
                && appointment.getStartsAt().isBefore(clock.instant().plus(rules.cancellationCutoff()))) {
            throw ApiException.unprocessable("cancellation-cutoff", field,
                    BookingMessages.of("cancellation-cutoff.title"),
                    BookingMessages.of("cancellation-cutoff.detail", rules.cancellationCutoffMinutes()));
        }
    }

    /**
     * Whether the service can be booked on the resource at that start: both active and linked, in the future, within
     * the service's notice and horizon, inside the resource's working hours and, for customers, on the service's
     * grid of starts (staff may squeeze an appointment in between). Overlaps, buffers included, are the database's.
     */
    private void requireBookable(Caller caller, BookableService service, BookableResource resource, Instant start) {
        if (!service.active()) {
            throw ApiException.unprocessable("serviceId", BookingMessages.of("service.inactive"));
        }
        if (!resource.active()) {
            throw ApiException.unprocessable("resourceId", BookingMessages.of("resource.inactive"));
        }
        Instant end = start.plus(service.duration());
        // Whether the resource offers the service and its time off and date overrides then: one statement.
        ScheduleExceptions exceptions = catalog.offeredSchedule(resource.id(), service.id(), start, end)
                .orElseThrow(() -> ApiException.unprocessable("resourceId",
                        BookingMessages.of("resource.not-offering")));
        Instant now = clock.instant();
        if (!start.isAfter(now)) {
            throw ApiException.unprocessable("startsAt", BookingMessages.of("starts-at.past"));
        }
        ServiceRules rules = service.rules();
        SlotFinder.Rules slots = SlotFinder.Rules.of(rules);
        if (slots.tooSoon(start, now)) {
            throw ApiException.unprocessable("min-notice", "startsAt", BookingMessages.of("min-notice.title"),
                    BookingMessages.of("min-notice.detail", rules.minNoticeMinutes()));
        }
        if (slots.tooLate(start, now)) {
            throw ApiException.unprocessable("max-advance", "startsAt", BookingMessages.of("max-advance.title"),
                    BookingMessages.of("max-advance.detail", rules.maxAdvanceDays()));
        }
        Schedule schedule = schedule(resource, List.of(), exceptions);
        if (!SlotFinder.withinWorkingHours(schedule, start, end)) {
            throw ApiException.unprocessable("startsAt", BookingMessages.of("starts-at.outside-hours"));
        }
        // The database refuses it too (appointments_outside_time_off), also when a time off is added meanwhile.
        if (SlotFinder.duringTimeOff(schedule, start, end)) {
            throw ApiException.unprocessable("startsAt", BookingMessages.of("starts-at.time-off"));
        }
        if (!caller.isStaff() && !SlotFinder.onGrid(schedule, start, end, rules.slotInterval())) {
            throw ApiException.unprocessable("slot-interval", "startsAt", BookingMessages.of("slot-interval.title"),
                    BookingMessages.of("slot-interval.detail", rules.slotIntervalMinutes()));
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
