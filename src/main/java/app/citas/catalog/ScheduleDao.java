package app.citas.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.query.NativeQuery;

/**
 * A resource's time off and date overrides, in SQL (tables time_off and date_overrides). Time off is read by
 * (resource_id, ends_at): what ends after the asked start, so a resource's history is never read.
 *
 * <p>Native selects name their columns ({@code addScalar}): Hibernate then reuses each statement's plan, while one
 * with only a result class ({@code Long.class}) gets a new plan on every call (and a plan-cache entry it never reuses).
 */
final class ScheduleDao {
    /** The longest service (the schema's limit): an appointment overlapping [from, to) starts after from minus this. */
    static final java.time.Duration LONGEST_APPOINTMENT = java.time.Duration.ofMinutes(480);
    private static final TypeReference<List<DayPeriod>> PERIODS = new TypeReference<>() {
    };

    private final SessionFactory sessionFactory;
    private final ObjectMapper json;

    ScheduleDao(SessionFactory sessionFactory, ObjectMapper json) {
        this.sessionFactory = sessionFactory;
        this.json = json;
    }

    private Session session() {
        return sessionFactory.getCurrentSession();
    }

    boolean resourceExists(long resourceId) {
        return session().createNativeQuery("select count(*) from resources where id = :id", Long.class)
                .addScalar("count", Long.class)
                .setParameter("id", resourceId).getSingleResult() > 0;
    }

    // --- time off

    /** Inserts the time off; its trigger locks the resource's row, so bookings racing it wait (or it waits for them). */
    TimeOffView insertTimeOff(long resourceId, Instant startsAt, Instant endsAt, String reason) {
        Object[] row = session().createNativeQuery("insert into time_off (resource_id, starts_at, ends_at, reason) "
                        + "values (:resource, :starts, :ends, :reason) returning id, starts_at, ends_at, reason", Object[].class)
                .setParameter("resource", resourceId).setParameter("starts", startsAt).setParameter("ends", endsAt)
                .setParameter("reason", reason, String.class)
                .addScalar("id", Long.class).addScalar("starts_at", Instant.class).addScalar("ends_at", Instant.class)
                .addScalar("reason", String.class)
                .getSingleResult();
        return new TimeOffView((Long) row[0], resourceId, (Instant) row[1], (Instant) row[2], (String) row[3], null);
    }

    /** The resource's time off overlapping [from, to), by start then id. */
    List<TimeOffView> timeOff(long resourceId, Instant from, Instant to) {
        return timeOffColumns(session().createNativeQuery("select id, starts_at, ends_at, reason from time_off "
                        + "where resource_id = :resource and ends_at > :from and starts_at < :to "
                        + "order by starts_at, id", Object[].class))
                .setParameter("resource", resourceId).setParameter("from", from).setParameter("to", to)
                .getResultList().stream()
                .map(row -> new TimeOffView((Long) row[0], resourceId, (Instant) row[1], (Instant) row[2],
                        (String) row[3], null))
                .toList();
    }

    private static NativeQuery<Object[]> timeOffColumns(NativeQuery<Object[]> query) {
        return query.addScalar("id", Long.class).addScalar("starts_at", Instant.class)
                .addScalar("ends_at", Instant.class).addScalar("reason", String.class);
    }

    boolean deleteTimeOff(long resourceId, long timeOffId) {
        return session().createNativeMutationQuery("delete from time_off where id = :id and resource_id = :resource")
                .setParameter("id", timeOffId).setParameter("resource", resourceId).executeUpdate() > 0;
    }

    /**
     * Ids of the resource's confirmed appointments overlapping [from, to), by start: from the view booking publishes
     * (resource_bookings), bounded below by the longest appointment so the (resource_id, starts_at) index reads
     * only the span.
     */
    List<Long> confirmedAppointments(long resourceId, Instant from, Instant to) {
        return session().createNativeQuery("select id from resource_bookings where resource_id = :resource "
                        + "and starts_at < :to and ends_at > :from and starts_at > :earliest order by starts_at, id",
                        Long.class)
                .addScalar("id", Long.class)
                .setParameter("resource", resourceId).setParameter("from", from).setParameter("to", to)
                .setParameter("earliest", from.minus(LONGEST_APPOINTMENT))
                .getResultList();
    }

    // --- date overrides

    void putDateOverride(long resourceId, LocalDate date, List<DayPeriod> periods) {
        session().createNativeMutationQuery("insert into date_overrides (resource_id, day, periods) "
                        + "values (:resource, :day, cast(:periods as jsonb)) "
                        + "on conflict (resource_id, day) do update set periods = excluded.periods")
                .setParameter("resource", resourceId).setParameter("day", date)
                .setParameter("periods", write(periods)).executeUpdate();
    }

