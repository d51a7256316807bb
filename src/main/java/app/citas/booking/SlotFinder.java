package app.citas.booking;

import app.citas.booking.BookingViews.Slot;
import app.citas.catalog.WorkingPeriod;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Free slots and working-hours checks. Working periods are local times in the resource's zone; they are turned
 * into instants for the given date, so a day with a daylight-saving switch yields the right slots.
 */
final class SlotFinder {
    static final Duration STEP = Duration.ofMinutes(15);

    private SlotFinder() {
    }

    record Busy(Instant start, Instant end) {
        boolean overlaps(Instant otherStart, Instant otherEnd) {
            return start.isBefore(otherEnd) && otherStart.isBefore(end);
        }
    }

    record Schedule(long resourceId, ZoneId zone, List<WorkingPeriod> hours, List<Busy> busy) {
    }

    static List<Slot> freeSlots(LocalDate date, Duration duration, List<Schedule> schedules, Instant now) {
        List<Slot> slots = new ArrayList<>();
        for (Schedule schedule : schedules) {
            for (WorkingPeriod period : periodsOn(date, schedule.hours())) {
                Instant periodStart = at(date, period.start(), schedule.zone());
                Instant periodEnd = at(date, period.end(), schedule.zone());
                for (Instant start = periodStart; !start.plus(duration).isAfter(periodEnd); start = start.plus(STEP)) {
                    Instant end = start.plus(duration);
                    if (start.isAfter(now) && isFree(schedule.busy(), start, end)) {
                        slots.add(new Slot(schedule.resourceId(), start, end));
                    }
                }
            }
        }
        slots.sort(Comparator.comparing(Slot::startsAt).thenComparingLong(Slot::resourceId));
        return slots;
    }

    /** True when [start, end) lies inside one working period of the day it starts on, in the zone. */
    static boolean withinWorkingHours(List<WorkingPeriod> hours, ZoneId zone, Instant start, Instant end) {
        LocalDate date = start.atZone(zone).toLocalDate();
        return periodsOn(date, hours).stream().anyMatch(p ->
                !start.isBefore(at(date, p.start(), zone)) && !end.isAfter(at(date, p.end(), zone)));
    }

    private static List<WorkingPeriod> periodsOn(LocalDate date, List<WorkingPeriod> hours) {
        int weekday = date.getDayOfWeek().getValue();
        return hours.stream().filter(p -> p.weekday() == weekday).toList();
    }

    private static Instant at(LocalDate date, java.time.LocalTime time, ZoneId zone) {
        return ZonedDateTime.of(date, time, zone).toInstant();
    }

    private static boolean isFree(List<Busy> busy, Instant start, Instant end) {
        return busy.stream().noneMatch(b -> b.overlaps(start, end));
    }
}
