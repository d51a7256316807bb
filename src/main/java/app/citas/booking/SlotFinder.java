package app.citas.booking;

import app.citas.booking.BookingViews.Slot;
import app.citas.catalog.DayPeriod;
import app.citas.catalog.WorkingPeriod;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Free slots and working-hours checks. Working periods are local times in the resource's zone; they are turned
 * into instants for the given date, so a day with a daylight-saving switch yields the right slots. A date override
 * replaces the weekly periods of its local date (none: closed); time off blocks slots as appointments do.
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

    /**
     * A resource's schedule: weekly hours, the appointments that keep it busy, and its exceptions: local dates
     * whose hours are replaced ({@code dateOverrides}, an empty list closing the day) and time off.
     */
    record Schedule(long resourceId, ZoneId zone, List<WorkingPeriod> hours, List<Busy> busy,
                    Map<LocalDate, List<DayPeriod>> dateOverrides, List<Busy> timeOff) {
        Schedule(long resourceId, ZoneId zone, List<WorkingPeriod> hours, List<Busy> busy) {
            this(resourceId, zone, hours, busy, Map.of(), List.of());
        }
    }

    static List<Slot> freeSlots(LocalDate date, Duration duration, List<Schedule> schedules, Instant now) {
        return freeSlots(date, date, duration, schedules, now);
    }

    /** Free slots of the dates first to last (inclusive), sorted by start then resource, as one date's are. */
    static List<Slot> freeSlots(LocalDate first, LocalDate last, Duration duration, List<Schedule> schedules,
                                Instant now) {
        List<Slot> slots = new ArrayList<>();
        for (Schedule schedule : schedules) {
            for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
                addFreeSlots(slots, date, duration, schedule, now);
            }
        }
        slots.sort(Comparator.comparing(Slot::startsAt).thenComparingLong(Slot::resourceId));
        return slots;
    }

    private static void addFreeSlots(List<Slot> slots, LocalDate date, Duration duration, Schedule schedule,
                                     Instant now) {
        for (WorkingPeriod period : periodsOn(date, schedule)) {
            Instant periodStart = at(date, period.start(), schedule.zone());
            Instant periodEnd = at(date, period.end(), schedule.zone());
            // Only what overlaps this period can block one of its slots: a month's appointments are scanned once
            // per period, not once per slot.
            List<Busy> blocking = overlapping(periodStart, periodEnd, schedule.busy(), schedule.timeOff());
            for (Instant start = periodStart; !start.plus(duration).isAfter(periodEnd); start = start.plus(STEP)) {
                Instant end = start.plus(duration);
                if (start.isAfter(now) && isFree(blocking, start, end)) {
                    slots.add(new Slot(schedule.resourceId(), start, end));
                }
            }
        }
    }

    /** True when [start, end) lies inside one working period of the day it starts on, in the zone. */
    static boolean withinWorkingHours(List<WorkingPeriod> hours, ZoneId zone, Instant start, Instant end) {
        return withinWorkingHours(new Schedule(0, zone, hours, List.of()), start, end);
    }

    /**
     * True when [start, end) lies inside one working period of the day it starts on in the resource's zone: that
     * date's override when it has one, else its weekly hours.
     */
    static boolean withinWorkingHours(Schedule schedule, Instant start, Instant end) {
        ZoneId zone = schedule.zone();
        LocalDate date = start.atZone(zone).toLocalDate();
        return periodsOn(date, schedule).stream().anyMatch(p ->
                !start.isBefore(at(date, p.start(), zone)) && !end.isAfter(at(date, p.end(), zone)));
    }

    /** True when [start, end) overlaps a time off of the resource. */
    static boolean duringTimeOff(Schedule schedule, Instant start, Instant end) {
        return !isFree(schedule.timeOff(), start, end);
    }

    /** The working periods of a local date: its override's when it has one, else the weekly ones of its weekday. */
    private static List<WorkingPeriod> periodsOn(LocalDate date, Schedule schedule) {
        int weekday = date.getDayOfWeek().getValue();
        List<DayPeriod> special = schedule.dateOverrides().get(date);
        if (special != null) {
            return special.stream().map(p -> new WorkingPeriod(weekday, p.start(), p.end())).toList();
        }
        return schedule.hours().stream().filter(p -> p.weekday() == weekday).toList();
    }

    private static Instant at(LocalDate date, java.time.LocalTime time, ZoneId zone) {
        return ZonedDateTime.of(date, time, zone).toInstant();
    }

    @SafeVarargs
    private static List<Busy> overlapping(Instant start, Instant end, List<Busy>... intervals) {
        List<Busy> overlapping = new ArrayList<>();
        for (List<Busy> list : intervals) {
            for (Busy busy : list) {
                if (busy.overlaps(start, end)) {
                    overlapping.add(busy);
                }
            }
        }
        return overlapping;
    }

    private static boolean isFree(List<Busy> busy, Instant start, Instant end) {
        return busy.stream().noneMatch(b -> b.overlaps(start, end));
    }
}