    boolean deleteDateOverride(long resourceId, LocalDate date) {
        return session().createNativeMutationQuery("delete from date_overrides where resource_id = :resource and day = :day")
                .setParameter("resource", resourceId).setParameter("day", date).executeUpdate() > 0;
    }

    /** The resource's overrides of the dates first to last (inclusive), by date. */
    List<DateOverrideView> dateOverrides(long resourceId, LocalDate first, LocalDate last) {
        return session().createNativeQuery("select day, cast(periods as text) as periods from date_overrides "
                        + "where resource_id = :resource and day between :first and :last order by day", Object[].class)
                .addScalar("day", LocalDate.class).addScalar("periods", String.class)
                .setParameter("resource", resourceId).setParameter("first", first).setParameter("last", last)
                .getResultList().stream()
                .map(row -> new DateOverrideView(resourceId, (LocalDate) row[0], read((String) row[1])))
                .toList();
    }

    // --- for booking

    /**
     * One row of {@link #exceptions} or {@link #offeredSchedule}: a time off (starts, ends), a date override (day,
     * periods), or (only in {@link #offeredSchedule}) the link of the resource to the service (nothing else set).
     */
    record ExceptionRow(long resourceId, Instant startsAt, Instant endsAt, LocalDate day, List<DayPeriod> periods) {
        boolean isOffer() {
            return startsAt == null && day == null;
        }
    }

    /**
     * For a booking, in one statement: the resource's link to the service (a row of nulls when it offers it), its
     * time off overlapping [from, to) and its overrides of the dates first to last.
     */
    List<ExceptionRow> offeredSchedule(long resourceId, long serviceId, Instant from, Instant to, LocalDate first,
                                       LocalDate last) {
        return session().createNativeQuery("select cast(null as timestamptz) as starts_at, "
                        + "cast(null as timestamptz) as ends_at, cast(null as date) as day, cast(null as text) as periods "
                        + "from resource_services where resource_id = :resource and service_id = :service "
                        + "union all select starts_at, ends_at, null, null from time_off "
                        + "where resource_id = :resource and ends_at > :from and starts_at < :to "
                        + "union all select null, null, day, cast(periods as text) from date_overrides "
                        + "where resource_id = :resource and day between :first and :last", Object[].class)
                .addScalar("starts_at", Instant.class).addScalar("ends_at", Instant.class)
                .addScalar("day", LocalDate.class).addScalar("periods", String.class)
                .setParameter("resource", resourceId).setParameter("service", serviceId)
                .setParameter("from", from).setParameter("to", to)
                .setParameter("first", first).setParameter("last", last)
                .getResultList().stream()
                .map(row -> new ExceptionRow(resourceId, (Instant) row[0], (Instant) row[1], (LocalDate) row[2],
                        row[3] == null ? null : read((String) row[3])))
                .toList();
    }

    /**
     * The time off of these resources overlapping [from, to) and their overrides of the dates first to last, in one
     * statement whatever the span.
     */
    List<ExceptionRow> exceptions(Collection<Long> resourceIds, Instant from, Instant to, LocalDate first,
                                  LocalDate last) {
        if (resourceIds.isEmpty()) {
            return List.of();
        }
        return session().createNativeQuery("select resource_id, starts_at, ends_at, cast(null as date) as day, "
                        + "cast(null as text) as periods from time_off "
                        + "where resource_id = any(:ids) and ends_at > :from and starts_at < :to "
                        + "union all select resource_id, cast(null as timestamptz), cast(null as timestamptz), day, "
                        + "cast(periods as text) from date_overrides "
                        + "where resource_id = any(:ids) and day between :first and :last", Object[].class)
                .addScalar("resource_id", Long.class).addScalar("starts_at", Instant.class)
                .addScalar("ends_at", Instant.class).addScalar("day", LocalDate.class)
                .addScalar("periods", String.class)
                // One array, not an expanded list: the statement's text, and so Hibernate's parse of it, stays the same.
                .setParameter("ids", resourceIds.toArray(Long[]::new)).setParameter("from", from).setParameter("to", to)
                .setParameter("first", first).setParameter("last", last)
                .getResultList().stream()
                .map(row -> new ExceptionRow((Long) row[0], (Instant) row[1], (Instant) row[2], (LocalDate) row[3],
                        row[4] == null ? null : read((String) row[4])))
                .toList();
    }

    private String write(List<DayPeriod> periods) {
        try {
            return json.writeValueAsString(periods);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write periods " + periods, e);
        }
    }

    private List<DayPeriod> read(String periods) {
        try {
            return List.copyOf(json.readValue(periods, PERIODS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable periods " + periods, e);
        }
    }
}
