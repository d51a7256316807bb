package app.citas.booking;

import app.citas.booking.BookingViews.Slot;
import app.citas.catalog.DayPeriod;
import app.citas.catalog.ServiceRules;
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
 *
 * <p>A service's rules shape the slots: candidate starts lie on its grid ({@code slotInterval}, counted in real time
 * from the start of each working period), none starts sooner than {@code minNotice} from now nor later than
 * {@code maxAdvance}, and a slot is free when its blocked range (the appointment widened by the service's buffers)
 * overlaps no other appointment's blocked range ({@link Busy} is that range). The appointment itself must lie inside
 * the working hours and outside time off; its buffers may reach outside them (cleaning up after the last client).
 */
final class SlotFinder {
    static final Duration STEP = Duration.ofMinutes(15);

    private SlotFinder() {
    }

    /** Another appointment's blocked range (its start minus its buffer before to its end plus its buffer after), or time off. */
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

    /**
     * What of a service's rules slot finding needs. {@link #NONE} is slot finding before services had rules: no
     * buffers, no notice, no horizon, the 15-minute grid (a service's defaults are the same within a year).
     */
    record Rules(Duration bufferBefore, Duration bufferAfter, Duration minNotice, Duration maxAdvance,
                 Duration interval) {
        static final Rules NONE = new Rules(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofDays(3_650_000),
                STEP);

        static Rules of(ServiceRules rules) {
            return new Rules(rules.bufferBefore(), rules.bufferAfter(), rules.minNotice(), rules.maxAdvance(),
                    rules.slotInterval());
        }

        /** The earliest start allowed: strictly after now, and not sooner than the minimum notice. */
        boolean tooSoon(Instant start, Instant now) {
            return !start.isAfter(now) || start.isBefore(now.plus(minNotice));
        }

        boolean tooLate(Instant start, Instant now) {
            return start.isAfter(now.plus(maxAdvance));
        }
    }

    static List<Slot> freeSlots(LocalDate date, Duration duration, List<Schedule> schedules, Instant now) {
        return freeSlots(date, date, duration, Rules.NONE, schedules, now);
    }

    static List<Slot> freeSlots(LocalDate date, Duration duration, Rules rules, List<Schedule> schedules,
                                Instant now) {
        return freeSlots(date, date, duration, rules, schedules, now);
    }

    static List<Slot> freeSlots(LocalDate first, LocalDate last, Duration duration, List<Schedule> schedules,
                                Instant now) {
        return freeSlots(first, last, duration, Rules.NONE, schedules, now);
    }

    /** Free slots of the dates first to last (inclusive), sorted by start then resource, as one date's are. */
    static List<Slot> freeSlots(LocalDate first, LocalDate last, Duration duration, Rules rules,
                                List<Schedule> schedules, Instant now) {
        List<Slot> slots = new ArrayList<>();
        for (Schedule schedule : schedules) {
            for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
                addFreeSlots(slots, date, duration, rules, schedule, now);
            }
        }
        slots.sort(Comparator.comparing(Slot::startsAt).thenComparingLong(Slot::resourceId));
        return slots;
    }

    private static void addFreeSlots(List<Slot> slots, LocalDate date, Duration duration, Rules rules,
                                     Schedule schedule, Instant now) {
        for (WorkingPeriod period : periodsOn(date, schedule)) {
            Instant periodStart = at(date, period.start(), schedule.zone());
            Instant periodEnd = at(date, period.end(), schedule.zone());
            // Only what overlaps this period (its slots' blocked ranges, for appointments) can block one of its
            // slots: a month's appointments are scanned once per period, not once per slot.
            List<Busy> blocking = overlapping(periodStart.minus(rules.bufferBefore()),
                    periodEnd.plus(rules.bufferAfter()), schedule.busy());
            List<Busy> away = overlapping(periodStart, periodEnd, schedule.timeOff());
            for (Instant start = periodStart; !start.plus(duration).isAfter(periodEnd);
                 start = start.plus(rules.interval())) {
                Instant end = start.plus(duration);
                if (!rules.tooSoon(start, now) && !rules.tooLate(start, now) && isFree(away, start, end)
                        && isFree(blocking, start.minus(rules.bufferBefore()), end.plus(rules.bufferAfter()))) {
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

    /**
     * True when [start, end) lies inside one working period of the day it starts on (that date's override when it has
     * one) and starts on that period's grid of {@code interval} (counted in real time from the period's start, as
     * {@link #freeSlots} counts).
     */
    static boolean onGrid(Schedule schedule, Instant start, Instant end, Duration interval) {
        ZoneId zone = schedule.zone();
        LocalDate date = start.atZone(zone).toLocalDate();
        return periodsOn(date, schedule).stream().anyMatch(p -> {
            Instant periodStart = at(date, p.start(), zone);
            return !start.isBefore(periodStart) && !end.isAfter(at(date, p.end(), zone))
                    && Duration.between(periodStart, start).toNanos() % interval.toNanos() == 0;
        });
    }

    static boolean onGrid(List<WorkingPeriod> hours, ZoneId zone, Instant start, Instant end, Duration interval) {
        return onGrid(new Schedule(0, zone, hours, List.of()), start, end, interval);
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
