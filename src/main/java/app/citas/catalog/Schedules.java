package app.citas.catalog;

import app.citas.platform.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A resource's time off and date overrides: the exceptions to its weekly hours. Neither is part of a resource's
 * (cached) representation; availability's cached schedules hold them, so every write that changes one reports it
 * ({@link CatalogChanges#scheduleChanged}), which invalidates those entries once it commits. Bookings read them from
 * the database. Writes are for staff: endpoints check the role.
 */
final class Schedules {
    /** The longest time off one entry may cover; a resource away for longer is deactivated instead. */
    static final Duration LONGEST_TIME_OFF = Duration.ofDays(366);
    /** The widest span a list of time off or of date overrides may ask for. */
    static final int LONGEST_LIST_DAYS = 366;

    private final ScheduleDao dao;
    private final CatalogChanges changes;

    Schedules(ScheduleDao dao, CatalogChanges changes) {
        this.dao = dao;
        this.changes = changes;
    }

    TimeOffList timeOff(long resourceId, Instant from, Instant to) {
        if (from == null) {
            throw ApiException.invalidField("from", CatalogMessages.of("param.required"));
        }
        if (to == null) {
            throw ApiException.invalidField("to", CatalogMessages.of("param.required"));
        }
        if (!to.isAfter(from)) {
            throw ApiException.invalidField("to", CatalogMessages.of("range.instant-order"));
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(LONGEST_LIST_DAYS)) > 0) {
            throw ApiException.invalidField("to", CatalogMessages.of("range.too-long", LONGEST_LIST_DAYS));
        }
        requireResource(resourceId);
        return new TimeOffList(resourceId, from, to, dao.timeOff(resourceId, from, to));
    }

    /**
     * Records the time off and lists the resource's confirmed appointments inside it, which stay booked for staff to
     * move or cancel. The list is read after the insert, whose trigger locked the resource: a booking racing this
     * request has either committed before (and is listed) or waits and is then refused by the database.
     */
    TimeOffView addTimeOff(long resourceId, TimeOffInput input) {
        if (!input.endsAt().isAfter(input.startsAt())) {
            throw ApiException.invalidField("endsAt", CatalogMessages.of("time-off.order"));
        }
        if (Duration.between(input.startsAt(), input.endsAt()).compareTo(LONGEST_TIME_OFF) > 0) {
            throw ApiException.invalidField("endsAt", CatalogMessages.of("time-off.too-long", LONGEST_TIME_OFF.toDays()));
        }
        requireResource(resourceId);
        String reason = input.reason() == null || input.reason().isBlank() ? null : input.reason().strip();
        TimeOffView added = dao.insertTimeOff(resourceId, input.startsAt(), input.endsAt(), reason);
        changes.scheduleChanged(resourceId);
        return new TimeOffView(added.id(), resourceId, added.startsAt(), added.endsAt(), added.reason(),
                dao.confirmedAppointments(resourceId, added.startsAt(), added.endsAt()));
    }

    void deleteTimeOff(long resourceId, long timeOffId) {
        if (!dao.deleteTimeOff(resourceId, timeOffId)) {
            requireResource(resourceId);
            throw ApiException.notFound(CatalogMessages.of("time-off.not-found", timeOffId, resourceId));
        }
        changes.scheduleChanged(resourceId);
    }

    DateOverrideList dateOverrides(long resourceId, LocalDate from, LocalDate to) {
        requireDateRange(from, to, LONGEST_LIST_DAYS);
        requireResource(resourceId);
        return new DateOverrideList(resourceId, from, to, dao.dateOverrides(resourceId, from, to));
    }

    /** Replaces the weekly hours of that local date with these periods (none: closed that day). */
    DateOverrideView putDateOverride(long resourceId, LocalDate date, DateOverrideInput input) {
        List<DayPeriod> periods = new ArrayList<>(input.periods());
        for (int i = 0; i < periods.size(); i++) {
            if (!periods.get(i).isOrdered()) {
                throw ApiException.invalidField("periods[" + i + "]", CatalogMessages.of("working-hours.order"));
            }
            for (int j = 0; j < i; j++) {
                if (periods.get(i).overlaps(periods.get(j))) {
                    throw ApiException.invalidField("periods[" + i + "]", CatalogMessages.of("periods.overlap", j));
                }
            }
        }
        periods.sort(java.util.Comparator.comparing(DayPeriod::start));
        requireResource(resourceId);
        dao.putDateOverride(resourceId, date, periods);
        changes.scheduleChanged(resourceId);
        return new DateOverrideView(resourceId, date, List.copyOf(periods));
    }

    void deleteDateOverride(long resourceId, LocalDate date) {
        if (!dao.deleteDateOverride(resourceId, date)) {
            requireResource(resourceId);
            throw ApiException.notFound(CatalogMessages.of("date-override.not-found", date, resourceId));
        }
        changes.scheduleChanged(resourceId);
    }

    private void requireResource(long resourceId) {
        if (!dao.resourceExists(resourceId)) {
            throw ApiException.notFound(CatalogMessages.of("resource.not-found", resourceId));
        }
    }

    /** A range of dates from and to (both inclusive): to not before from, at most so many days. 400 otherwise. */
    static void requireDateRange(LocalDate from, LocalDate to, int mostDays) {
        if (to.isBefore(from)) {
            throw ApiException.invalidField("to", CatalogMessages.of("range.date-order"));
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > mostDays) {
            throw ApiException.invalidField("to", CatalogMessages.of("range.too-long", mostDays));
        }
    }
}
