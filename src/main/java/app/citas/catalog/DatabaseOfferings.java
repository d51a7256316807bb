package app.citas.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.ReadOnlyMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * {@link Offerings} read from the catalog's tables in the current session: never cached, a booking needs the truth.
 *
 * <p>Native selects name their columns ({@code addScalar}): Hibernate then reuses each statement's plan, while one
 * with only a result class ({@code Long.class}) gets a new plan on every call (and a plan-cache entry it never reuses).
 */
final class DatabaseOfferings implements Offerings {
    private final SessionFactory sessionFactory;
    private final ScheduleDao schedules;

    DatabaseOfferings(SessionFactory sessionFactory, ScheduleDao schedules) {
        this.sessionFactory = sessionFactory;
        this.schedules = schedules;
    }

    private Session session() {
        return sessionFactory.getCurrentSession();
    }

    @Override
    public Optional<BookableService> service(long id) {
        return Optional.ofNullable(session().find(Service.class, id, ReadOnlyMode.READ_ONLY))
                .map(DatabaseOfferings::bookable);
    }

    @Override
    public Optional<BookableResource> resource(long id) {
        return Optional.ofNullable(session().find(Resource.class, id, ReadOnlyMode.READ_ONLY))
                .map(DatabaseOfferings::bookable);
    }

    @Override
    public Optional<ScheduleExceptions> offeredSchedule(long resourceId, long serviceId, Instant from, Instant to) {
        List<ScheduleDao.ExceptionRow> rows = schedules.offeredSchedule(resourceId, serviceId, from, to,
                firstDate(from), lastDate(to));
        if (rows.stream().noneMatch(ScheduleDao.ExceptionRow::isOffer)) {
            return Optional.empty();
        }
        return Optional.of(exceptions(List.of(resourceId), rows).getOrDefault(resourceId, ScheduleExceptions.NONE));
    }

    @Override
    public Optional<ServiceWithResources> serviceWithResources(long serviceId) {
        return session().createSelectionQuery("select s from Service s left join fetch s.resources where s.id = :id",
                        Service.class).setParameter("id", serviceId).uniqueResultOptional()
                .map(s -> new ServiceWithResources(bookable(s),
                        s.getResources().stream().map(DatabaseOfferings::bookable).toList()));
    }

    @Override
    public Optional<ServiceSchedules> serviceSchedules(long serviceId, Instant since) {
        return serviceWithResources(serviceId).map(offered -> new ServiceSchedules(offered, offered.resources().isEmpty()
                ? Map.of() : scheduleExceptions(offered.resources().stream().map(BookableResource::id).toList(), since,
                since.plus(SCHEDULES_AHEAD))));
    }

    @Override
    public Map<Long, ScheduleExceptions> scheduleExceptions(Collection<Long> resourceIds, Instant from, Instant to) {
        return exceptions(resourceIds, schedules.exceptions(resourceIds, from, to, firstDate(from), lastDate(to)));
    }

    // Local dates lie within a day of the UTC date in every zone (offsets stay within ±18 hours).
    private static LocalDate firstDate(Instant from) {
        return LocalDate.ofInstant(from, ZoneOffset.UTC).minusDays(1);
    }

    private static LocalDate lastDate(Instant to) {
        return LocalDate.ofInstant(to, ZoneOffset.UTC).plusDays(1);
    }

    /** The resources' exceptions in these rows (the link's row, if any, aside); resources with none are absent. */
    private static Map<Long, ScheduleExceptions> exceptions(Collection<Long> resourceIds,
                                                            List<ScheduleDao.ExceptionRow> rows) {
        Map<Long, List<TimeOff>> timeOff = new HashMap<>();
        Map<Long, Map<LocalDate, List<DayPeriod>>> overrides = new HashMap<>();
        for (ScheduleDao.ExceptionRow row : rows) {
            if (row.isOffer()) {
                continue;
            }
            if (row.day() == null) {
                timeOff.computeIfAbsent(row.resourceId(), k -> new ArrayList<>())
                        .add(new TimeOff(row.startsAt(), row.endsAt()));
            } else {
                overrides.computeIfAbsent(row.resourceId(), k -> new HashMap<>()).put(row.day(), row.periods());
            }
        }
        Map<Long, ScheduleExceptions> exceptions = new HashMap<>();
        for (Long id : resourceIds) {
            if (timeOff.containsKey(id) || overrides.containsKey(id)) {
                exceptions.put(id, new ScheduleExceptions(timeOff.getOrDefault(id, List.of()),
                        overrides.getOrDefault(id, Map.of())));
            }
        }
        return exceptions;
    }

    private static BookableService bookable(Service s) {
        return new BookableService(s.getId(), s.getName(), s.getDurationMinutes(), s.getPrice(), s.getCurrency(),
                s.isActive(), s.getRules());
    }

    private static BookableResource bookable(Resource r) {
        return new BookableResource(r.getId(), r.getName(), r.getKind(), r.getZone(), r.getWorkingHours(), r.isActive());
    }
}
