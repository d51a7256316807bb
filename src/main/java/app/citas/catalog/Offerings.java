package app.citas.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the catalog tells other features about its services and resources, as immutable values: booking asks here
 * and never reads the catalog's tables or entities. For pages of rows SQL can join, the catalog also publishes the
 * views {@code service_summaries} (id, name, duration_minutes, price, currency) and {@code resource_summaries} (id,
 * name, kind). Every method runs in the caller's current session (the request's unit of work), so answers are as
 * fresh as the caller's transaction.
 */
public interface Offerings {
    /** A service with what booking needs to book it, its booking rules included. */
    record BookableService(long id, String name, int durationMinutes, BigDecimal price, String currency,
                           boolean active, ServiceRules rules) {
        public Duration duration() {
            return Duration.ofMinutes(durationMinutes);
        }
    }

    /** A resource with what booking needs to place an appointment: its zone and weekly working hours. */
    record BookableResource(long id, String name, ResourceKind kind, ZoneId zone, List<WorkingPeriod> workingHours,
                            boolean active) {
        public BookableResource {
            workingHours = List.copyOf(workingHours);
        }
    }

    /** A service and every resource that offers it (active or not). */
    record ServiceWithResources(BookableService service, List<BookableResource> resources) {
        public ServiceWithResources {
            resources = List.copyOf(resources);
        }
    }

    /** A resource's time off, from startsAt (inclusive) to endsAt (exclusive). */
    record TimeOff(Instant startsAt, Instant endsAt) {
    }

    /**
     * A resource's exceptions to its weekly hours over a span: its time off overlapping the span, and the local
     * dates whose hours are replaced (an empty list: closed that day).
     */
    record ScheduleExceptions(List<TimeOff> timeOff, Map<LocalDate, List<DayPeriod>> dateOverrides) {
        public static final ScheduleExceptions NONE = new ScheduleExceptions(List.of(), Map.of());

        public ScheduleExceptions {
            timeOff = List.copyOf(timeOff);
            dateOverrides = Map.copyOf(dateOverrides);
        }
    }

    /**
     * What availability needs of a service: the service with its resources, and their exceptions from a moment on
     * (see {@link #serviceSchedules}); resources with none are absent from {@code exceptions}.
     */
    record ServiceSchedules(ServiceWithResources offered, Map<Long, ScheduleExceptions> exceptions) {
        public ServiceSchedules {
            exceptions = Map.copyOf(exceptions);
        }
    }

    Optional<BookableService> service(long id);

    Optional<BookableResource> resource(long id);

    /**
     * When the resource offers the service, its exceptions over [from, to) as {@link #scheduleExceptions} reads them
     * ({@link ScheduleExceptions#NONE} when it has none); empty when it does not offer it. One statement: what a
     * booking asks of the resource's schedule.
     */
    Optional<ScheduleExceptions> offeredSchedule(long resourceId, long serviceId, Instant from, Instant to);

    /** The service with the resources offering it, in one statement; empty when there is no such service. */
    Optional<ServiceWithResources> serviceWithResources(long serviceId);

    /** How far ahead {@link #serviceSchedules} holds exceptions: past any service's horizon (730 days). */
    java.time.Duration SCHEDULES_AHEAD = java.time.Duration.ofDays(733);

    /**
     * The service with its resources and their exceptions that end after {@code since}, up to
     * {@link #SCHEDULES_AHEAD} later, in two statements; empty when there is no such service. With a cache it is read
     * through the catalog's cache (so it may also hold exceptions that ended before {@code since}), invalidated by
     * every write to the service, its resources, their links, time off or date overrides once that write commits: for
     * showing availability, not for deciding a booking (which {@link #service}, {@link #resource} and
     * {@link #offeredSchedule} read from the database).
     */
    Optional<ServiceSchedules> serviceSchedules(long serviceId, Instant since);

    /**
     * The exceptions to these resources' weekly hours over [from, to): time off overlapping it and the overrides of
     * every local date it touches in any time zone, in one statement whatever the span. Resources with none are
     * absent.
     */
    Map<Long, ScheduleExceptions> scheduleExceptions(Collection<Long> resourceIds, Instant from, Instant to);
}
