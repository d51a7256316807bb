package app.citas.booking;

import app.citas.booking.BookingViews.Slot;
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

/**
 * Free slots and working-hours checks. Working periods are local times in the resource's zone; they are turned
 * into instants for the given date, so a day with a daylight-saving switch yields the right slots.
 *
 * <p>A service's rules shape the slots: candidate starts lie on its grid ({@code slotInterval}, counted in real time
 * from the start of each working period), none starts sooner than {@code minNotice} from now nor later than
 * {@code maxAdvance}, and a slot is free when its blocked range (the appointment widened by the service's buffers)
 * overlaps no other appointment's blocked range ({@link Busy} is that range). The appointment itself must lie inside
 * the working hours; its buffers may reach outside them (cleaning up after the last client of the day).
 */
final class SlotFinder {
    static final Duration STEP = Duration.ofMinutes(15);

    private SlotFinder() {
    }

    /** The blocked range of another appointment: its start minus its buffer before to its end plus its buffer after. */
    record Busy(Instant start, Instant end) {
        boolean overlaps(Instant otherStart, Instant otherEnd) {
            return start.isBefore(otherEnd) && otherStart.isBefore(end);
        }
    }

    record Schedule(long resourceId, ZoneId zone, List<WorkingPeriod> hours, List<Busy> busy) {
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
        return freeSlots(date, duration, Rules.NONE, schedules, now);
    }

    static List<Slot> freeSlots(LocalDate date, Duration duration, Rules rules, List<Schedule> schedules,
                                Instant now) {
        List<Slot> slots = new ArrayList<>();
        for (Schedule schedule : schedules) {
            for (WorkingPeriod period : periodsOn(date, schedule.hours())) {
                Instant periodStart = at(date, period.start(), schedule.zone());
                Instant periodEnd = at(date, period.end(), schedule.zone());
                for (Instant start = periodStart; !start.plus(duration).isAfter(periodEnd);
                     start = start.plus(rules.interval())) {
                    Instant end = start.plus(duration);
                    if (!rules.tooSoon(start, now) && !rules.tooLate(start, now)
                            && isFree(schedule.busy(), start.minus(rules.bufferBefore()), end.plus(rules.bufferAfter()))) {
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

    /**
     * True when [start, end) lies inside one working period of the day it starts on and starts on that period's grid
     * of {@code interval} (counted in real time from the period's start, as {@link #freeSlots} counts).
     */
    static boolean onGrid(List<WorkingPeriod> hours, ZoneId zone, Instant start, Instant end, Duration interval) {
        LocalDate date = start.atZone(zone).toLocalDate();
        return periodsOn(date, hours).stream().anyMatch(p -> {
            Instant periodStart = at(date, p.start(), zone);
            return !start.isBefore(periodStart) && !end.isAfter(at(date, p.end(), zone))
                    && Duration.between(periodStart, start).toNanos() % interval.toNanos() == 0;
        });
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
